public import Foundation
public import RatsdocCore
public import RatsdocExtract

/// One input's result, typed by its family: a Vorlage record or a session document.
public enum PipelineResult: Sendable {
    case paper(PaperDocument)
    case session(SessionDocument)

    public var status: PaperDocument.Status {
        switch self {
        case .paper(let document): document.status
        case .session(let document): document.status
        }
    }

    public var source: SourceInfo {
        switch self {
        case .paper(let document): document.source
        case .session(let document): document.source
        }
    }

    public var findings: [Finding] {
        switch self {
        case .paper(let document): document.findings
        case .session(let document): document.findings
        }
    }
}

/// The library front door: one input in, its typed record out, for every caller (the CLI's
/// workers and in-process mode, tests, later the store and the server).
///
/// The input's media type is told from its bytes once (``MediaTypeSniffer``): a PDF or a text is
/// extracted, laid out, classified and parsed into a ``PaperDocument``; an XML export or an OParl
/// JSON file is imported into a ``SessionDocument``. Never throws: a file that cannot be read gives
/// a failure record of its family with one error finding. This runs in the calling process; for
/// untrusted input, run it in a worker (``WorkerPool``, ``WorkerMode``).
public struct Pipeline: Sendable {
    public let converter: VorlageConverter
    /// Nil when the XML mappings could not be loaded; session inputs then get a failure record.
    public let importer: SessionImporter?
    private let importerProblem: String?

    public init(converter: VorlageConverter, pipelinesDirectory: URL, mapping: String? = nil, recover: Bool = false) {
        self.converter = converter
        do {
            importer = try SessionImporter(pipelinesDirectory: pipelinesDirectory, mapping: mapping, recover: recover)
            importerProblem = nil
        } catch {
            importer = nil
            importerProblem = "\(error)"
        }
    }

    /// The record of the file at `path`. `context` (references known from the run's other OParl
    /// files) is asked for only when the input is OParl JSON.
    public func process(path: String, context: @autoclosure () -> OParlIndex = OParlIndex()) -> PipelineResult {
        let mediaType = MediaTypeSniffer.mediaType(path: path)
        // Failures name the input's digest; a document read in full carries its own.
        func source() -> SourceInfo { SourceInfo(path: path, sha256: Self.digest(path), mediaType: mediaType, pages: 0) }
        if MediaTypeSniffer.isSessionData(mediaType) {
            guard let importer else {
                return .session(Self.sessionFailure(source(), code: .configuration, message: importerProblem ?? ""))
            }
            do {
                let index = mediaType == MediaTypeSniffer.json ? context() : OParlIndex()
                return .session(try importer.importFile(at: path, context: index))
            } catch {
                return .session(Self.sessionFailure(source(), code: error.code.finding, message: error.message))
            }
        }
        do {
            return .paper(converter.convert(try Self.layout(path: path)))
        } catch {
            return .paper(Self.paperFailure(source(), code: error.code.finding, message: error.message))
        }
    }

    /// The SHA-256 of a regular file's bytes; "" for anything else (a FIFO is never opened).
    public static func digest(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
            let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        else { return "" }
        return SHA256Digest.hex(of: data)
    }

    /// The layout of a PDF or text (what `ratsdoc extract` shows): the first two stages only.
    /// - Throws: ``ExtractionError`` when the file cannot be read.
    public static func layout(path: String) throws(ExtractionError) -> LayoutDocument {
        LayoutAnalyzer().analyze(try DocumentReader().read(path: path))
    }

    /// A PDF or text held in memory (`path` names it in the record).
    public func process(bytes: Data, path: String) -> PipelineResult {
        let mediaType = MediaTypeSniffer.mediaType(head: bytes.prefix(1024), path: path)
        do {
            let extracted =
                mediaType == MediaTypeSniffer.pdf
                ? try PDFExtractor().extract(bytes: bytes, path: path)
                : try PlainTextReader().read(bytes: bytes, path: path)
            return .paper(converter.convert(LayoutAnalyzer().analyze(extracted)))
        } catch {
            let source = SourceInfo(path: path, sha256: SHA256Digest.hex(of: bytes), mediaType: mediaType, pages: 0)
            return .paper(Self.paperFailure(source, code: error.code.finding, message: error.message))
        }
    }

    /// The failure record of a Vorlage input.
    public static func paperFailure(_ source: SourceInfo, code: FindingCode, message: String) -> PaperDocument {
        PaperDocument(
            source: source, status: .failure, profile: nil, profileScore: nil, paper: nil,
            findings: [Finding(severity: .error, code: code, message: message)], provenance: [:])
    }

    /// The failure record of a session input.
    public static func sessionFailure(_ source: SourceInfo, code: FindingCode, message: String) -> SessionDocument {
        SessionDocument(
            source: source, status: .failure, dialect: nil, findings: [Finding(severity: .error, code: code, message: message)])
    }
}

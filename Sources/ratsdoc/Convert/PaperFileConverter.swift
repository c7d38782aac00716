import Foundation
import RatsdocCore
import RatsdocExtract

/// How a converted record is written.
enum RecordFormat: String, CaseIterable, Sendable {
    /// The ratsdoc JSON contract (schemaVersion 1).
    case json
    /// The same records, one compact JSON document per line.
    case jsonl
    /// An OParl 1.1 Paper with embedded Consultations (Vorlagen only).
    case oparl
}

/// One input's result: its status and the serialized record.
struct ConvertedRecord: Codable, Sendable {
    var path: String
    var status: String
    var record: String
    /// One line naming the file and the reason, for a failure or a partial result.
    var problem: String?
    /// True when the failure came from the run, not the document (a worker timed out or died, the
    /// configuration was broken): the next incremental run tries the input again.
    var transient: Bool?
}

/// Converts one Vorlage file (PDF or text) to its serialized record. Never throws: an unreadable
/// document becomes a `failure` record naming the reason. Used in-process and by worker processes.
struct PaperFileConverter: Sendable {
    let converter: VorlageConverter
    let format: RecordFormat
    let pretty: Bool
    let baseURL: String

    func convert(path: String) -> ConvertedRecord {
        let document: PaperDocument
        do {
            let extracted = try DocumentReader().read(path: path)
            document = converter.convert(LayoutAnalyzer().analyze(extracted))
        } catch {
            let source = SourceInfo(path: path, sha256: Self.digest(path), mediaType: Self.mediaType(path), pages: 0)
            var failed = VorlageConverter.failure(source: source, error: error)
            failed.findings = [Finding(severity: .error, code: error.code.rawValue, message: error.message)]
            document = failed
        }
        return record(for: document)
    }

    func record(for document: PaperDocument) -> ConvertedRecord {
        let text: String
        do {
            switch format {
            case .json, .jsonl: text = try JSONOutput.encode(document, pretty: pretty)
            case .oparl: text = try oparl(document)
            }
        } catch {
            return ConvertedRecord(
                path: document.source.path, status: PaperDocument.Status.failure.rawValue, record: "{}",
                problem: "\(document.source.path): cannot encode the record: \(error)")
        }
        return ConvertedRecord(
            path: document.source.path, status: document.status.rawValue, record: text,
            problem: Self.problem(document))
    }

    /// The OParl 1.1 Paper; a document without a paper (a failure) is written as the contract record.
    private func oparl(_ document: PaperDocument) throws -> String {
        guard let object = OParlPaperEmitter(baseURL: baseURL).object(for: document) else {
            return try JSONOutput.encode(document, pretty: pretty)
        }
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { options.insert(.prettyPrinted) }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: options), as: UTF8.self)
    }

    static func problem(_ document: PaperDocument) -> String? {
        problem(path: document.source.path, status: document.status, findings: document.findings)
    }

    /// The one stderr line for a partial or failed record: the file, the status, the worst finding.
    static func problem(path: String, status: PaperDocument.Status, findings: [Finding]) -> String? {
        guard status != .success else { return nil }
        let worst = findings.max { $0.severity < $1.severity }
        let reason = worst.map { "\($0.code): \($0.message)" } ?? "no findings"
        return "\(path): \(status.rawValue): \(reason)"
    }

    /// The SHA-256 of a regular file's bytes; "" for anything else (a FIFO is never opened).
    static func digest(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return "" }
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) else { return "" }
        return SHA256Digest.hex(of: data)
    }

    static func mediaType(_ path: String) -> String { MediaTypeSniffer.mediaType(path: path) }
}

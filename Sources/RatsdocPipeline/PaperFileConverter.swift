import Foundation
public import RatsdocCore
import RatsdocExtract

/// Turns one input into its serialized record through the ``Pipeline`` (either family, told by
/// content), in the record format of the run. Never throws: an unreadable input becomes a
/// `failure` record of its family naming the reason. Used in-process and by worker processes.
public struct PaperFileConverter: Sendable {
    public let pipeline: Pipeline
    public let format: RecordFormat
    public let pretty: Bool
    public let baseURL: String

    /// The OParl files of the run, whose objects resolve references across files; read once, when
    /// the first OParl input comes.
    private let oparlContext: OParlContext

    public init(pipeline: Pipeline, format: RecordFormat, pretty: Bool, baseURL: String, oparlPaths: [String] = []) {
        self.pipeline = pipeline
        self.format = format
        self.pretty = pretty
        self.baseURL = baseURL
        self.oparlContext = OParlContext(paths: oparlPaths)
    }

    public var converter: VorlageConverter { pipeline.converter }

    public func convert(path: String) -> ConvertedRecord {
        switch pipeline.process(path: path, context: oparlContext.index(importer: pipeline.importer)) {
        case .paper(let document): return record(for: document)
        case .session(let document):
            let text: String
            do {
                text = try JSONOutput.encode(document, pretty: pretty)
            } catch {
                return ConvertedRecord(
                    path: path, status: PaperDocument.Status.failure.rawValue, record: "{}",
                    problem: "\(path): cannot encode the record: \(error)")
            }
            return ConvertedRecord(
                path: path, status: document.status.rawValue, record: text,
                problem: Self.problem(path: path, status: document.status, findings: document.findings),
                transient: nil, sha256: document.source.sha256)
        }
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
            problem: Self.problem(document), sha256: document.source.sha256)
    }

    /// The OParl 1.1 Paper; a document without a paper (a failure) is written as the contract record.
    private func oparl(_ document: PaperDocument) throws -> String {
        guard let object = OParlPaperEmitter(baseURL: baseURL).object(for: document) else {
            return try JSONOutput.encode(document, pretty: pretty)
        }
        return try JSONOutput.encode(JSONValue(any: object), pretty: pretty)
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


}

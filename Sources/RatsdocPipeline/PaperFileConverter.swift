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
        Self.encode(
            pipeline.process(path: path, context: oparlContext.index(importer: pipeline.importer)), format: format,
            pretty: pretty, baseURL: baseURL)
    }

    /// A typed result as the record `convert` writes for it in `format`: the ratsdoc contract
    /// (`json`, `jsonl`), or an OParl Paper (`oparl`, Vorlagen only; session data and a Vorlage
    /// without a paper stay in the contract). The store's export writes through this too.
    public static func encode(_ result: PipelineResult, format: RecordFormat, pretty: Bool, baseURL: String)
        -> ConvertedRecord
    {
        let path = result.source.path
        let text: String
        do {
            switch result {
            case .paper(let document):
                if format == .oparl, let object = OParlPaperEmitter(baseURL: baseURL).object(for: document) {
                    text = try JSONOutput.encode(JSONValue(any: object), pretty: pretty)
                } else {
                    text = try JSONOutput.encode(document, pretty: pretty)
                }
            case .session(let document): text = try JSONOutput.encode(document, pretty: pretty)
            }
        } catch {
            return ConvertedRecord(
                path: path, status: PaperDocument.Status.failure.rawValue, record: "{}",
                problem: "\(path): cannot encode the record: \(error)")
        }
        return ConvertedRecord(
            path: path, status: result.status.rawValue, record: text,
            problem: problem(path: path, status: result.status, findings: result.findings),
            sha256: result.source.sha256)
    }

    /// The one stderr line for a partial or failed record: the file, the status, the worst finding.
    static func problem(path: String, status: PaperDocument.Status, findings: [Finding]) -> String? {
        guard status != .success else { return nil }
        let worst = findings.max { $0.severity < $1.severity }
        let reason = worst.map { "\($0.code): \($0.message)" } ?? "no findings"
        return "\(path): \(status.rawValue): \(reason)"
    }
}

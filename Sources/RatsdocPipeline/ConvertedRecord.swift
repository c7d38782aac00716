import Foundation

/// How a converted record is written.
public enum RecordFormat: String, CaseIterable, Sendable {
    /// The ratsdoc JSON contract (schemaVersion 1).
    case json
    /// The same records, one compact JSON document per line.
    case jsonl
    /// An OParl 1.1 Paper with embedded Consultations (Vorlagen only).
    case oparl
}

/// One input's result: its status and the serialized record.
public struct ConvertedRecord: Codable, Sendable {
    public var path: String
    public var status: String
    public var record: String
    /// One line naming the file and the reason, for a failure or a partial result.
    public var problem: String?
    /// True when the failure came from the run, not the document (a worker timed out or died, the
    /// configuration was broken): the next incremental run tries the input again.
    public var transient: Bool?
    /// The SHA-256 of the input bytes the record was made from (its `source.sha256`), when known.
    public var sha256: String?

    public init(
        path: String, status: String, record: String, problem: String? = nil, transient: Bool? = nil,
        sha256: String? = nil
    ) {
        self.path = path
        self.status = status
        self.record = record
        self.problem = problem
        self.transient = transient
        self.sha256 = sha256
    }
}

import Foundation
import GRDB

/// `ratsdoc history REF`: every version of every source that holds a paper, oldest first, each
/// with the fields that differ from the version of the same source before it.
public struct PaperHistory: Sendable, Codable {
    public struct Version: Sendable, Codable {
        /// The input as it was given when this version was ingested.
        public var source: String
        /// 'document' (its PDF or text) or 'session' (an XML export, an OParl dump).
        public var origin: String
        public var number: Int
        public var createdAt: String
        public var sha256: String
        public var status: String
        /// The profile or dialect that read it.
        public var reader: String?
        public var build: String
        public var run: Int64
        public var problem: String?
        /// True for the version the paper is read from now.
        public var current: Bool
        /// The fields whose values differ from the version before, as JSON pointers into the paper
        /// (`/name`, `/consultations/2/result`; `/status` for the record's status). Empty for a first version.
        public var changed: [Change]
        /// True when the source is withdrawn (gone from a `--snapshot` run).
        public var withdrawn: Bool
    }

    /// One field that differs between two versions; nil where the field is absent.
    public struct Change: Sendable, Codable, Equatable {
        public var field: String
        public var before: String?
        public var after: String?
    }

    public var reference: String
    public var versions: [Version]

    /// At most this many changed fields are listed per version; the rest are counted.
    static let changedFieldLimit = 40

    /// The history of `reference`, or nil when no source holds it.
    public static func load(reference: String, store: Store) throws -> PaperHistory? {
        let key = DocumentWriter.referenceKey(reference) ?? reference
        return try store.database.read { db in
            let currentVersion = try Int64.fetchOne(
                db, sql: "SELECT currentVersionId FROM paper WHERE reference = ?", arguments: [key])
            let sources = try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT s.id, s.withdrawn, o.origin FROM paperOrigin o JOIN source s ON s.id = o.sourceId
                    WHERE o.reference = ? ORDER BY o.origin = 'document' DESC, s.path
                    """, arguments: [key])
            guard !sources.isEmpty else { return nil }
            var versions: [Version] = []
            for source in sources {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, number, createdAt, sha256, status, reader, build, runId, problem, record
                        FROM documentVersion WHERE sourceId = ? ORDER BY number
                        """, arguments: [source["id"] as Int64])
                var before: [String: String]?
                for row in rows {
                    let record: String = row["record"]
                    let fields = Self.fields(of: record, reference: key)
                    var changed: [Change] = []
                    if let before {
                        let names = Set(before.keys).union(fields.keys).filter { before[$0] != fields[$0] }.sorted {
                            $0.localizedStandardCompare($1) == .orderedAscending
                        }
                        changed = names.prefix(Self.changedFieldLimit).map {
                            Change(field: $0, before: before[$0], after: fields[$0])
                        }
                        if names.count > Self.changedFieldLimit {
                            changed.append(Change(field: "… \(names.count - Self.changedFieldLimit) more"))
                        }
                    }
                    before = fields
                    let versionId: Int64 = row["id"]
                    versions.append(
                        Version(
                            source: try String.fetchOne(
                                db, sql: "SELECT displayPath FROM source WHERE id = ?",
                                arguments: [source["id"] as Int64]) ?? "",
                            origin: source["origin"], number: row["number"], createdAt: row["createdAt"],
                            sha256: row["sha256"], status: row["status"], reader: row["reader"], build: row["build"],
                            run: row["runId"], problem: row["problem"], current: versionId == currentVersion,
                            changed: changed, withdrawn: source["withdrawn"]))
                }
            }
            return PaperHistory(reference: key, versions: versions)
        }
    }

    /// The paper's fields in one version's record, flattened to JSON pointer → value, plus `/status`.
    /// A session record holds many papers: the one with `reference` is taken.
    static func fields(of record: String, reference: String) -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any] else {
            return [:]
        }
        var paper: Any?
        if let single = object["paper"] {
            paper = single
        } else if let papers = object["papers"] as? [[String: Any]] {
            paper = papers.first { entry in
                let inner = entry["paper"] as? [String: Any]
                return DocumentWriter.referenceKey(inner?["reference"] as? String) == reference
            }?["paper"]
        }
        var fields: [String: String] = ["/status": (object["status"] as? String) ?? ""]
        if let paper { flatten(paper, pointer: "", into: &fields) }
        return fields
    }

    private static func flatten(_ value: Any, pointer: String, into fields: inout [String: String]) {
        switch value {
        case let object as [String: Any]:
            for (key, inner) in object { flatten(inner, pointer: pointer + "/" + key, into: &fields) }
        case let array as [Any]:
            for (index, inner) in array.enumerated() { flatten(inner, pointer: pointer + "/\(index)", into: &fields) }
        case is NSNull:
            fields[pointer] = "null"
        default:
            fields[pointer] = "\(value)"
        }
    }
}

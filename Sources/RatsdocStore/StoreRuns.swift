import Foundation
import GRDB

/// One past ingest, as `ratsdoc runs` lists it.
public struct StoreRun: Sendable, Codable {
    public var id: Int64
    public var startedAt: String
    public var finishedAt: String?
    /// running, finished, or interrupted (killed before it ended).
    public var state: String
    public var build: String
    public var arguments: [String]
    public var snapshot: Bool
    public var added: Int
    public var updated: Int
    public var unchanged: Int
    public var withdrawn: Int
    public var failed: Int
    public var partial: Int
}

extension Store {
    /// Every run, newest first.
    public func runs() throws -> [StoreRun] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY id DESC").map { row in
                let arguments: String = row["arguments"]
                return StoreRun(
                    id: row["id"], startedAt: row["startedAt"], finishedAt: row["finishedAt"], state: row["state"],
                    build: row["build"],
                    arguments: (try? JSONDecoder().decode([String].self, from: Data(arguments.utf8))) ?? [],
                    snapshot: row["snapshot"], added: row["added"], updated: row["updated"],
                    unchanged: row["unchanged"], withdrawn: row["withdrawn"], failed: row["failed"],
                    partial: row["partial"])
            }
        }
    }

    /// The store's content as text, one line per row in a fixed order, without what differs
    /// between two runs that did the same work (row ids, run ids, timestamps, the build): two
    /// stores with equal dumps hold the same documents, versions and derived rows.
    public func canonicalDump() throws -> String {
        let queries: [(String, String)] = [
            (
                "source",
                "SELECT s.path, s.outputName, s.sha256, s.size, s.withdrawn, v.number AS current FROM source s LEFT JOIN documentVersion v ON v.id = s.currentVersionId ORDER BY s.path"
            ),
            (
                "version",
                "SELECT s.path, v.number, v.sha256, v.size, v.family, v.mediaType, v.status, v.reader, v.problem, v.transient, v.record FROM documentVersion v JOIN source s ON s.id = v.sourceId ORDER BY s.path, v.number"
            ),
            (
                "paper",
                "SELECT p.reference, s.path, v.number, p.origin, p.name, p.paperType, p.date, p.sha256, p.withdrawn FROM paper p JOIN documentVersion v ON v.id = p.currentVersionId JOIN source s ON s.id = v.sourceId ORDER BY p.reference"
            ),
            (
                "origin",
                "SELECT o.reference, s.path, v.number, o.origin, o.paperId, o.sha256, o.paper FROM paperOrigin o JOIN source s ON s.id = o.sourceId JOIN documentVersion v ON v.id = o.versionId ORDER BY o.reference, s.path"
            ),
            (
                "consultation",
                "SELECT c.reference, s.path, c.position, c.date, c.organization, c.role, c.roleRaw, c.agendaItemNumber, c.public, c.authoritative, c.result, c.resultCode, c.consultationId, c.meetingId, c.agendaItemId, c.sha256 FROM consultation c JOIN paperOrigin o ON o.id = c.originId JOIN source s ON s.id = o.sourceId ORDER BY c.reference, s.path, c.position"
            ),
            (
                "meeting",
                "SELECT m.id, s.path, m.sha256, m.name, m.start, m.\"end\", m.date, m.organization, m.organizationId, m.meetingState, m.cancelled, m.location, m.record FROM meeting m JOIN source s ON s.id = m.sourceId ORDER BY m.id"
            ),
            (
                "agendaItem",
                "SELECT key, id, meetingId, position, number, name, public, paperReference, paperId, result, resultCode, sha256, record FROM agendaItem ORDER BY key"
            ),
            (
                "organization",
                "SELECT o.id, s.path, o.sha256, o.name, o.shortName, o.organizationType, o.classification, o.record FROM organization o JOIN source s ON s.id = o.sourceId ORDER BY o.id"
            ),
        ]
        return try database.read { db in
            var lines: [String] = []
            for (table, sql) in queries {
                for row in try Row.fetchAll(db, sql: sql) { lines.append("\(table) \(row.description)") }
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Rows per table, for reports and tests.
    public func rowCounts() throws -> [String: Int] {
        try database.read { db in
            var counts: [String: Int] = [:]
            for table in [
                "run", "source", "documentVersion", "paper", "paperOrigin", "consultation", "meeting", "agendaItem",
                "organization",
            ] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }
}

import Foundation
import GRDB
import RatsdocCore

/// A meeting as the store holds it: the record of the input that gave it last, with its agenda
/// items in order, and where it came from.
public struct StoredMeeting: Sendable, Codable {
    public var meeting: Meeting
    public var source: String
    public var sha256: String
}

extension Store {
    /// The meeting with `id` (an OParl URL or a vendor id), nil when the store has none.
    public func meeting(id: String) throws -> StoredMeeting? {
        try database.read { db in
            guard let row = try Row.fetchOne(
                db,
                sql: "SELECT m.record, m.sha256, s.displayPath FROM meeting m JOIN source s ON s.id = m.sourceId WHERE m.id = ?",
                arguments: [id])
            else { return nil }
            let decoder = JSONDecoder()
            var meeting = try decoder.decode(Meeting.self, from: Data((row["record"] as String).utf8))
            meeting.agendaItems = try String.fetchAll(
                db, sql: "SELECT record FROM agendaItem WHERE meetingId = ? ORDER BY position", arguments: [id]
            ).map { try decoder.decode(AgendaItem.self, from: Data($0.utf8)) }
            return StoredMeeting(meeting: meeting, source: row["displayPath"], sha256: row["sha256"])
        }
    }

    /// A cheap check that the store answers (for health checks): one read of the schema version.
    public func integrityQuick() throws -> Bool {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0 > 0 }
    }
}

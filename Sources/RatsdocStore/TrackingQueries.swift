public import Foundation
import GRDB
public import RatsdocCore

/// What the strategy team asks of the store: one paper's timeline, the open items and where they
/// sit, a meeting's agenda with each item's history, the committees. The CLI and the server call
/// these; `today` decides which dates have passed.
public struct TrackingQueries: Sendable {
    public let store: Store
    public let tracker: StatusTracker
    private let cache = CommitteeCache()

    public init(store: Store, tracker: StatusTracker) {
        self.store = store
        self.tracker = tracker
    }

    /// The committees and the spellings of the current steps, computed once per store content:
    /// a new version or a finished run (withdrawals) makes them stale.
    final class CommitteeCache: @unchecked Sendable {
        // Invariant: `stamp`, `committees` and `currentSpellings` are only touched while holding `lock`.
        private let lock = NSLock()
        private var stamp: String?
        private var committees: [Committee] = []
        private var currentSpellings: [(key: String, organization: String?)] = []

        func get(_ stamp: String) -> ([Committee], [(key: String, organization: String?)])? {
            lock.withLock { self.stamp == stamp ? (committees, currentSpellings) : nil }
        }

        func set(_ stamp: String, _ committees: [Committee], _ spellings: [(key: String, organization: String?)]) {
            lock.withLock {
                self.stamp = stamp
                self.committees = committees
                currentSpellings = spellings
            }
        }
    }

    /// What identifies the store's content now: the newest version, the newest status row, the
    /// newest run and when it finished. Anything derived from the store stays true while this stays the same.
    public func contentStamp() throws -> String {
        try store.database.read { db in try Self.stamp(db) }
    }

    private static func stamp(_ db: Database) throws -> String {
        let version = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM documentVersion") ?? 0
        // Every status write replaces its row, which takes a new rowid: a withdrawal or a source
        // that is back changes the statuses without a new version.
        let statuses = try Int64.fetchOne(db, sql: "SELECT MAX(rowid) FROM paperStatus") ?? 0
        let run = try Row.fetchOne(db, sql: "SELECT id, finishedAt FROM run ORDER BY id DESC LIMIT 1")
        return "\(version)|\(statuses)|\(run?["id"] as Int64? ?? 0)|\(run?["finishedAt"] as String? ?? "")"
    }

    /// The committees and current spellings, from the cache when the store has not changed.
    private func committeeData(_ db: Database) throws -> ([Committee], [(key: String, organization: String?)]) {
        let stamp = try Self.stamp(db)
        if let cached = cache.get(stamp) { return cached }
        var names: [String: String] = [:]
        let spellings =
            try String.fetchAll(db, sql: "SELECT DISTINCT organization FROM consultation WHERE organization IS NOT NULL")
            + String.fetchAll(db, sql: "SELECT DISTINCT name FROM organization WHERE name IS NOT NULL")
        for spelling in spellings.sorted() {
            let key = tracker.deriver.matcher.key(spelling).name
            if names[key] == nil { names[key] = spelling }
        }
        let counts = Dictionary(
            try Row.fetchAll(
                db,
                sql: "SELECT currentCommittee, COUNT(*) AS n FROM paperStatus WHERE state = 'pending' AND currentCommittee IS NOT NULL GROUP BY currentCommittee"
            ).map { ($0["currentCommittee"] as String, $0["n"] as Int) }, uniquingKeysWith: +)
        let committees = names.map { Committee(id: $0.key, name: $0.value, pending: counts[$0.key] ?? 0) }
            .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
        let current = try Row.fetchAll(
            db,
            sql: "SELECT DISTINCT currentCommittee, currentOrganization FROM paperStatus WHERE currentCommittee IS NOT NULL"
        ).map { (key: $0["currentCommittee"] as String, organization: $0["currentOrganization"] as String?) }
        cache.set(stamp, committees, current)
        return (committees, current)
    }

    /// One open paper, as a list shows it.
    public struct PendingItem: Sendable, Codable, Hashable {
        public var reference: String
        public var name: String?
        public var state: String
        public var organization: String?
        public var date: String?
        public var stepState: String?
        public var anomalies: Int
        /// The current step's date passed with no result.
        public var overdue: Bool
    }

    public struct Page<Item: Sendable & Codable>: Sendable, Codable {
        public var total: Int
        public var offset: Int
        public var limit: Int
        public var items: [Item]
    }

    public struct Committee: Sendable, Codable, Hashable {
        /// The committee's key (folded, expanded name): stable, usable in a URL.
        public var id: String
        public var name: String
        public var pending: Int
    }

    public struct AgendaEntry: Sendable, Codable {
        public var meetingId: String?
        public var meetingName: String?
        public var number: String?
        public var name: String?
        public var reference: String?
        public var result: String?
        public var status: PaperStatus?
    }

    public struct Agenda: Sendable, Codable {
        public var committee: String
        public var date: String
        /// Meetings of the committee on the date (empty when no agenda is published yet).
        public var meetings: [String]
        public var entries: [AgendaEntry]
    }

    public func status(_ reference: String, today: CalendarDate) throws -> PaperStatus? {
        let key = DocumentWriter.referenceKey(reference) ?? reference
        return try store.database.read { db in try tracker.status(of: key, in: db, today: today) }
    }

    /// Papers by state (`pending`, `decided`, `withdrawn`, `unknown`; nil: all), at a committee
    /// (any spelling of it), with the current step dated before / after a day, or matching `query`
    /// in reference or title; ordered by the current step's date (an open date first), then reference.
    public func papers(
        state: String? = "pending", committee: String? = nil, before: CalendarDate? = nil, after: CalendarDate? = nil,
        query: String? = nil, limit: Int = 50, offset: Int = 0, today: CalendarDate
    ) throws -> Page<PendingItem> {
        try store.database.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let state {
                conditions.append("state = ?")
                arguments += [state]
            }
            if let committee {
                let keys = try committeeKeys(matching: committee, in: db)
                guard !keys.isEmpty else { return Page(total: 0, offset: offset, limit: limit, items: []) }
                conditions.append("currentCommittee IN (\(databaseQuestionMarks(count: keys.count)))")
                arguments += StatementArguments(keys)
            }
            if let before {
                conditions.append("currentDate < ?")
                arguments += [before.description]
            }
            if let after {
                conditions.append("currentDate > ?")
                arguments += [after.description]
            }
            if let query, !query.isEmpty {
                conditions.append("(reference LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')")
                let pattern = "%" + Self.escapeLike(query) + "%"
                arguments += [pattern, pattern]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM paperStatus \(filter)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT reference, name, state, currentOrganization, currentDate, currentState, anomalies
                    FROM paperStatus \(filter)
                    ORDER BY currentDate, reference LIMIT ? OFFSET ?
                    """, arguments: arguments + [limit, offset])
            let items = rows.map { row in
                let date: String? = row["currentDate"]
                let stepState: String? = row["currentState"]
                let overdue =
                    (stepState == "planned" || stepState == "scheduled")
                    && (date.map { $0 < today.description } ?? false)
                return PendingItem(
                    reference: row["reference"], name: row["name"], state: row["state"],
                    organization: row["currentOrganization"], date: date, stepState: stepState,
                    anomalies: (row["anomalies"] as Int) + (overdue ? 1 : 0), overdue: overdue)
            }
            return Page(total: total, offset: offset, limit: limit, items: items)
        }
    }

    /// Every committee the store knows (from Beratungsfolgen, meetings and organisations), with its
    /// open items.
    public func committees() throws -> [Committee] {
        try store.database.read { db in try committeeData(db).0 }
    }

    /// What the committee's meeting on `date` treats: the agenda items of its meetings that day
    /// (with each paper's history), and papers whose Beratungsfolge plans them there but that no
    /// published agenda lists yet.
    public func agenda(committee: String, date: CalendarDate, today: CalendarDate) throws -> Agenda {
        let matcher = tracker.deriver.matcher
        return try store.database.read { db in
            let meetings = try Row.fetchAll(
                db, sql: "SELECT id, name, organization, organizationId FROM meeting WHERE date = ? ORDER BY start, id",
                arguments: [date.description]
            ).filter { row in
                try tracker.organizations(of: row, in: db).contains { matcher.matches($0, committee) }
            }
            var entries: [AgendaEntry] = []
            var listed = Set<String>()
            for meeting in meetings {
                let items = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT a.id, a.number, a.name, a.result, a.consultationId,
                            COALESCE(a.paperReference,
                                (SELECT c.reference FROM consultation c WHERE c.agendaItemId = a.id LIMIT 1),
                                (SELECT c.reference FROM consultation c
                                 WHERE a.consultationId IS NOT NULL AND c.consultationId = a.consultationId LIMIT 1))
                                AS reference
                        FROM agendaItem a WHERE a.meetingId = ? ORDER BY a.position
                        """, arguments: [meeting["id"] as String])
                for item in items {
                    let reference: String? = item["reference"]
                    if let reference { listed.insert(reference) }
                    entries.append(
                        AgendaEntry(
                            meetingId: meeting["id"], meetingName: meeting["name"], number: item["number"],
                            name: item["name"], reference: reference, result: item["result"],
                            status: try reference.flatMap { try tracker.status(of: $0, in: db, today: today) }))
                }
            }
            // Planned there by a Beratungsfolge, not (yet) on a published agenda.
            let planned = try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT c.reference, c.organization, c.agendaItemNumber FROM consultation c
                    JOIN paper p ON p.reference = c.reference
                    JOIN paperOrigin o ON o.id = c.originId AND o.versionId = p.currentVersionId
                    WHERE c.date = ? ORDER BY c.reference
                    """, arguments: [date.description])
            for row in planned {
                let reference: String = row["reference"]
                guard !listed.contains(reference), let organization = row["organization"] as String?,
                    matcher.matches(organization, committee)
                else { continue }
                listed.insert(reference)
                let status = try tracker.status(of: reference, in: db, today: today)
                entries.append(
                    AgendaEntry(
                        meetingId: nil, meetingName: nil, number: row["agendaItemNumber"], name: status?.name,
                        reference: reference, result: nil, status: status))
            }
            return Agenda(
                committee: committee, date: date.description, meetings: meetings.compactMap { $0["name"] },
                entries: entries)
        }
    }

    /// The stored committee keys that name `committee` in any spelling.
    private func committeeKeys(matching committee: String, in db: Database) throws -> [String] {
        let matcher = tracker.deriver.matcher
        let wanted = matcher.key(committee)
        var keys = Set<String>()
        for (key, organization) in try committeeData(db).1 {
            if key == wanted.name || organization.map({ CommitteeMatcher.same(matcher.key($0), wanted) }) == true {
                keys.insert(key)
            }
        }
        return keys.sorted()
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

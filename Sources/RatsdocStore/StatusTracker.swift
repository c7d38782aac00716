public import Foundation
import GRDB
public import RatsdocCore

/// Joins what the store knows of a paper into its ``PaperStatus`` and keeps `paperStatus` current.
///
/// The plan is the Beratungsfolge of the paper's current reading (its Vorlage when there is one,
/// else the export or dump that lists it), with the OParl links of any session origin for the same
/// committee and date. The events are the agenda items that name the paper's reference, or whose
/// id or consultation an origin of the paper links to, each with its meeting. The previous plan is
/// the Beratungsfolge of the version before the current one of the same source.
public struct StatusTracker: Sendable {
    public let deriver: StatusDeriver

    public init(matcher: CommitteeMatcher) { deriver = StatusDeriver(matcher: matcher) }

    /// The tracker of a Pipelines folder (its `vocabulary/committees.yml`).
    public static func load(pipelinesDirectory: URL) throws -> StatusTracker {
        StatusTracker(matcher: try CommitteeMatcher.load(pipelinesDirectory: pipelinesDirectory))
    }

    /// The status of `reference` as the store holds it now, with the anomalies of `today` (dates
    /// that passed); nil when no paper has this reference.
    public func status(of reference: String, in db: Database, today: CalendarDate?) throws -> PaperStatus? {
        guard let paper = try Row.fetchOne(
            cached: db,
            sql: """
                SELECT p.reference, p.name, p.paperType, p.currentVersionId, p.withdrawn, v.sourceId, v.number
                FROM paper p JOIN documentVersion v ON v.id = p.currentVersionId WHERE p.reference = ?
                """, arguments: [reference])
        else { return nil }
        let currentVersion: Int64 = paper["currentVersionId"]
        let origins = try Row.fetchAll(
            cached: db, sql: "SELECT id, versionId, origin FROM paperOrigin WHERE reference = ? ORDER BY id",
            arguments: [reference])
        let currentOrigin = origins.first { ($0["versionId"] as Int64) == currentVersion }
        var plan: [StatusDeriver.PlannedStep] = []
        if let currentOrigin {
            plan = try Row.fetchAll(
                cached: db, sql: "SELECT * FROM consultation WHERE originId = ? ORDER BY position",
                arguments: [currentOrigin["id"] as Int64]
            ).map(Self.plannedStep)
        }
        // OParl links of the other origins, for the same committee and date.
        let links = try Row.fetchAll(
            cached: db,
            sql: """
                SELECT organization, date, meetingId, agendaItemId FROM consultation
                WHERE reference = ? AND (meetingId IS NOT NULL OR agendaItemId IS NOT NULL)
                """, arguments: [reference])
        for index in plan.indices where plan[index].meetingId == nil && plan[index].agendaItemId == nil {
            if let link = links.first(where: { row in
                let organization: String? = row["organization"]
                let date: String? = row["date"]
                return date == plan[index].date?.description
                    && (organization.map { a in plan[index].organization.map { deriver.matcher.matches(a, $0) } ?? false }
                        ?? false)
            }) {
                plan[index].meetingId = link["meetingId"]
                plan[index].agendaItemId = link["agendaItemId"]
            }
        }
        let previousPlan = try self.previousPlan(
            reference: reference, sourceId: paper["sourceId"], number: paper["number"], in: db)
        var events = try Row.fetchAll(
            cached: db,
            sql: """
                SELECT a.key AS id, a.number, a.result, a.resultCode, m.id AS meetingId, m.name AS meetingName,
                    m.date, m.organization, m.organizationId, m.cancelled
                FROM agendaItem a JOIN meeting m ON m.id = a.meetingId
                WHERE a.paperReference = ?1
                   OR a.id IN (SELECT agendaItemId FROM consultation WHERE reference = ?1 AND agendaItemId IS NOT NULL)
                   OR a.consultationId IN (SELECT consultationId FROM consultation
                                           WHERE reference = ?1 AND consultationId IS NOT NULL)
                ORDER BY m.date, m.id, a.position
                """, arguments: [reference]
        ).map { row in
            StatusDeriver.Event(
                meetingId: row["meetingId"], meetingName: row["meetingName"],
                date: (row["date"] as String?).flatMap { CalendarDate(iso: $0) },
                organizations: try organizations(of: row, in: db), agendaItemId: row["id"],
                agendaItemNumber: row["number"], result: row["result"], resultCode: row["resultCode"],
                cancelled: row["cancelled"])
        }
        // A Beratungsfolge row with a TOP number finds its agenda item by committee, date and number,
        // when no link names the paper (an OParl agenda item points to a consultation only).
        for index in plan.indices where plan[index].agendaItemId == nil {
            guard let date = plan[index].date, let number = plan[index].agendaItemNumber,
                let organization = plan[index].organization
            else { continue }
            let candidates = try Row.fetchAll(
                cached: db,
                sql: """
                    SELECT a.key AS id, a.number, a.result, a.resultCode, a.paperReference, a.consultationId,
                        m.id AS meetingId,
                        m.name AS meetingName, m.date, m.organization, m.organizationId, m.cancelled
                    FROM agendaItem a JOIN meeting m ON m.id = a.meetingId
                    WHERE m.date = ? AND a.number = ? ORDER BY m.id, a.position
                    """, arguments: [date.description, number])
            for row in candidates {
                let id: String = row["id"]
                let other: String? = row["paperReference"]
                guard other == nil || other == reference, !events.contains(where: { $0.agendaItemId == id }) else {
                    continue
                }
                // An item that a consultation of another paper links to is that paper's.
                let owner = try String.fetchOne(
                    cached: db,
                    sql: """
                        SELECT reference FROM consultation
                        WHERE reference != ?1 AND (agendaItemId = ?2 OR (?3 IS NOT NULL AND consultationId = ?3)) LIMIT 1
                        """, arguments: [reference, id, row["consultationId"] as String?])
                guard owner == nil else { continue }
                let names = try organizations(of: row, in: db)
                guard names.contains(where: { deriver.matcher.matches($0, organization) }) else { continue }
                plan[index].agendaItemId = id
                events.append(
                    StatusDeriver.Event(
                        meetingId: row["meetingId"], meetingName: row["meetingName"], date: date, organizations: names,
                        agendaItemId: id, agendaItemNumber: row["number"], result: row["result"],
                        resultCode: row["resultCode"], cancelled: row["cancelled"]))
                break
            }
        }
        var status = deriver.derive(
            reference: reference, name: paper["name"], paperType: paper["paperType"], plan: plan,
            previousPlan: previousPlan, events: events, withdrawn: paper["withdrawn"], today: nil)
        if let today { status = status.addingMissedDates(today: today) }
        return status
    }

    /// Recomputes and stores the status of every reference in `references` (without date anomalies).
    func refresh(_ references: Set<String>, in db: Database) throws {
        for reference in references.sorted() {
            guard let status = try status(of: reference, in: db, today: nil) else {
                try db.executeCached(sql: "DELETE FROM paperStatus WHERE reference = ?", arguments: [reference])
                continue
            }
            try Self.save(status, matcher: deriver.matcher, in: db)
        }
    }

    /// Computes the status of papers that have none (a store made before tracking existed).
    public func fillMissing(in db: Database) throws -> Int {
        let missing = try String.fetchAll(
            cached: db, sql: "SELECT reference FROM paper WHERE reference NOT IN (SELECT reference FROM paperStatus)")
        try refresh(Set(missing), in: db)
        return missing.count
    }

    static func save(_ status: PaperStatus, matcher: CommitteeMatcher, in db: Database) throws {
        let current = status.current
        try db.executeCached(
            sql: """
                INSERT OR REPLACE INTO paperStatus (reference, state, name, currentOrganization, currentCommittee,
                    currentDate, currentState, finalOrganization, finalDate, finalResultCode, steps, anomalies, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                status.reference, status.state.rawValue, status.name, current?.organization,
                current?.organization.map { matcher.key($0).name }, current?.date?.description,
                current?.state.rawValue, status.finalDecision?.organization, status.finalDecision?.date?.description,
                status.finalDecision?.resultCode, status.steps.count, status.anomalies.count,
                try JSONOutput.encode(status, pretty: false),
            ])
    }

    /// The references whose status the meetings of `sourceId` touch (their agenda items name them,
    /// or a consultation links to them).
    static func referencesTreated(bySource sourceId: Int64, in db: Database) throws -> Set<String> {
        Set(
            try String.fetchAll(
                cached: db,
                sql: """
                    SELECT a.paperReference FROM agendaItem a JOIN meeting m ON m.id = a.meetingId
                    WHERE m.sourceId = ?1 AND a.paperReference IS NOT NULL
                    UNION SELECT c.reference FROM consultation c JOIN agendaItem a ON a.id = c.agendaItemId
                        JOIN meeting m ON m.id = a.meetingId WHERE m.sourceId = ?1
                    UNION SELECT c.reference FROM consultation c JOIN agendaItem a ON a.consultationId = c.consultationId
                        JOIN meeting m ON m.id = a.meetingId WHERE m.sourceId = ?1
                    UNION SELECT c.reference FROM consultation c JOIN meeting m ON m.id = c.meetingId
                        WHERE m.sourceId = ?1
                    UNION SELECT c.reference FROM consultation c JOIN meeting m ON m.date = c.date
                        WHERE m.sourceId = ?1 AND c.agendaItemNumber IS NOT NULL
                    """, arguments: [sourceId]))
    }

    /// A meeting's committees: the names it carries, else the names of its organisation ids.
    func organizations(of row: Row, in db: Database) throws -> [String] {
        if let names = (row["organization"] as String?).flatMap(StoredJSON.strings), !names.isEmpty { return names }
        let ids = (row["organizationId"] as String?).flatMap(StoredJSON.strings) ?? []
        return try ids.compactMap { id in
            try String.fetchOne(cached: db, sql: "SELECT name FROM organization WHERE id = ?", arguments: [id])
        }
    }

    private func previousPlan(reference: String, sourceId: Int64, number: Int64, in db: Database) throws
        -> [StatusDeriver.PlannedStep]?
    {
        guard number > 1,
            let record = try String.fetchOne(
                cached: db,
                sql: """
                    SELECT record FROM documentVersion WHERE sourceId = ? AND number < ? AND status != 'failure'
                    ORDER BY number DESC LIMIT 1
                    """, arguments: [sourceId, number])
        else { return nil }
        guard let result = try? DocumentWriter.decode(record) else { return nil }
        let paper: Paper?
        switch result {
        case .paper(let document): paper = document.paper
        case .session(let document):
            paper = document.papers.first { DocumentWriter.referenceKey($0.paper.reference) == reference }?.paper
        }
        return paper?.consultations.map { consultation in
            StatusDeriver.PlannedStep(
                organization: consultation.organization, date: consultation.date, role: consultation.role,
                authoritative: consultation.authoritative, result: consultation.result,
                resultCode: consultation.resultCode)
        }
    }

    static func plannedStep(_ row: Row) -> StatusDeriver.PlannedStep {
        StatusDeriver.PlannedStep(
            organization: row["organization"], date: (row["date"] as String?).flatMap { CalendarDate(iso: $0) },
            role: row["role"], authoritative: row["authoritative"], result: row["result"],
            resultCode: row["resultCode"], agendaItemNumber: row["agendaItemNumber"], meetingId: row["meetingId"],
            agendaItemId: row["agendaItemId"])
    }

}

/// Values the store keeps as JSON text in a column.
public enum StoredJSON {
    /// A column holding a JSON array of strings (a meeting's organisations), decoded; nil when it is not one.
    public static func strings(_ json: String) -> [String]? {
        try? JSONDecoder().decode([String].self, from: Data(json.utf8))
    }
}

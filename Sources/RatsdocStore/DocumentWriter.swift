import Foundation
import GRDB
import RatsdocCore
import RatsdocPipeline

/// Writes one converted input into the store, in the caller's transaction: its source row, a new
/// version when its content or its record changed, and the rows derived from the record (papers
/// and their consultations, meetings, agenda items, organisations), each with the input's sha256.
///
/// Derived rows are the reading of a source's current version: a new version replaces what the
/// source's older version gave. A failure version keeps the rows of the last version that could be
/// read (a PDF replaced by a broken copy does not make its paper vanish); its source then points
/// to the failure, which `history` and the run report show.
struct DocumentWriter {
    enum Outcome: String, Sendable {
        case added, updated, unchanged
    }

    /// What the writer needs to know of the input besides its record.
    struct Input {
        var absolutePath: String
        var displayPath: String
        var outputName: String
        var size: Int64
    }

    let runId: Int64
    let build: String
    let now: String
    /// Keeps `paperStatus` current; nil writes no statuses (tests of the writer alone).
    var tracker: StatusTracker?

    /// Writes `record` (the compact contract JSON a worker returned) for `input`.
    func write(_ record: ConvertedRecord, input: Input, in db: Database) throws -> Outcome {
        let result = try Self.decode(record.record)
        let sha256 = record.sha256.flatMap { $0.isEmpty ? nil : $0 } ?? result.source.sha256
        let existing = try Row.fetchOne(
            cached: db, sql: "SELECT id, currentVersionId FROM source WHERE path = ?", arguments: [input.absolutePath])
        let sourceId: Int64
        var previousVersion: Row?
        if let existing {
            sourceId = existing["id"]
            if let versionId: Int64 = existing["currentVersionId"] {
                previousVersion = try Row.fetchOne(
                    cached: db, sql: "SELECT id, number, sha256, status, record FROM documentVersion WHERE id = ?",
                    arguments: [versionId])
            }
        } else {
            try db.executeCached(
                sql: """
                    INSERT INTO source (path, displayPath, outputName, sha256, size, firstSeen, lastSeen, lastRunId)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    input.absolutePath, input.displayPath, input.outputName, sha256, input.size, now, now, runId,
                ])
            sourceId = db.lastInsertedRowID
        }
        if let previousVersion, previousVersion["sha256"] == sha256, previousVersion["record"] == record.record {
            try touch(sourceId: sourceId, input: input, in: db)
            return .unchanged
        }
        let number = ((previousVersion?["number"] as Int64?) ?? 0) + 1
        try db.executeCached(
            sql: """
                INSERT INTO documentVersion (sourceId, number, sha256, size, family, mediaType, status, reader, build,
                    problem, transient, record, createdAt, runId)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                sourceId, number, sha256, input.size, result.family, result.source.mediaType, result.status.rawValue,
                result.reader, build, record.problem, record.transient == true, record.record, now, runId,
            ])
        let versionId = db.lastInsertedRowID
        try db.executeCached(
            sql: """
                UPDATE source SET sha256 = ?, size = ?, lastSeen = ?, lastRunId = ?, withdrawn = 0, withdrawnAt = NULL,
                    currentVersionId = ?, displayPath = ?, outputName = ?
                WHERE id = ?
                """,
            arguments: [
                sha256, input.size, now, runId, versionId, input.displayPath, input.outputName, sourceId,
            ])
        if result.status != .failure {
            try replaceDerivedRows(
                of: sourceId, versionId: versionId, sha256: sha256, result: result, outputName: input.outputName,
                in: db)
        }
        return previousVersion == nil ? .added : .updated
    }

    /// An unchanged input: only its `lastSeen` (and where it was found) moves; a withdrawn source
    /// that is back is no longer withdrawn.
    func touch(sourceId: Int64, input: Input, in db: Database) throws {
        let wasWithdrawn =
            try Bool.fetchOne(cached: db, sql: "SELECT withdrawn FROM source WHERE id = ?", arguments: [sourceId]) ?? false
        try db.executeCached(
            sql: """
                UPDATE source SET lastSeen = ?, lastRunId = ?, withdrawn = 0, withdrawnAt = NULL, displayPath = ?,
                    outputName = ?
                WHERE id = ?
                """,
            arguments: [now, runId, input.displayPath, input.outputName, sourceId])
        if wasWithdrawn { try Self.refreshPapers(of: sourceId, in: db, tracker: tracker) }
    }

    // MARK: - Derived rows

    private func replaceDerivedRows(
        of sourceId: Int64, versionId: Int64, sha256: String, result: PipelineResult, outputName: String,
        in db: Database
    ) throws {
        var references = Set(
            try String.fetchAll(cached: db, sql: "SELECT reference FROM paperOrigin WHERE sourceId = ?", arguments: [sourceId]))
        // Papers whose status this source's meetings touch, before and after.
        var tracked = try StatusTracker.referencesTreated(bySource: sourceId, in: db)
        let heldMeetings = Set(
            try String.fetchAll(cached: db, sql: "SELECT id FROM meeting WHERE sourceId = ?", arguments: [sourceId]))
        let heldOrganizations = Set(
            try String.fetchAll(cached: db, sql: "SELECT id FROM organization WHERE sourceId = ?", arguments: [sourceId]))
        try db.executeCached(sql: "DELETE FROM paperOrigin WHERE sourceId = ?", arguments: [sourceId])
        try db.executeCached(
            sql: "DELETE FROM agendaItem WHERE meetingId IN (SELECT id FROM meeting WHERE sourceId = ?)",
            arguments: [sourceId])
        try db.executeCached(sql: "DELETE FROM meeting WHERE sourceId = ?", arguments: [sourceId])
        try db.executeCached(sql: "DELETE FROM organization WHERE sourceId = ?", arguments: [sourceId])

        switch result {
        case .paper(let document):
            if let paper = document.paper, let reference = Self.referenceKey(paper.reference) {
                try insertOrigin(
                    reference: reference, paper: paper, links: [], paperId: nil, origin: "document",
                    sourceId: sourceId, versionId: versionId, sha256: sha256, in: db)
                references.insert(reference)
            }
        case .session(let document):
            for (index, organization) in document.organizations.enumerated() {
                try insertOrganization(
                    organization, id: organization.id ?? "\(outputName)#organization-\(index + 1)", sourceId: sourceId,
                    versionId: versionId, sha256: sha256, in: db)
            }
            for (index, meeting) in document.meetings.enumerated() {
                try insertMeeting(
                    meeting, key: meeting.id ?? "\(outputName)#meeting-\(index + 1)", sourceId: sourceId,
                    versionId: versionId, sha256: sha256, in: db)
            }
            for sessionPaper in document.papers where sessionPaper.deleted != true {
                guard let reference = Self.referenceKey(sessionPaper.paper.reference) else { continue }
                try insertOrigin(
                    reference: reference, paper: sessionPaper.paper, links: sessionPaper.consultationLinks,
                    paperId: sessionPaper.id, origin: "session", sourceId: sourceId, versionId: versionId,
                    sha256: sha256, in: db)
                references.insert(reference)
            }
        }
        // What this source held and holds no more may still be held by another source: it is kept
        // as that source gives it.
        let nowMeetings = Set(
            try String.fetchAll(cached: db, sql: "SELECT id FROM meeting WHERE sourceId = ?", arguments: [sourceId]))
        let nowOrganizations = Set(
            try String.fetchAll(cached: db, sql: "SELECT id FROM organization WHERE sourceId = ?", arguments: [sourceId]))
        try restoreFromOtherSources(
            meetings: heldMeetings.subtracting(nowMeetings), organizations: heldOrganizations.subtracting(nowOrganizations),
            except: sourceId, in: db)
        for reference in references.sorted() { try Self.refreshPaper(reference, in: db) }
        tracked.formUnion(references)
        tracked.formUnion(try StatusTracker.referencesTreated(bySource: sourceId, in: db))
        try tracker?.refresh(tracked, in: db)
    }

    /// Writes again, from the current session version of another source (the last by path, so the
    /// choice does not depend on the order of a run), each meeting and organisation that
    /// `sourceId` no longer holds but another source still does.
    private func restoreFromOtherSources(
        meetings: Set<String>, organizations: Set<String>, except sourceId: Int64, in db: Database
    ) throws {
        for id in meetings.union(organizations).sorted() {
            let candidates = try Row.fetchAll(
                cached: db,
                sql: """
                    SELECT s.id AS sourceId, v.id AS versionId, v.sha256, v.record FROM source s
                    JOIN documentVersion v ON v.id = s.currentVersionId
                    WHERE s.id != ? AND s.withdrawn = 0 AND v.family = 'session' AND v.status != 'failure'
                        AND instr(v.record, ?) > 0
                    ORDER BY s.path DESC
                    """, arguments: [sourceId, try Self.json(id)])
            for candidate in candidates {
                guard case .session(let document) = try Self.decode(candidate["record"]) else { continue }
                if meetings.contains(id), let meeting = document.meetings.first(where: { $0.id == id }) {
                    try insertMeeting(
                        meeting, key: id, sourceId: candidate["sourceId"], versionId: candidate["versionId"],
                        sha256: candidate["sha256"], in: db)
                    break
                }
                if organizations.contains(id), let organization = document.organizations.first(where: { $0.id == id }) {
                    try insertOrganization(
                        organization, id: id, sourceId: candidate["sourceId"], versionId: candidate["versionId"],
                        sha256: candidate["sha256"], in: db)
                    break
                }
            }
        }
    }

    private func insertOrganization(
        _ organization: Organization, id: String, sourceId: Int64, versionId: Int64, sha256: String, in db: Database
    ) throws {
        try db.executeCached(
            sql: """
                INSERT OR REPLACE INTO organization (id, sourceId, versionId, sha256, name, shortName,
                    organizationType, classification, record)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, sourceId, versionId, sha256, organization.name, organization.shortName,
                organization.organizationType, organization.classification, try Self.json(organization),
            ])
    }

    private func insertMeeting(
        _ meeting: Meeting, key: String, sourceId: Int64, versionId: Int64, sha256: String, in db: Database
    ) throws {
        // The same meeting from another source (an export and a dump): the one written last holds it.
        try db.executeCached(sql: "DELETE FROM agendaItem WHERE meetingId = ?", arguments: [key])
        try db.executeCached(sql: "DELETE FROM meeting WHERE id = ?", arguments: [key])
        var header = meeting
        header.agendaItems = []
        try db.executeCached(
            sql: """
                INSERT INTO meeting (id, sourceId, versionId, sha256, name, start, "end", date, organization,
                    organizationId, meetingState, cancelled, location, record)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                key, sourceId, versionId, sha256, meeting.name, meeting.start, meeting.end, meeting.date?.description,
                try meeting.organization.map(Self.json), try meeting.organizationId.map(Self.json),
                meeting.meetingState, meeting.cancelled, meeting.location, try Self.json(header),
            ])
        for (position, item) in meeting.agendaItems.enumerated() where item.deleted != true {
            try db.executeCached(
                sql: """
                    INSERT OR REPLACE INTO agendaItem (key, id, meetingId, position, number, name, public,
                        paperReference, paperId, result, resultCode, sha256, record, consultationId)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    item.id ?? "\(key)#item-\(position + 1)", item.id, key, position + 1, item.number, item.name,
                    item.public, Self.referenceKey(item.paperReference), item.paperId, item.result, item.resultCode,
                    sha256, try Self.json(item), item.consultationId,
                ])
        }
    }

    private func insertOrigin(
        reference: String, paper: Paper, links: [ConsultationLink], paperId: String?, origin: String,
        sourceId: Int64, versionId: Int64, sha256: String, in db: Database
    ) throws {
        try db.executeCached(
            sql: """
                INSERT OR REPLACE INTO paperOrigin (reference, sourceId, versionId, origin, paperId, sha256, paper)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [reference, sourceId, versionId, origin, paperId, sha256, try Self.json(paper)])
        let originId = db.lastInsertedRowID
        // OParl gives the consultations' links in the same order as the consultations.
        let aligned = links.count == paper.consultations.count
        for (position, consultation) in paper.consultations.enumerated() {
            let link = aligned ? links[position] : nil
            try db.executeCached(
                sql: """
                    INSERT INTO consultation (originId, reference, position, date, organization, role, roleRaw,
                        agendaItemNumber, public, authoritative, result, resultCode, consultationId, meetingId,
                        agendaItemId, sha256)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    originId, reference, position + 1, consultation.date?.description, consultation.organization,
                    consultation.role, consultation.roleRaw, consultation.agendaItemNumber, consultation.public,
                    consultation.authoritative, consultation.result, consultation.resultCode, link?.id,
                    link?.meetingId, link?.agendaItemId, sha256,
                ])
        }
    }

    /// Re-points every paper that `sourceId` holds (after it was withdrawn or came back).
    static func refreshPapers(of sourceId: Int64, in db: Database, tracker: StatusTracker? = nil) throws {
        let references = try String.fetchAll(
            cached: db, sql: "SELECT DISTINCT reference FROM paperOrigin WHERE sourceId = ? ORDER BY reference",
            arguments: [sourceId])
        for reference in references { try refreshPaper(reference, in: db) }
        try tracker?.refresh(Set(references), in: db)
    }

    /// Points the paper at its best origin: a Vorlage (PDF, text) before session data, a source
    /// that is not withdrawn before one that is, then the origin written last. Removes the paper
    /// when no source holds it any more.
    static func refreshPaper(_ reference: String, in db: Database) throws {
        let best = try Row.fetchOne(
            cached: db,
            sql: """
                SELECT o.versionId, o.origin, o.sha256, o.paper, s.withdrawn FROM paperOrigin o
                JOIN source s ON s.id = o.sourceId
                WHERE o.reference = ?
                ORDER BY s.withdrawn ASC, o.origin = 'document' DESC, o.id DESC
                LIMIT 1
                """, arguments: [reference])
        guard let best else {
            try db.executeCached(sql: "DELETE FROM paper WHERE reference = ?", arguments: [reference])
            return
        }
        let paperJSON: String = best["paper"]
        let paper = try JSONDecoder().decode(Paper.self, from: Data(paperJSON.utf8))
        try db.executeCached(
            sql: """
                INSERT OR REPLACE INTO paper (reference, currentVersionId, origin, name, paperType, date, sha256, withdrawn)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                reference, best["versionId"] as Int64, best["origin"] as String, paper.name, paper.paperType,
                paper.date?.description, best["sha256"] as String, best["withdrawn"] as Bool,
            ])
    }

    // MARK: - Helpers

    /// The key a paper is filed under: its reference in NFC with its spaces collapsed.
    static func referenceKey(_ reference: String?) -> String? {
        guard let reference else { return nil }
        let key = reference.precomposedStringWithCanonicalMapping.split(whereSeparator: \.isWhitespace)
            .joined(separator: " ")
        return key.isEmpty ? nil : key
    }

    static func json<T: Encodable>(_ value: T) throws -> String { try JSONOutput.encode(value, pretty: false) }

    /// The typed result behind a record: a Vorlage record has provenance, a session record does not.
    static func decode(_ record: String) throws -> PipelineResult {
        let data = Data(record.utf8)
        let decoder = JSONDecoder()
        if let document = try? decoder.decode(PaperDocument.self, from: data) { return .paper(document) }
        do {
            return .session(try decoder.decode(SessionDocument.self, from: data))
        } catch {
            throw StoreError("the record is neither a Vorlage nor a session document: \(error)")
        }
    }
}

extension PipelineResult {
    var family: String {
        switch self {
        case .paper: "paper"
        case .session: "session"
        }
    }

    /// The profile or dialect that read the input.
    var reader: String? {
        switch self {
        case .paper(let document): document.profile
        case .session(let document): document.dialect
        }
    }
}

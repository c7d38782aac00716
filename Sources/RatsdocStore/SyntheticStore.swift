import Foundation
import GRDB
import RatsdocCore

/// A generated store for benchmarks (`ratsdoc bench --serve-papers N`): N papers, each with a
/// Beratungsfolge of two to five steps among 24 committees, dated over three years around
/// `today`; steps before `today` are treated (a few postponed), the rest planned. Rows as ingest
/// writes them (source, version, paper, origin, consultations, status), with made-up paths.
public enum SyntheticStore {
    static let committees = [
        "Gemeinderat", "Hauptausschuss", "Haupt- und Finanzausschuss", "Planungsausschuss", "Schulausschuss",
        "Sozialausschuss", "Kulturausschuss", "Sportausschuss", "Ausschuss für Umwelt und Gesundheit",
        "Ausschuss für öffentliche Einrichtungen", "Betriebsausschuss Bäder", "Jugendhilfeausschuss",
        "Integrationsausschuss", "Bauausschuss", "Verkehrsausschuss", "Wirtschaftsausschuss",
        "Ortschaftsrat Durlach", "Ortschaftsrat Grötzingen", "Ortschaftsrat Wettersbach", "Ortschaftsrat Neureut",
        "Bezirksvertretung Mitte", "Bezirksvertretung Süd", "Bezirksvertretung Nord", "Personalausschuss",
    ]

    /// Adds `papers` papers to the store; returns how many are pending on `today`.
    public static func fill(store: Store, papers: Int, today: CalendarDate, tracker: StatusTracker) throws -> Int {
        var random = SeededRandom(state: 0x5EED)
        var pending = 0
        let now = Store.timestamp()
        let batch = 1000
        var start = 0
        while start < papers {
            let end = min(papers, start + batch)
            pending += try store.database.write { db -> Int in
                try db.execute(
                    sql: "INSERT INTO run (startedAt, finishedAt, state, build, arguments) VALUES (?, ?, 'finished', 'synthetic', '[]')",
                    arguments: [now, now])
                let runId = db.lastInsertedRowID
                var open = 0
                for index in start..<end {
                    let reference = String(format: "%04d/%05d", 2024 + index % 3, index)
                    let name = "Synthetische Vorlage \(index): \(committees[index % committees.count]) – Maßnahme \(index % 97)"
                    let count = 2 + Int(random.next() % 4)
                    let base = today.dayNumber - 540 + Int(random.next() % 1080)
                    var consultations: [Consultation] = []
                    for step in 0..<count {
                        let last = step == count - 1
                        let organization = last ? "Gemeinderat" : committees[1 + Int(random.next() % UInt64(committees.count - 1))]
                        let date = CalendarDate(dayNumber: base + step * 14)
                        var consultation = Consultation(
                            date: date, organization: organization, role: last ? "Entscheidung" : "Vorberatung",
                            agendaItemNumber: String(1 + random.next() % 30), public: true, authoritative: last)
                        if let date, date < today {
                            let postponed = random.next() % 20 == 0
                            consultation.result = postponed ? "vertagt" : (last ? "beschlossen" : "vorberaten")
                            consultation.resultCode = postponed ? "postponed" : (last ? "approved" : "deliberated")
                        }
                        consultations.append(consultation)
                    }
                    let paper = Paper(
                        reference: reference, name: name, paperType: "Beschlussvorlage",
                        date: CalendarDate(dayNumber: base - 30), consultations: consultations)
                    let document = PaperDocument(
                        source: SourceInfo(path: "synthetic/\(index).txt", sha256: String(format: "%064x", index), mediaType: "text/plain", pages: 1),
                        status: .success, profile: "synthetic", profileScore: 1, paper: paper, findings: [], provenance: [:])
                    let record = try JSONOutput.encode(document, pretty: false)
                    let sha = document.source.sha256
                    try db.execute(
                        sql: """
                            INSERT INTO source (path, displayPath, outputName, sha256, size, firstSeen, lastSeen, lastRunId)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            """, arguments: ["/synthetic/\(index).txt", document.source.path, "\(index).txt.json", sha, record.utf8.count, now, now, runId])
                    let sourceId = db.lastInsertedRowID
                    try db.execute(
                        sql: """
                            INSERT INTO documentVersion (sourceId, number, sha256, size, family, mediaType, status, reader, build,
                                record, createdAt, runId)
                            VALUES (?, 1, ?, ?, 'paper', 'text/plain', 'success', 'synthetic', 'synthetic', ?, ?, ?)
                            """, arguments: [sourceId, sha, record.utf8.count, record, now, runId])
                    let versionId = db.lastInsertedRowID
                    try db.execute(sql: "UPDATE source SET currentVersionId = ? WHERE id = ?", arguments: [versionId, sourceId])
                    try db.execute(
                        sql: """
                            INSERT INTO paperOrigin (reference, sourceId, versionId, origin, sha256, paper)
                            VALUES (?, ?, ?, 'document', ?, ?)
                            """, arguments: [reference, sourceId, versionId, sha, try JSONOutput.encode(paper, pretty: false)])
                    let originId = db.lastInsertedRowID
                    for (position, consultation) in consultations.enumerated() {
                        try db.execute(
                            sql: """
                                INSERT INTO consultation (originId, reference, position, date, organization, role,
                                    agendaItemNumber, public, authoritative, result, resultCode, sha256)
                                VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)
                                """,
                            arguments: [
                                originId, reference, position + 1, consultation.date?.description, consultation.organization,
                                consultation.role, consultation.agendaItemNumber, consultation.authoritative,
                                consultation.result, consultation.resultCode, sha,
                            ])
                    }
                    try db.execute(
                        sql: """
                            INSERT INTO paper (reference, currentVersionId, origin, name, paperType, date, sha256)
                            VALUES (?, ?, 'document', ?, 'Beschlussvorlage', ?, ?)
                            """, arguments: [reference, versionId, name, paper.date?.description, sha])
                    try tracker.refresh([reference], in: db)
                    if try String.fetchOne(db, sql: "SELECT state FROM paperStatus WHERE reference = ?", arguments: [reference]) == "pending" {
                        open += 1
                    }
                }
                return open
            }
            start = end
        }
        return pending
    }

    /// A fixed generator (SplitMix64): the same sequence for the same seed, every time.
    public struct SeededRandom: RandomNumberGenerator, Sendable {
        public var state: UInt64
        public init(state: UInt64) { self.state = state }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}

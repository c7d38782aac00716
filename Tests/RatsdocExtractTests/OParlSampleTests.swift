import Foundation
import RatsdocCore
import RatsdocTestSupport
import Testing

@testable import RatsdocExtract

/// The real OParl samples in `../shared/samples` (skipped when absent).
@Suite("OParl real samples", .enabled(if: FixturePaths.sharedSamples != nil))
struct OParlSampleTests {
    static var karlsruhe: String {
        FixturePaths.sharedSamples?.appendingPathComponent("karlsruhe-oparl-syndication/docs").path ?? ""
    }
    static var huertgenwald: String {
        FixturePaths.sharedSamples?.appendingPathComponent("oparl-validator-rs/cache_huertgenwald").path ?? ""
    }

    /// Imports a dump directory; returns documents by path relative to the dump, and the failures.
    private func importDump(_ root: String) throws -> ([String: SessionDocument], [ExtractionError]) {
        var documents: [String: SessionDocument] = [:]
        var failures: [ExtractionError] = []
        for result in try SessionFixtures.importer().importDirectory(at: root) {
            switch result {
            case .success(let document): documents[String(document.source.path.dropFirst(root.count + 1))] = document
            case .failure(let error): failures.append(error)
            }
        }
        return (documents, failures)
    }

    @Test("Karlsruhe meeting 10512: 47 agenda items with results, organization and paper resolved")
    func karlsruheMeeting() throws {
        let (documents, _) = try importDump(Self.karlsruhe)
        let document = try #require(documents["meetings/10512.json"])
        #expect(document.dialect == "oparl-1.1")
        let meeting = try #require(document.meetings.first)
        #expect(document.meetings.count == 1)
        #expect(meeting.agendaItems.count == 47)
        #expect(meeting.start == "2026-04-28T15:30:00+02:00")
        #expect(meeting.date == CalendarDate(year: 2026, month: 4, day: 28))
        #expect(meeting.organization == ["Gemeinderat"])
        #expect(meeting.agendaItems.map(\.order) == Array(1...47))
        #expect(meeting.agendaItems.compactMap(\.result).count == 41)
        var codes: [String: Int] = [:]
        for item in meeting.agendaItems { codes[item.resultCode ?? "none", default: 0] += 1 }
        #expect(
            codes == [
                "approved": 20, "noted": 12, "deliberated": 6, "none": 6, "settled": 1, "rejected": 1, "noVote": 1,
            ])
        #expect(meeting.agendaItems.filter { $0.votes?.unanimous == true }.count == 9)
        let top7 = meeting.agendaItems[6]
        #expect(top7.number == "7")
        #expect(top7.result == "einstimmig beschlossen")
        #expect(top7.paperReference == "2026/0061")
        #expect(top7.paperId == "https://web1.karlsruhe.de/oparl/bodies/0001/papers/vo/54191")
    }

    @Test(
        "Karlsruhe papers: references, organizations, meeting dates and roles as in the JSON",
        arguments: [
            (
                "54191", "2026/0061",
                ["Ortschaftsrat Wettersbach", "Schulausschuss", "Ortschaftsrat Wettersbach", "Gemeinderat"],
                ["Anhörung", "Vorberatung", "Anhörung", "Entscheidung"], [nil, nil, nil, "2026-04-28"],
                [true, true, true, true]
            ),
            (
                "54283", "2026/0146", ["Haupt- und Finanzausschuss", "Bauausschuss", "Haupt- und Finanzausschuss"],
                ["Kenntnisnahme", "Vorberatung", "Entscheidung"], [nil, nil, nil], [false, false, true]
            ),
            (
                "49581", "2023/0840/1", ["Ausschuss für Umwelt und Gesundheit", "Gemeinderat"],
                ["Vorberatung", "Entscheidung"], [nil, nil], [false, true]
            ),
        ] as [(String, String, [String], [String], [String?], [Bool])])
    func karlsruhePaper(
        id: String, reference: String, organizations: [String], roles: [String], dates: [String?], authoritative: [Bool]
    ) throws {
        let (documents, failures) = try importDump(Self.karlsruhe)
        // file-contents/676088.json is the scraper's metadata, not OParl.
        #expect(failures.map(\.code) == [.wrongType])
        let document = try #require(documents["papers/\(id).json"])
        let paper = try #require(document.papers.first)
        #expect(paper.paper.reference == reference)
        #expect(paper.paper.paperType == "Beschlussvorlage")
        #expect(paper.paper.consultations.map(\.organization) == organizations)
        #expect(paper.paper.consultations.map(\.role) == roles)
        #expect(paper.paper.consultations.map(\.roleRaw) == roles.map { _ in nil })
        #expect(paper.paper.consultations.map { $0.date?.description } == dates)
        #expect(paper.paper.consultations.map(\.authoritative) == authoritative)
    }

    @Test("Karlsruhe 54191: the consultation in the dumped meeting gets its TOP number")
    func karlsruheAgendaItemNumber() throws {
        let (documents, _) = try importDump(Self.karlsruhe)
        let paper = try #require(documents["papers/54191.json"]?.papers.first)
        #expect(paper.paper.consultations.map(\.agendaItemNumber) == [nil, nil, nil, "7"])
        #expect(paper.paper.consultations.map(\.public) == [nil, nil, nil, true])
    }

    @Test(
        "Hürtgenwald paper pages: papers with consultations, deleted ones marked",
        arguments: [
            ("paper-page-74.json", 25, 6, 19, 0, "22/2020", nil as String?),
            ("paper-page-84.json", 25, 10, 17, 17, "111/2021", "2021-07-01"),
        ])
    func huertgenwaldPapers(
        file: String, papers: Int, deleted: Int, consultations: Int, dated: Int, firstReference: String,
        firstDate: String?
    ) throws {
        let (documents, failures) = try importDump(Self.huertgenwald)
        #expect(failures.isEmpty)
        let document = try #require(documents["body/1/\(file)"])
        #expect(document.dialect == "oparl-1.0")
        #expect(document.papers.count == papers)
        let deletedPapers = document.papers.filter { $0.deleted == true }
        #expect(deletedPapers.count == deleted)
        #expect(deletedPapers.allSatisfy { $0.paper.reference == nil && $0.paper.consultations.isEmpty })
        let all = document.papers.flatMap(\.paper.consultations)
        #expect(all.count == consultations)
        #expect(all.allSatisfy { $0.organization != nil && $0.role == nil && !$0.authoritative })
        #expect(all.filter { $0.date != nil }.count == dated)
        let first = try #require(document.papers.first { $0.deleted != true })
        #expect(first.paper.reference == firstReference)
        #expect(first.paper.consultations.first?.organization == "Gemeinderat")
        #expect(first.paper.consultations.first?.date?.description == firstDate)
    }
}

import Foundation
import RatsdocBench
import RatsdocCore
import RatsdocTestSupport
import Testing

@testable import RatsdocExtract

/// Shared helpers for the session import tests.
enum SessionFixtures {
    static let pipelines = FixturePaths.packageRoot.appendingPathComponent("Pipelines")

    static func importer(mapping: String? = nil, recover: Bool = false) throws -> SessionImporter {
        try SessionImporter(pipelinesDirectory: pipelines, mapping: mapping, recover: recover)
    }

    static func xml(_ name: String) -> String { FixturePaths.fixture("xml/\(name)").path }

    /// The document's JSON with `source.path` made relative, so goldens do not depend on the checkout.
    static func json(_ document: SessionDocument, relativePath: String) throws -> String {
        var document = document
        document.source.path = relativePath
        return String(decoding: try document.jsonData(), as: UTF8.self)
    }

    static func temporaryFile(_ name: String, contents: Data) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ratsdoc-session-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url)
        return url
    }
}

@Suite("Session XML import")
struct SessionXMLTests {
    @Test("golden JSON", arguments: ["allris-latin1", "allris-utf8", "allris-cp1252", "ratsdoc-export"])
    func golden(name: String) throws {
        let document = try SessionFixtures.importer().importFile(at: SessionFixtures.xml("\(name).xml"))
        let json = try SessionFixtures.json(document, relativePath: "Fixtures/xml/\(name).xml")
        let expectedURL = FixturePaths.fixture("xml/expected/\(name).json")
        if FixturePaths.updateGoldens {
            try Data(json.utf8).write(to: expectedURL)
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(json == expected)
    }

    @Test("ALLRIS mapping reads fields, number parts, vocabulary and votes")
    func allrisFields() throws {
        let document = try SessionFixtures.importer().importFile(at: SessionFixtures.xml("allris-latin1.xml"))
        #expect(document.dialect == "allris-ws")
        #expect(document.status == .success)
        #expect(document.findings.isEmpty)
        #expect(document.meetings.count == 2)
        let council = try #require(document.meetings.first)
        #expect(council.id == "4711")
        #expect(council.start == "2026-03-12T17:00:00")
        #expect(council.end == "2026-03-12T19:45:00")
        #expect(council.date == CalendarDate(year: 2026, month: 3, day: 12))
        #expect(council.organization == ["Rat der Stadt"])
        #expect(council.location == "Ratssaal, Rathaus, Marktplatz 1")
        #expect(council.agendaItems.map(\.number) == ["1", "2.1", "3", "4"])
        #expect(council.agendaItems.map(\.order) == [1, 2, 3, 4])
        #expect(council.agendaItems.map(\.public) == [true, true, false, true])
        #expect(council.agendaItems.map(\.resultCode) == ["noted", "approvedUnchanged", "postponed", "rejected"])
        #expect(council.agendaItems.map(\.paperId) == [nil, "10822", nil, "10831"])
        let second = council.agendaItems[1]
        #expect(second.name == "Ausbau der Größeren Gasse (Süd)")
        #expect(second.paperReference == "FB 61/0123/WP18")
        #expect(
            second.resolutionText
                == "Der Rat beschließt die Entwurfsplanung. Die Verwaltung wird beauftragt, die Maßnahme auszuschreiben."
        )
        #expect(council.agendaItems[3].votes == VoteCount(yes: 10, no: 13, abstain: 1))
        let committee = document.meetings[1]
        #expect(committee.end == nil)
        #expect(committee.agendaItems.map(\.resultCode) == ["approved", "settled"])
        #expect(committee.agendaItems[0].votes == VoteCount(yes: 15, unanimous: true))
    }

    @Test("Latin-1 and UTF-8 exports give the same records")
    func encodingsAgree() throws {
        let importer = try SessionFixtures.importer()
        let latin1 = try importer.importFile(at: SessionFixtures.xml("allris-latin1.xml"))
        let utf8 = try importer.importFile(at: SessionFixtures.xml("allris-utf8.xml"))
        #expect(latin1.meetings == utf8.meetings)
        #expect(latin1.source.sha256 != utf8.source.sha256)
    }

    @Test("windows-1252 characters outside Latin-1 are decoded")
    func windows1252() throws {
        let document = try SessionFixtures.importer().importFile(at: SessionFixtures.xml("allris-cp1252.xml"))
        let item = try #require(document.meetings.first?.agendaItems.first)
        #expect(item.name == "„Stadtbahn – 2. Bauabschnitt“: Mehrkosten 1,2 Mio. €")
        #expect(item.number == "5.2.1")
        #expect(item.resultCode == "recommendedChanged")
    }

    @Test("ratsdoc export shape: namespace detection, papers, consultations, roles")
    func ratsdocExport() throws {
        let document = try SessionFixtures.importer().importFile(at: SessionFixtures.xml("ratsdoc-export.xml"))
        #expect(document.dialect == "ratsdoc-export")
        #expect(document.organizations.map(\.name) == ["Rat der Stadt", "Ausschuss für Schule und Weiterbildung"])
        #expect(document.papers.count == 2)
        let paper = document.papers[0]
        #expect(paper.paper.reference == "2026/0061")
        #expect(paper.paper.consultations.map(\.role) == ["Vorberatung", "Entscheidung"])
        #expect(paper.paper.consultations.map(\.roleRaw) == [nil, "Beschluss"])
        #expect(paper.paper.consultations.map(\.authoritative) == [false, true])
        #expect(paper.consultationLinks.map(\.meetingId) == ["m-288", "m-301"])
        #expect(document.papers[1].deleted == true)
        #expect(document.meetings[0].agendaItems[1].votes == VoteCount(yes: 45, unanimous: true))
    }

    @Test("SHA-256 of the stream equals the core digest")
    func digest() throws {
        let path = SessionFixtures.xml("allris-latin1.xml")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let document = try SessionFixtures.importer().importFile(at: path)
        #expect(document.source.sha256 == SHA256Digest.hex(of: data))
        var stream = SHA256Digest()
        let bytes = (0..<100_003).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for chunk in stride(from: 0, to: bytes.count, by: 997) {
            bytes[chunk..<min(chunk + 997, bytes.count)].withUnsafeBytes { stream.update($0) }
        }
        #expect(stream.finalizeHex() == SHA256Digest.hex(of: bytes))
    }

    @Test("an unknown root element names the problem; --mapping overrides detection")
    func detection() throws {
        let url = try SessionFixtures.temporaryFile(
            "other.xml", contents: Data("<export><list><item><silfdnr>1</silfdnr></item></list></export>".utf8))
        #expect {
            try SessionFixtures.importer().importFile(at: url.path)
        } throws: { error in
            (error as? ExtractionError)?.code == .wrongType
        }
        let forced = try SessionFixtures.importer(mapping: "allris-ws").importFile(at: url.path)
        #expect(forced.meetings.map(\.id) == ["1"])
    }

    @Test("malformed XML without --recover is a malformed error with a line")
    func malformedWithoutRecover() throws {
        let importer = try SessionFixtures.importer()
        let result = Result<SessionDocument, ExtractionError> { () throws(ExtractionError) in
            try importer.importFile(at: SessionFixtures.xml("allris-broken.xml"))
        }
        guard case .failure(let error) = result else {
            Issue.record("expected an error")
            return
        }
        #expect(error.code == .malformed)
        #expect(error.line == 7)
    }

    @Test("a generated 5 MB export streams record by record with exact counts")
    func generatedExport() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-gen-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: url) }
        let meetings = try SyntheticExport.writeALLRIS(to: url, targetBytes: 5_000_000).meetings
        let importer = try SessionFixtures.importer()
        var agendaItems = 0
        var meetingCount = 0
        let (dialect, findings, summary) = try importer.streamRecords(at: url.path) { record in
            if case .meeting(let meeting) = record {
                meetingCount += 1
                agendaItems += meeting.agendaItems.count
            }
        }
        #expect(dialect == "allris-ws")
        #expect(findings.isEmpty)
        #expect(meetingCount == meetings)
        #expect(agendaItems == meetings * SyntheticExport.agendaItemsPerMeeting)
        #expect(summary.records == meetings)
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
        #expect(summary.bytes == size)
    }

    @Test("parsing and mapping on two threads gives the same document as on one")
    func twoStageImportMatchesOneStage() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ratsdoc-two-stage-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: url) }
        let meetings = try SyntheticExport.writeALLRIS(to: url, targetBytes: 3_000_000).meetings
        var oneStage = try SessionFixtures.importer()
        oneStage.twoStageThreshold = .max
        var twoStage = try SessionFixtures.importer()
        twoStage.twoStageThreshold = 0
        let single = try oneStage.importFile(at: url.path)
        let double = try twoStage.importFile(at: url.path)
        #expect(double.meetings.count == meetings)
        #expect(try JSONOutput.encode(double, pretty: false) == JSONOutput.encode(single, pretty: false))
    }

    @Test("the worked example in Pipelines/xml/README.md gives what the README says")
    func readmeExample() throws {
        let readme = try String(
            contentsOf: SessionFixtures.pipelines.appendingPathComponent("xml/README.md"), encoding: .utf8)
        let blocks = readme.components(separatedBy: "```")
        let xml = try #require(blocks.first { $0.hasPrefix("xml\n<?xml") }).dropFirst(4)
        let yaml = try #require(blocks.last { $0.hasPrefix("yaml\nname: my-vendor") }).dropFirst(5)
        let xmlURL = try SessionFixtures.temporaryFile(
            "export.xml", contents: String(xml).data(using: .windowsCP1252) ?? Data())
        let mappingURL = try SessionFixtures.temporaryFile("my-vendor.yml", contents: Data(yaml.utf8))
        let document = try SessionFixtures.importer(mapping: mappingURL.path).importFile(at: xmlURL.path)
        #expect(document.dialect == "my-vendor")
        let meeting = try #require(document.meetings.first)
        #expect(meeting.start == "2026-02-05T18:00:00")
        #expect(meeting.date?.description == "2026-02-05")
        let item = try #require(meeting.agendaItems.first)
        #expect(item.public == true)
        #expect(item.paperReference == "BV/2026/014")
        #expect(item.resultCode == "approved")
        #expect(item.votes == VoteCount(unanimous: true))
        #expect(document.findings.isEmpty)
    }
}

@Suite("Synthetic ALLRIS export")
struct SyntheticExportTests {
    @Test("a 2 MB generated export streams to the exact record counts, votes and codes")
    func twoMegabytes() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ratsdoc-synthetic-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: url) }
        let written = try SyntheticExport.writeALLRIS(to: url, targetBytes: 2_000_000)
        #expect(written.meetings == 371)
        #expect(written.agendaItems == 371 * 12)
        #expect(written.agendaItemsWithVotes == 2226)
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
        #expect(written.bytes == size)
        #expect(written.bytes >= 2_000_000)

        let importer = try SessionFixtures.importer()
        var meetings: [Meeting] = []
        let (dialect, findings, summary) = try importer.streamRecords(at: url.path) { record in
            if case .meeting(let meeting) = record { meetings.append(meeting) }
        }
        #expect(dialect == "allris-ws")
        #expect(findings.isEmpty)
        #expect(summary.records == 371)
        #expect(summary.bytes == written.bytes)
        #expect(meetings.count == 371)
        #expect(meetings.map(\.agendaItems.count).reduce(0, +) == 4452)
        #expect(meetings.flatMap(\.agendaItems).filter { $0.votes != nil }.count == 2226)
        let first = try #require(meetings.first)
        #expect(first.id == "1")
        #expect(first.name == "Sitzung Nr. 1 des Ausschusses für Straßen und Grünflächen")
        #expect(first.start == "2026-02-11T17:00:00")
        #expect(first.end == "2026-02-11T19:30:00")
        #expect(first.location == "Großer Sitzungssaal, Rathaus, Marktplatz 1")
        #expect(
            first.agendaItems.map(\.number) == ["1", "2", "3.1", "4", "5", "6.1", "7", "8", "9.1", "10", "11", "12.1"])
        #expect(first.agendaItems.map(\.public) == Array(repeating: true, count: 11) + [false])
        #expect(first.agendaItems[0].votes == VoteCount(unanimous: true))
        #expect(first.agendaItems[0].resultCode == "approved")
        #expect(first.agendaItems[3].votes == VoteCount(yes: 6, no: 1, abstain: 1))
        #expect(first.agendaItems[3].resultCode == "approved")
        #expect(first.agendaItems[2].resultCode == "approvedUnchanged")
        #expect(first.agendaItems[1].resultCode == "noted")
        #expect(first.agendaItems[1].votes == nil)
    }
}

import Foundation
import Testing

@testable import RatsdocCore

@Suite("OParl deviations")
struct OParlReaderTests {
    private func read(_ json: String, extra: [String] = []) throws -> (OParlReader.Output, Int) {
        let parsed = try #require(JSONValue.parse(Data(json.utf8)))
        var index = OParlIndex()
        index.add(parsed.value)
        for other in extra { index.add(try #require(JSONValue.parse(Data(other.utf8))).value) }
        let reader = OParlReader(
            results: try CoreSessionFixtures.vocabulary("results"), roles: try CoreSessionFixtures.vocabulary("roles"))
        return (reader.read(parsed.value, index: index), parsed.repairedControlCharacters)
    }

    private func papers(_ output: OParlReader.Output) -> [SessionPaper] {
        output.records.compactMap { if case .paper(let paper) = $0 { paper } else { nil } }
    }

    static let organizations = """
        [{"id": "https://x/org/1", "type": "https://schema.oparl.org/1.0/Organization", "name": "Rat"},
         {"id": "https://x/org/2", "type": "https://schema.oparl.org/1.0/Organization", "name": "Bauamt"}]
        """

    @Test("1.0 underDirectionof spelling, auxiliaryFile object, mimeType pdf, role missing and unbekannt")
    func paperDeviations() throws {
        let json = """
            {"id": "https://x/paper/1", "type": "https://schema.oparl.org/1.0/Paper", "reference": "1/2020",
             "underDirectionof": ["https://x/org/2"],
             "auxiliaryFile": {"id": "https://x/file/1", "name": "Anlage 1", "mimeType": "pdf", "accessUrl": "https://x/a.pdf"},
             "consultation": [
               {"id": "https://x/c/1", "organization": ["https://x/org/1"], "meeting": "https://x/meeting/9"},
               {"id": "https://x/c/2", "organization": ["https://x/org/1"], "role": "unbekannt", "authoritative": true}
             ]}
            """
        let meeting = """
            {"id": "https://x/meeting/9", "type": "https://schema.oparl.org/1.0/Meeting", "start": "2020-03-05T18:00:00+01:00"}
            """
        let (output, _) = try read(json, extra: [Self.organizations, meeting])
        let paper = try #require(papers(output).first)
        #expect(output.dialect == "oparl-1.0")
        #expect(paper.underDirectionOf == ["https://x/org/2"])
        #expect(paper.paper.leadDepartment == "Bauamt")
        #expect(
            paper.files == [
                SessionFile(
                    role: .auxiliary, name: "Anlage 1", mimeType: "application/pdf", accessUrl: "https://x/a.pdf")
            ])
        #expect(paper.paper.attachments == ["Anlage 1"])
        #expect(paper.paper.consultations.map(\.role) == [nil, nil])
        #expect(paper.paper.consultations.map(\.roleRaw) == [nil, "unbekannt"])
        #expect(paper.paper.consultations.map(\.organization) == ["Rat", "Rat"])
        #expect(paper.paper.consultations.map { $0.date?.description } == ["2020-03-05", nil])
        #expect(paper.paper.consultations.map(\.authoritative) == [false, true])
        #expect(output.findings.map(\.code) == ["consultationWithoutDate", "mimeTypeNormalized"])
    }

    @Test("list pages: data/links/pagination and bare arrays; deleted objects without type")
    func listPages() throws {
        let page = """
            {"data": [
              {"id": "https://x/paper/1", "type": "https://schema.oparl.org/1.0/Paper", "reference": "1/2020"},
              {"id": "https://x/paper/2", "deleted": true, "created": "2020-01-01T00:00:00+01:00"}
             ],
             "links": {"next": "https://x/paper?page=2"}, "pagination": {"totalElements": 2}}
            """
        let (output, _) = try read(page)
        #expect(papers(output).map(\.id) == ["https://x/paper/1", "https://x/paper/2"])
        #expect(papers(output).map(\.deleted) == [nil, true])
        let bare = "[" + page.split(separator: "[", maxSplits: 1)[1].split(separator: "]", maxSplits: 1)[0] + "]"
        let (bareOutput, _) = try read(bare)
        #expect(papers(bareOutput).map(\.deleted) == [nil, true])
        let (single, _) = try read(#"{"id": "https://x/papers/7", "deleted": true}"#)
        #expect(papers(single).map(\.id) == ["https://x/papers/7"])
        #expect(try !OParlReader.isOParl(#require(JSONValue.parse(Data(#"{"id": "https://x/files/1"}"#.utf8))).value))
    }

    @Test("control characters inside strings are repaired and counted")
    func controlCharacters() throws {
        let json =
            "{\"id\": \"https://x/m/1\", \"type\": \"https://schema.oparl.org/1.1/Meeting\", \"name\": \"Rat\u{01}\nSitzung\"}"
        let (output, repaired) = try read(json)
        #expect(repaired == 2)
        guard case .meeting(let meeting) = try #require(output.records.first) else {
            Issue.record("expected a meeting")
            return
        }
        #expect(meeting.name == "Rat\nSitzung")
        #expect(output.dialect == "oparl-1.1")
    }

    @Test("meeting: organization names, agenda item result codes and votes, paper via consultation")
    func meeting() throws {
        let json = """
            {"id": "https://x/m/1", "type": "https://schema.oparl.org/1.1/Meeting", "organization": ["https://x/org/1", "https://x/org/404"],
             "start": "2021-06-24T18:37:00+02:00",
             "agendaItem": [
               {"id": "https://x/a/1", "type": "https://schema.oparl.org/1.1/AgendaItem", "order": 100001, "number": "1",
                "consultation": "https://x/c/1", "result": "10 Ja-Stimmen, 0 Nein-Stimmen, 5 Enthaltungen", "public": true},
               {"id": "https://x/a/2", "type": "https://schema.oparl.org/1.1/AgendaItem", "order": 100002, "result": "N/A"}
             ]}
            """
        let paper = """
            {"id": "https://x/paper/1", "type": "https://schema.oparl.org/1.1/Paper", "reference": "R-1",
             "consultation": [{"id": "https://x/c/1"}]}
            """
        let (output, _) = try read(json, extra: [Self.organizations, paper])
        guard case .meeting(let meeting) = try #require(output.records.first) else {
            Issue.record("expected a meeting")
            return
        }
        #expect(meeting.organization == ["Rat"])
        #expect(meeting.organizationId == ["https://x/org/1", "https://x/org/404"])
        #expect(meeting.date == CalendarDate(year: 2021, month: 6, day: 24))
        #expect(meeting.agendaItems.map(\.order) == [100001, 100002])
        #expect(meeting.agendaItems[0].votes == VoteCount(yes: 10, no: 0, abstain: 5))
        #expect(meeting.agendaItems[0].resultCode == nil)
        #expect(meeting.agendaItems[0].paperReference == "R-1")
        #expect(meeting.agendaItems[1].result == nil)
        #expect(output.findings.map(\.code) == ["unresolvedOrganization"])
    }
}

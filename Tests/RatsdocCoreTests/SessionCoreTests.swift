import Foundation
import RatsdocTestSupport
import Testing

@testable import RatsdocCore

enum CoreSessionFixtures {
    static let pipelines = FixturePaths.packageRoot.appendingPathComponent("Pipelines")

    static func vocabulary(_ name: String) throws -> ValueVocabulary {
        try ValueVocabulary(contentsOf: pipelines.appendingPathComponent("vocabulary/\(name).yml"))
    }
}

@Suite("Result vocabulary")
struct ResultVocabularyTests {
    @Test(
        "raw result → code",
        arguments: [
            ("ungeändert beschlossen", "approvedUnchanged"), ("Unverändert beschlossen", "approvedUnchanged"),
            ("geändert beschlossen", "approvedChanged"), ("Geändert beschlossen", "approvedChanged"),
            ("Alternative beschlossen", "approvedAlternative"),
            ("unter Vorbehalt beschlossen", "approvedWithReservation"),
            ("ungeändert empfohlen", "recommendedUnchanged"), ("mit Änderungen empfohlen", "recommendedChanged"),
            ("Kenntnis genommen", "noted"), ("Kenntnisnahme", "noted"), ("zurückgestellt", "postponed"),
            ("vertagt", "postponed"), ("Sache ist erledigt", "settled"), ("erledigt", "settled"),
            ("zur weiteren Bearbeitung in die Verwaltung überwiesen", "referredToAdministration"),
            ("im ersten Durchgang verwiesen", "referredFirstReading"),
            ("ohne Votum in nachfolgende Gremien", "referredWithoutVote"),
            ("verwiesen in nachfolgende Gremien (ohne Rücklauf)", "referredNoReturn"),
            ("verwiesen in nachfolgende Gremien", "referred"),
            ("ohne Votum verwiesen mit erneuter Wiedervorlage", "referredWithoutVote"),
            ("abgelehnt (in der Vorberatung)", "rejectedPreliminary"), ("endgültig abgelehnt", "rejected"),
            ("mehrheitlich abgelehnt", "rejected"), ("endgültig zurückgezogen", "withdrawn"),
            ("Übergang zum nächsten Tagesordnungspunkt", "nextItem"), ("einstimmig beschlossen", "approved"),
            ("mehrheitlich beschlossen", "approved"), ("Einstimmige Zustimmung (45 Ja)", "approved"),
            ("keine Abstimmung", "noVote"), ("Beratung im Fachgremium/Arbeitskreis", "deliberated"),
            ("Ohne Widerrede wird dem zugestimmt, es erfolgt keine Abstimmung.", "approved"),
            ("  UNGEÄNDERT\n beschlossen ", "approvedUnchanged"),
        ])
    func code(raw: String, code: String) throws {
        #expect(try CoreSessionFixtures.vocabulary("results").code(for: raw) == code)
    }

    @Test(
        "texts without a known phrase get no code",
        arguments: ["einstimmig, 0 Enthaltungen", "ohne", "", "Beschlussvorlage"])
    func noCode(raw: String) throws {
        #expect(try CoreSessionFixtures.vocabulary("results").code(for: raw) == nil)
    }

    @Test("roles: known roles kept, Beschluss → Entscheidung, unbekannt → none")
    func roles() throws {
        let roles = try CoreSessionFixtures.vocabulary("roles")
        #expect(roles.code(for: "Anhörung") == "Anhörung")
        #expect(roles.code(for: "Beschluss") == "Entscheidung")
        #expect(roles.code(for: "Beschlussfassung") == "Entscheidung")
        #expect(roles.code(for: "Vorberatung") == "Vorberatung")
        #expect(roles.code(for: "Beratung") == "Beratung")
        #expect(roles.code(for: "unbekannt") == nil)
    }
}

@Suite("Vote counts")
struct VoteCountParserTests {
    @Test(
        "parsed counts",
        arguments: [
            ("10 Ja-Stimmen, 13 Nein-Stimmen, 1 Enthaltung", VoteCount(yes: 10, no: 13, abstain: 1)),
            ("Einstimmige Zustimmung (45 Ja)", VoteCount(yes: 45, unanimous: true)),
            ("einstimmig, 0 Enthaltungen", VoteCount(abstain: 0, unanimous: true)),
            ("einstimmig, ohne Enthaltung", VoteCount(abstain: 0, unanimous: true)),
            ("einstimmig, 1 Enthaltung", VoteCount(abstain: 1, unanimous: true)),
            (
                "Einstimmig15-Ja-Stimmen, 0 Nein-Stimmen, 0 Enthaltungen",
                VoteCount(yes: 15, no: 0, abstain: 0, unanimous: true)
            ),
            ("12 Ja-Stimmen, 1 Nein-Stimme, 1 Enthaltung", VoteCount(yes: 12, no: 1, abstain: 1)),
            ("6 Ja-Stimmen, 2 Nein-Stimmen, 6 Enthaltungen", VoteCount(yes: 6, no: 2, abstain: 6)),
            ("einstimmig beschlossen", VoteCount(unanimous: true)),
            ("mehrheitlich beschlossen bei 3 Gegenstimmen", VoteCount(no: 3)),
        ])
    func counts(text: String, expected: VoteCount) {
        #expect(VoteCountParser.parse(text) == expected)
    }

    @Test(
        "no counts, or ambiguous ones, give nil",
        arguments: [
            "mehrheitlich beschlossen", "Kenntnisnahme", "ohne",
            "JaNeinEnthaltungBM1CDU91FFH6SPD14GRÜNE11FDP3Gesamt:1809",
            "a) einstimmig, 0 Enthaltungenb) 9 Ja-Stimmen, 4 Nein-Stimmen, 1 Enthaltungc) 4 Ja-Stimmen, 10 Nein-Stimmen",
        ])
    func none(text: String) {
        #expect(VoteCountParser.parse(text) == nil)
    }
}

@Suite("Date format hints")
struct DateFormatHintTests {
    @Test(
        "parse",
        arguments: [
            ("dd.MM.yyyy", "12.03.2026", "2026-03-12"), ("dd.MM.yyyy HH:mm", "12.03.2026 17:00", "2026-03-12T17:00:00"),
            ("dd.MM.yyyy HH:mm", "12.03.2026", "2026-03-12"), ("d.M.yy", "1.4.26", "2026-04-01"),
            ("yyyy-MM-dd'T'HH:mm:ss", "2026-03-12'T'08:05:09", "2026-03-12T08:05:09"),
        ])
    func parse(format: String, text: String, iso: String) {
        #expect(DateFormatHint(format).parse(text)?.isoDateTime == iso)
    }

    @Test(
        "reject",
        arguments: [
            ("dd.MM.yyyy", "31.02.2026"), ("dd.MM.yyyy", "2026-03-12"), ("dd.MM.yyyy HH:mm", "12.03.2026 25:00"),
        ])
    func reject(format: String, text: String) {
        #expect(DateFormatHint(format).parse(text) == nil)
    }
}

@Suite("Mapping engine")
struct SessionMappingEngineTests {
    static let yaml = """
        name: test
        detect: {rootElements: [export]}
        records:
          meeting:
            select: sitzungen/sitzung
            fields:
              id: "@nr"
              start: {path: beginn, format: "dd.MM.yyyy HH:mm"}
              organization: gremium
              cancelled: {path: status, values: {"ausgefallen": "true", "findet statt": "false"}}
            agendaItems:
              select: top
              fields:
                number: {paths: [nr, unternr], join: ".", ignore: ["0"]}
                order: "@pos"
                public: oeffentlich
                result: {path: ergebnis, codes: {"durch Verwaltung erledigt": settled}}
        """

    private func engine() throws -> SessionMappingEngine {
        SessionMappingEngine(
            mapping: try SessionMapping(yaml: Self.yaml), results: try CoreSessionFixtures.vocabulary("results"),
            roles: try CoreSessionFixtures.vocabulary("roles"))
    }

    private func element(
        _ name: String, _ text: String = "", _ attributes: [String: String] = [:], line: Int = 1,
        _ children: [XMLElementNode] = []
    ) -> XMLElementNode {
        XMLElementNode(name: name, attributes: attributes, children: children, text: text, line: line)
    }

    @Test("fields, number parts, vocabulary overrides, values maps")
    func mapsMeeting() throws {
        let node = element(
            "sitzung", "", ["nr": "17"], line: 3,
            [
                element("beginn", "05.02.2026 09:30"), element("gremium", "Rat"), element("gremium", "Hauptausschuss"),
                element("status", "Ausgefallen"),
                element(
                    "top", "", ["pos": "1"], line: 9,
                    [
                        element("nr", "4"), element("unternr", "0"), element("oeffentlich", "ja"),
                        element("ergebnis", "durch Verwaltung erledigt"),
                    ]),
                element(
                    "top", "", ["pos": "x"], line: 12,
                    [
                        element("nr", "4"), element("unternr", "2"), element("oeffentlich", "vielleicht", line: 13),
                        element("ergebnis", "vertagt"),
                    ]),
            ])
        let (record, findings) = try engine().record(.meeting, from: node)
        guard case .meeting(let meeting) = record else {
            Issue.record("expected a meeting")
            return
        }
        #expect(meeting.id == "17")
        #expect(meeting.start == "2026-02-05T09:30:00")
        #expect(meeting.date == CalendarDate(year: 2026, month: 2, day: 5))
        #expect(meeting.organization == ["Rat", "Hauptausschuss"])
        #expect(meeting.cancelled == true)
        #expect(meeting.agendaItems.map(\.number) == ["4", "4.2"])
        #expect(meeting.agendaItems.map(\.order) == [1, nil])
        #expect(meeting.agendaItems.map(\.public) == [true, nil])
        #expect(meeting.agendaItems.map(\.resultCode) == ["settled", "postponed"])
        #expect(findings.map(\.line) == [12, 13])
        #expect(
            findings.map(\.message) == [
                "agendaItem.order is not a whole number", "agendaItem.public is not a yes/no value",
            ])
    }

    @Test("unknown fields and missing paths are rejected when the mapping loads")
    func validation() {
        let yaml = """
            name: broken
            detect: {rootElements: [x]}
            records:
              meeting:
                select: m
                fields:
                  title: name
                  start: {format: "dd.MM.yyyy"}
            """
        #expect(
            throws: SessionMappingError(
                mapping: "broken",
                problems: ["meeting.start: needs path, paths or default", "meeting.title: unknown field"])
        ) {
            try SessionMapping(yaml: yaml)
        }
    }

    @Test("shipped mappings load and detect their roots")
    func shippedMappings() throws {
        let allris = try SessionMapping(
            contentsOf: CoreSessionFixtures.pipelines.appendingPathComponent("xml/allris-ws.yml"))
        #expect(allris.detect.matches(rootName: "si010", rootNamespace: nil))
        #expect(!allris.detect.matches(rootName: "sessionExport", rootNamespace: nil))
        let export = try SessionMapping(
            contentsOf: CoreSessionFixtures.pipelines.appendingPathComponent("xml/ratsdoc-export.yml"))
        #expect(export.detect.matches(rootName: "sessionExport", rootNamespace: "urn:ratsdoc:session-export:1"))
        #expect(!export.detect.matches(rootName: "sessionExport", rootNamespace: nil))
    }
}

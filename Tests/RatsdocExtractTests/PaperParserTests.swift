import Foundation
import RatsdocCore
import RatsdocExtract
import RatsdocPipeline
import RatsdocTestSupport
import Testing

/// Exact values from the Vorlage fixtures, the real Karlsruhe samples and the generic fallback.
@Suite struct PaperParserTests {
    /// Through the front door, as the CLI's workers run it.
    static func convert(_ relativePath: String, profile: String? = nil) throws -> PaperDocument {
        let pipeline = Pipeline(
            converter: VorlageConverter(profiles: try TestConversion.library(), forcedProfile: profile),
            pipelinesDirectory: FixturePaths.packageRoot.appendingPathComponent("Pipelines"))
        guard case .paper(let document) = pipeline.process(path: FixturePaths.fixture(relativePath).path) else {
            throw PipelineTestError.notAPaper(relativePath)
        }
        return document
    }

    static func date(_ text: String) -> CalendarDate? { CalendarDate(iso: text) }

    @Test func aachenSampleGivesTheExactValues() throws {
        let document = try Self.convert("text/aachen-FB-11-0298-WP17.txt")
        #expect(document.status == .success)
        #expect(document.profile == "aachen-allris")
        let paper = try #require(document.paper)
        #expect(paper.reference == "FB 11/0298/WP17")
        #expect(paper.referenceParts == ["office": "FB 11", "serial": "0298", "term": "WP17"])
        #expect(paper.name == "Digitale Strategie der Stadt Aachen")
        #expect(paper.paperType == "Vorlage")
        #expect(paper.date == Self.date("2018-06-20"))
        #expect(paper.public == true)
        #expect(paper.leadDepartment == "Fachbereich Personal und Organisation")
        #expect(paper.participatingDepartments == ["Dezernat V"])
        #expect(paper.fileNumber == "Dez. V / FB 11")
        #expect(paper.author == "Herr Marc Neumann")
        #expect(
            paper.consultations == [
                Consultation(
                    date: Self.date("2018-07-05"), organization: "Personal- und Verwaltungsausschuss", role: "Anhörung",
                    roleRaw: "Anhörung/Empfehlung", authoritative: false),
                Consultation(
                    date: Self.date("2018-07-05"), organization: "Ausschuss für Arbeit, Wirtschaft und Wissenschaft",
                    role: "Anhörung", roleRaw: "Anhörung/Empfehlung", authoritative: false),
                Consultation(
                    date: Self.date("2018-07-11"), organization: "Rat der Stadt Aachen", role: "Entscheidung",
                    authoritative: true),
            ])
        let impact = try #require(paper.financialImpact)
        #expect(impact.hasImpact == false)
        let table = try #require(impact.tables.first)
        #expect(
            table.columns == [
                "konsumtive Auswirkungen", "Ansatz 2018", "Fortgeschriebener Ansatz 2018", "Ansatz 2019 ff.",
                "Fortgeschriebener Ansatz 2019 ff.", "Folgekosten (alt)", "Folgekosten (neu)",
            ])
        #expect(
            table.rows.map(\.label) == [
                "Ertrag", "Personal-/ Sachaufwand", "Abschreibungen", "Ergebnis", "+ Verbesserung / - Verschlechterung",
            ])
        #expect(table.rows.allSatisfy { $0.values.count == 6 })
        #expect(table.rows[0].values == Array(repeating: Amount(cents: 0), count: 6))
        #expect(table.rows[4].values == [Amount(cents: 0), nil, Amount(cents: 0), nil, nil, nil])
        #expect(paper.decisionProposal?.components(separatedBy: "\n\n").count == 3)
        #expect(
            paper.decisionProposal?.hasPrefix("Der Ausschuss für Arbeit, Wirtschaft und Wissenschaft empfiehlt") == true
        )
        // The explanation's paragraph cut by a page break ("eine" / "besondere") is joined again.
        #expect(paper.explanation?.contains("Startups eine besondere Bedeutung zu.") == true)
        #expect(paper.explanation?.components(separatedBy: "\n\n").count == 4)
        #expect(paper.attachments == ["Digitale Strategie der Stadt Aachen"])
    }

    @Test func karlsruheStackedRowGivesTwoConsultations() throws {
        let document = try Self.convert("text/karlsruhe-676088.txt")
        #expect(document.profile == "karlsruhe-sessionnet")
        let paper = try #require(document.paper)
        #expect(paper.reference == "2026/0061")
        #expect(paper.responsible == "Dez. 3")
        #expect(paper.leadDepartment == "Schul- und Sportamt")
        #expect(
            paper.name
                == "Heinz-Barth-Schule Wettersbach: Aufhebung der Außenstelle am Standort Waldenserschule Palmbach")
        #expect(
            paper.consultations == [
                Consultation(
                    date: Self.date("2026-03-11"), organization: "Schulausschuss", role: "Vorberatung",
                    agendaItemNumber: "8", public: true, authoritative: false),
                Consultation(
                    date: Self.date("2026-03-17"), organization: "Ortschaftsrat Wettersbach", role: "Anhörung",
                    agendaItemNumber: "2", public: true, authoritative: false),
                Consultation(
                    date: Self.date("2026-04-14"), organization: "Ortschaftsrat Wettersbach", role: "Anhörung",
                    agendaItemNumber: "1", public: true, authoritative: false),
                Consultation(
                    date: Self.date("2026-04-28"), organization: "Gemeinderat", role: "Entscheidung",
                    agendaItemNumber: "7", public: true, authoritative: true),
            ])
        #expect(paper.financialImpact?.hasImpact == false)
        #expect(paper.decisionProposal?.hasPrefix("Der Gemeinderat beschließt nach Vorberatung") == true)
        #expect(paper.decisionProposal?.contains("Waldenserschule Palmbach zum Ende") == true)
        #expect(paper.explanation?.hasPrefix("Zum Schuljahr 2009/10") == true)
        #expect(paper.explanation?.contains("Antrag an den Gemeinderat") == false)
    }

    @Test func karlsruheBeschlussIsTheDecidingRole() throws {
        let paper = try #require(try Self.convert("text/karlsruhe-653760.txt").paper)
        #expect(paper.reference == "2023/0840/1")
        #expect(paper.responsible == "Dez. 5")
        #expect(paper.leadDepartment == "UA")
        #expect(paper.financialImpact?.hasImpact == true)
        let last = try #require(paper.consultations.last)
        #expect(last.role == "Entscheidung")
        #expect(last.roleRaw == "Beschluss")
        #expect(last.authoritative)
        #expect(last.public == true)
        #expect(paper.consultations.first?.organization == "Ausschuss für Umwelt und Gesundheit")
        #expect(paper.summary?.hasPrefix("Im Klimaschutzkonzept der Stadt Karlsruhe") == true)
    }

    /// Karlsruhe's older template (until about 2021) in pdf-parse style: labels with their values
    /// on later lines, a Beratungsfolge header wrapped over three lines, a committee printed above
    /// its date, a date range, results below their rows, a cross whose column text cannot show,
    /// and box pairs (☒ over ☐, and ☐ ☒ on one line) that do.
    @Test func karlsruheOlderTemplateWithResultColumn() throws {
        let document = try Self.convert("text/karlsruhe-invented-ergebnis-template.txt")
        #expect(document.profile == "karlsruhe-sessionnet")
        let paper = try #require(document.paper)
        #expect(paper.reference == "2019/0815")
        #expect(paper.responsible == "Dez. 6")
        #expect(paper.paperType == "Beschlussvorlage")
        #expect(paper.name == "Neugestaltung des Platzes an der Alten Brauerei und Vergabe der Freiraumplanung")
        #expect(
            paper.consultations == [
                Consultation(
                    date: Self.date("2019-06-05"), organization: "Ausschuss für Umwelt und Gesundheit",
                    agendaItemNumber: "7", result: "vorberaten", resultCode: "deliberated"),
                Consultation(
                    date: Self.date("2019-06-18"), organization: "Hauptausschuss", agendaItemNumber: "12",
                    result: "vorberaten", resultCode: "deliberated"),
                Consultation(
                    date: Self.date("2019-06-25"), organization: "Gemeinderat", agendaItemNumber: "4",
                    result: "mehrheitlich zugestimmt (31 Ja)", resultCode: "approved"),
                Consultation(
                    date: Self.date("2019-07-02"), organization: "Ortschaftsrat Durlach", agendaItemNumber: "3",
                    public: true),
                Consultation(
                    date: Self.date("2019-07-09"), organization: "Bauausschuss", agendaItemNumber: "5", public: false),
            ])
        #expect(
            paper.decisionProposal
                == "Der Gemeinderat beschließt die Neugestaltung des Platzes an der Alten Brauerei und beauftragt die Verwaltung mit der Vergabe der Freiraumplanung."
        )
    }

    @Test func inventedKarlsruheVorlageWithWrappedNamesAndMissingDate() throws {
        let document = try Self.convert("text/karlsruhe-invented-wohnraumfoerderung.txt")
        let paper = try #require(document.paper)
        #expect(document.status == .success)
        #expect(paper.leadDepartment == "Amt für Stadtentwicklung und Wohnungswesen")
        #expect(
            paper.name
                == "Fortschreibung des Wohnraumförderungsprogramms der Stadt Karlsruhe für die Jahre 2026 bis 2030")
        #expect(
            paper.consultations == [
                Consultation(
                    date: Self.date("2025-10-14"),
                    organization: "Ausschuss für Soziales, Gesundheit, Integration und Wohnungswesen",
                    role: "Vorberatung", agendaItemNumber: "5", public: false, authoritative: false),
                Consultation(
                    date: Self.date("2025-10-16"), organization: "Planungsausschuss", role: "Kenntnisnahme",
                    agendaItemNumber: "3", public: true, authoritative: false),
                Consultation(
                    date: Self.date("2025-11-06"), organization: "Planungsausschuss", role: "Kenntnisnahme",
                    agendaItemNumber: "11", public: false, authoritative: false),
                Consultation(
                    date: nil, organization: "Gemeinderat", role: "Entscheidung", agendaItemNumber: nil, public: true,
                    authoritative: true),
            ])
        #expect(paper.financialImpact?.hasImpact == true)
        #expect(paper.decisionProposal?.hasPrefix("Der Gemeinderat beschließt nach Vorberatung") == true)
    }

    @Test func inventedAachenVorlageWithCentsNegativesAndMissingFields() throws {
        let document = try Self.convert("text/aachen-invented-regenrueckhaltebecken.txt")
        let paper = try #require(document.paper)
        #expect(document.status == .success)
        #expect(paper.reference == "E 26/0113/WP18")
        #expect(paper.date == Self.date("2025-02-03"))
        #expect(paper.public == false)
        #expect(paper.participatingDepartments == nil)
        #expect(paper.fileNumber == nil)
        #expect(
            paper.consultations.map(\.organization) == [
                "Bezirksvertretung Aachen-Kornelimünster/Walheim",
                "Ausschuss für Umwelt, Klimaschutz, Mobilität und Stadtentwicklung",
                "Ausschuss für Finanzen und Beteiligungen", "Rat der Stadt Aachen",
            ])
        #expect(paper.consultations.map(\.role) == ["Anhörung", "Vorberatung", "Kenntnisnahme", "Entscheidung"])
        #expect(paper.consultations.map(\.authoritative) == [false, false, false, true])
        #expect(paper.consultations.last?.date == nil)
        let impact = try #require(paper.financialImpact)
        #expect(impact.hasImpact == true)
        #expect(
            impact.tables.first?.rows[1].values == [
                Amount(cents: -1_250_000), Amount(cents: -1_375_050), Amount(cents: -125_000_000),
                Amount(cents: -125_000_000), Amount(cents: 0), Amount(cents: -240_000),
            ])
        #expect(paper.explanation?.components(separatedBy: "\n\n").count == 2)
        #expect(paper.attachments == ["Lageplan der Regenrückhaltebecken", "Schadensgutachten vom 12. November 2024"])
    }

    @Test func genericProfileOnAnUnknownLayoutIsPartialWithoutWrongValues() throws {
        let document = try Self.convert("text/unknown-layout-musterhausen.txt")
        #expect(document.profile == "generic")
        #expect(document.status == .partial)
        #expect(document.findings.contains { $0.code == "genericProfile" })
        let paper = try #require(document.paper)
        #expect(paper.reference == "117/2024")
        #expect(paper.name == "Neubau einer Kindertagesstätte im Baugebiet Am Mühlbach")
        #expect(paper.paperType == "Sitzungsvorlage")
        #expect(paper.date == Self.date("2024-03-12"))
        #expect(paper.leadDepartment == "Jugendamt")
        #expect(paper.public == nil)
        #expect(paper.author == nil)
        #expect(paper.consultations == [])
        #expect(
            paper.decisionProposal == "Der Gemeinderat beschließt den Neubau einer viergruppigen Kindertagesstätte.")
    }

    @Test func forcedProfileOverridesTheClassifier() throws {
        let document = try Self.convert("text/aachen-FB-11-0298-WP17.txt", profile: "generic")
        #expect(document.profile == "generic")
        #expect(document.status == .partial)
        let unknown = try Self.convert("text/aachen-FB-11-0298-WP17.txt", profile: "no-such-profile")
        #expect(unknown.status == .failure)
        #expect(unknown.paper == nil)
    }

    @Test func classifierRanksTheMatchingTemplateFirst() throws {
        let classifier = ProfileClassifier(library: try TestConversion.library())
        for (path, expected) in [
            ("text/aachen-FB-11-0298-WP17.txt", "aachen-allris"), ("text/karlsruhe-679132.txt", "karlsruhe-sessionnet"),
        ] {
            let layout = LayoutAnalyzer().analyze(try DocumentReader().read(path: FixturePaths.fixture(path).path))
            let scores = classifier.scores(layout)
            #expect(scores.first?.profile == expected)
            #expect((scores.first?.score ?? 0) > (scores.last?.score ?? 1))
        }
    }

    @Test func unreadableInputGivesAFailureRecord() {
        let source = SourceInfo(
            path: "missing.pdf", sha256: String(repeating: "0", count: 64), mediaType: "application/pdf", pages: 0)
        let document = VorlageConverter.failure(
            source: source, error: ProfileError(path: "missing.pdf", message: "unreadable"))
        #expect(document.status == .failure)
        #expect(document.findings.map(\.code) == ["unreadable"])
        #expect(document.paper == nil)
    }
}

/// The real Karlsruhe Beschlussvorlagen in `../shared/samples`: each must yield the paper's
/// reference and the consultations its OParl JSON lists (committee names via organizations.json,
/// dates via the meeting where the meeting file is in the sample set).
@Suite(.enabled(if: FixturePaths.sharedSamples != nil)) struct KarlsruheSampleTests {
    struct Case: Sendable, CustomStringConvertible {
        var file: String
        var paper: String
        var description: String { file }
    }

    static let cases = [
        Case(file: "676088", paper: "54191"), Case(file: "679132", paper: "54283"),
        Case(file: "653760", paper: "49581"),
    ]

    static func json(_ url: URL) throws -> Any { try JSONSerialization.jsonObject(with: Data(contentsOf: url)) }

    @Test(arguments: cases)
    func matchesOParl(_ sample: Case) throws {
        let root = try #require(FixturePaths.sharedSamples).appendingPathComponent("karlsruhe-oparl-syndication/docs")
        let layout = LayoutAnalyzer().analyze(
            try DocumentReader().read(path: root.appendingPathComponent("file-contents/\(sample.file).txt").path))
        let document = VorlageConverter(profiles: try TestConversion.library()).convert(layout)
        let paper = try #require(document.paper)
        let oparl = try #require(
            try Self.json(root.appendingPathComponent("papers/\(sample.paper).json")) as? [String: Any])
        #expect(paper.reference == oparl["reference"] as? String)
        let organizations = try #require(
            try Self.json(root.appendingPathComponent("organizations.json")) as? [[String: Any]])
        var names: [String: String] = [:]
        for organization in organizations {
            if let id = organization["id"] as? String, let name = organization["name"] as? String { names[id] = name }
        }
        for consultation in (oparl["consultation"] as? [[String: Any]]) ?? [] {
            // A planned consultation without a meeting is not printed in the Vorlage (OParl keeps it anyway).
            guard let meeting = consultation["meeting"] as? String else { continue }
            let organization = try #require((consultation["organization"] as? [String])?.first.flatMap { names[$0] })
            let matching = paper.consultations.filter { $0.organization == organization }
            #expect(!matching.isEmpty, "\(organization) missing in \(sample.file)")
            #expect(matching.contains { $0.role == consultation["role"] as? String }, "role of \(organization)")
            let meetingURL = root.appendingPathComponent("meetings/\(meeting.split(separator: "/").last ?? "").json")
            if let meetingObject = try? Self.json(meetingURL) as? [String: Any],
                let start = meetingObject["start"] as? String
            {
                let date = CalendarDate(iso: start)
                #expect(matching.contains { $0.date == date }, "date of \(organization) in \(sample.file)")
            }
        }
    }
}

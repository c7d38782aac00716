import Foundation
@testable import RatsdocCore
import RatsdocTestSupport
import Testing

@Suite struct ProfileLibraryTests {
    @Test func loadsTheRepositoryProfiles() throws {
        let library = try TestConversion.library()
        #expect(library.profiles.map(\.name) == ["aachen-allris", "generic", "karlsruhe-sessionnet"])
        #expect(library.genericProfile?.name == "generic")
    }

    @Test func namesTheFileAndTheProblem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-profiles-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "name: broken\nfields: [unclosed\n".write(
            to: directory.appendingPathComponent("broken.yml"), atomically: true, encoding: .utf8)
        do {
            _ = try ProfileLibrary(directory: directory)
            Issue.record("a broken profile must throw")
        } catch let error as ProfileError {
            #expect(error.path.hasSuffix("broken.yml"))
            #expect(!error.message.isEmpty)
        }
    }

    @Test func reportsAMissingKey() throws {
        do {
            _ = try ProfileLibrary.decode("name: x\nfields: {}\n", path: "x.yml")
            Issue.record("a profile without consultations must throw")
        } catch let error as ProfileError {
            #expect(error.path == "x.yml")
            #expect(error.message.contains("consultations") || error.message.contains("missing key"))
        }
    }
}

/// One role vocabulary: `Pipelines/vocabulary/roles.yml` names the roles for every profile and for
/// the session readers; profiles add only spellings of their own and which roles decide.
@Suite struct RoleVocabularyTests {
    static func role(_ raw: String, profile: String) throws -> (role: String, authoritative: Bool, known: Bool) {
        let library = try TestConversion.library()
        let parsed = try #require(library.profile(named: profile))
        let vocabulary = Vocabulary(profile: parsed, results: library.results, roles: library.roles)
        let role = vocabulary.role(raw)
        return (role.role, role.authoritative, role.known)
    }

    @Test(arguments: [
        ("aachen-allris", "Anhörung/Empfehlung", "Anhörung", false),
        ("aachen-allris", "Empfehlung", "Anhörung", false),
        ("aachen-allris", "Entscheidung", "Entscheidung", true),
        ("aachen-allris", "Kenntnisnahme", "Kenntnisnahme", false),
        ("aachen-allris", "Mitberatung", "Vorberatung", false),
        ("karlsruhe-sessionnet", "Beschluss", "Entscheidung", true),
        ("karlsruhe-sessionnet", "Vorberatung", "Vorberatung", false),
        ("karlsruhe-sessionnet", "Anhörung", "Anhörung", false),
        ("karlsruhe-sessionnet", "Behandlung", "Behandlung", false),
        ("karlsruhe-sessionnet", "Mitberatung", "Vorberatung", false),
        ("generic", "Mitberatung", "Vorberatung", false),
    ])
    func normalizesRoles(_ profile: String, _ raw: String, _ role: String, _ authoritative: Bool) throws {
        let normalized = try Self.role(raw, profile: profile)
        #expect(normalized.role == role)
        #expect(normalized.authoritative == authoritative)
        #expect(normalized.known)
    }

    @Test func everyProfileAgreesWithTheSharedVocabulary() throws {
        let library = try TestConversion.library()
        let shared = try #require(library.roles)
        for profile in library.profiles {
            let vocabulary = Vocabulary(profile: profile, results: library.results, roles: shared)
            for entry in shared.entries {
                for raw in entry.match {
                    #expect(vocabulary.role(raw).role == entry.code, "\(profile.name): \(raw)")
                }
            }
        }
    }
}

@Suite struct OParlEmitterTests {
    @Test(arguments: [
        ("FB 11/0298/WP17", "FB-11-0298-WP17"), ("2026/0061", "2026-0061"), ("2023/0840/1", "2023-0840-1"),
    ])
    func slugs(_ reference: String, _ slug: String) {
        #expect(OParlPaperEmitter.slug(reference) == slug)
    }

    @Test func emitsPaperWithEmbeddedConsultations() throws {
        var paper = Paper(reference: "2026/0061", name: "Titel", paperType: "Beschlussvorlage")
        paper.consultations = [
            Consultation(
                date: CalendarDate(year: 2026, month: 4, day: 28), organization: "Gemeinderat", role: "Entscheidung",
                agendaItemNumber: "7", public: true, authoritative: true)
        ]
        paper.financialImpact = FinancialImpact(hasImpact: false)
        let document = PaperDocument(
            source: SourceInfo(
                path: "x.txt", sha256: String(repeating: "a", count: 64), mediaType: "text/plain", pages: 1),
            status: .success, profile: "karlsruhe-sessionnet", profileScore: 0.9, paper: paper, findings: [],
            provenance: [:])
        let object = try #require(OParlPaperEmitter(baseURL: "https://ris.example/oparl/").object(for: document))
        #expect(object["id"] as? String == "https://ris.example/oparl/paper/2026-0061")
        #expect(object["type"] as? String == "https://schema.oparl.org/1.1/Paper")
        #expect(object["reference"] as? String == "2026/0061")
        let consultations = try #require(object["consultation"] as? [[String: Any]])
        #expect(consultations.count == 1)
        #expect(consultations[0]["id"] as? String == "https://ris.example/oparl/paper/2026-0061/consultation/1")
        #expect(consultations[0]["type"] as? String == "https://schema.oparl.org/1.1/Consultation")
        #expect(consultations[0]["role"] as? String == "Entscheidung")
        #expect(consultations[0]["authoritative"] as? Bool == true)
        #expect(consultations[0]["ratsdoc:date"] as? String == "2026-04-28")
        #expect(consultations[0]["ratsdoc:organizationName"] as? String == "Gemeinderat")
        #expect(consultations[0]["ratsdoc:agendaItemNumber"] as? String == "7")
        #expect(object["ratsdoc:financialImpact"] != nil)
        let json = try #require(try OParlPaperEmitter(baseURL: "https://ris.example/oparl").json(for: document))
        #expect(json.contains(#""ratsdoc:organizationName" : "Gemeinderat""#))
    }
}

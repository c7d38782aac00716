import Foundation
import RatsdocCore
import RatsdocExtract
import RatsdocTestSupport
import Testing

/// Every Vorlage fixture (text, and PDFs with a golden next to them) must convert to exactly its
/// golden JSON, and every golden must satisfy the published JSON Schema.
/// `RATSDOC_UPDATE_GOLDENS=1 swift test` rewrites the goldens.
@Suite struct GoldenTests {
    static var textFixtures: [String] {
        let directory = FixturePaths.fixture("text")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { "text/" + $0 }
    }

    static var pdfFixtures: [String] {
        let directory = FixturePaths.fixture("pdf")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { name in
            name.hasSuffix(".pdf")
                && FileManager.default.fileExists(
                    atPath: FixturePaths.fixture("expected/" + name.dropLast(4) + ".json").path)
        }.sorted().map { "pdf/" + $0 }
    }

    /// Through the front door, as the CLI's workers run it.
    static func convert(_ relativePath: String) throws -> PaperDocument {
        try PaperParserTests.convert(relativePath)
    }

    static func goldenURL(_ relativePath: String) -> URL {
        let name = (relativePath as NSString).lastPathComponent
        return FixturePaths.fixture("expected/" + (name as NSString).deletingPathExtension + ".json")
    }

    @Test(arguments: textFixtures + pdfFixtures)
    func matchesGolden(_ relativePath: String) throws {
        let json = try TestConversion.goldenJSON(try Self.convert(relativePath))
        let url = Self.goldenURL(relativePath)
        if FixturePaths.updateGoldens {
            try json.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(json == expected, "\(relativePath) differs from \(url.lastPathComponent)")
    }
}

/// Every golden file satisfies `schemas/paper-document.v1.schema.json`.
@Suite struct SchemaTests {
    static var goldens: [String] {
        let directory = FixturePaths.fixture("expected")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    static func validator() throws -> JSONSchemaValidator {
        let url = FixturePaths.packageRoot.appendingPathComponent("schemas/paper-document.v1.schema.json")
        return JSONSchemaValidator(schema: try SchemaJSON.parse(try Data(contentsOf: url)))
    }

    @Test(arguments: goldens)
    func goldenIsValid(_ name: String) throws {
        let instance = try SchemaJSON.parse(try Data(contentsOf: FixturePaths.fixture("expected/" + name)))
        #expect(try Self.validator().validate(instance) == [])
    }

    @Test func goldensExist() {
        #expect(Self.goldens.count >= 7)
    }

    @Test func validatorRejectsContractViolations() throws {
        let validator = try Self.validator()
        let bad = try SchemaJSON.parse(
            Data(
                #"""
                {"schemaVersion":"1","source":{"path":"x","sha256":"00","mediaType":"text/plain","pages":1},
                 "status":"done","findings":[],"provenance":{},
                 "paper":{"consultations":[{"date":"2018-13-01","agendaItemNumber":null,"public":1,"authoritative":true}],
                          "name":"","extra":true}}
                """#.utf8))
        let errors = validator.validate(bad)
        #expect(errors.contains { $0.hasPrefix("/source/sha256") })
        #expect(errors.contains { $0.hasPrefix("/status") })
        #expect(errors.contains { $0.hasPrefix("/paper/consultations/0/date") })
        #expect(errors.contains { $0.hasPrefix("/paper/consultations/0/public") })
        #expect(errors.contains { $0.hasPrefix("/paper/name") })
        #expect(errors.contains { $0.contains("unexpected property 'extra'") })
    }
}

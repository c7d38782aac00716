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

    static func convert(_ relativePath: String) throws -> PaperDocument {
        let extracted = try DocumentReader().read(path: FixturePaths.fixture(relativePath).path)
        let layout = LayoutAnalyzer().analyze(extracted)
        return VorlageConverter(profiles: try TestConversion.library()).convert(layout)
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

import Foundation
import RatsdocExtract
import RatsdocTestSupport
import Testing

@testable import RatsdocCore

/// TableLineProbe answers as the rows PDFPageLayout builds, on every page of every fixture PDF
/// (as the extract stage asks: before rulings are known).
@Suite struct TableLineProbeTests {
    @Test func agreesWithBuiltRowsOnEveryFixturePage() throws {
        let directory = FixturePaths.fixture("pdf")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".pdf") }
        var pages = 0
        for name in names.sorted() {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            guard let document = try? PDFExtractor().extract(bytes: data, path: name) else { continue }
            for page in document.pages where !page.glyphs.isEmpty {
                let bare = ExtractedPage(
                    number: page.number, width: page.width, height: page.height, glyphs: page.glyphs, fonts: page.fonts)
                let built = PDFPageLayout(page: bare).buildRows().filter(\.isMulti).count >= 2
                #expect(TableLineProbe.hasMultiSpanLines(bare, atLeast: 2) == built, "\(name) page \(page.number)")
                pages += 1
            }
        }
        #expect(pages > 0)
    }
}

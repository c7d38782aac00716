import Testing

@testable import RatsdocCore

/// Hostile page geometry is bounded before layout (the class of ../shared/hostile).
@Suite("Page bounds")
struct PageBoundsTests {
    static func glyph(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Glyph {
        Glyph(scalar: "a", box: BoundingBox(x0: x0, y0: y0, x1: x1, y1: y1), fontIndex: 0)
    }

    @Test func glyphsOffThePageOrAbsurdlyWideAreLeftOut() {
        let page = ExtractedPage(
            number: 1, width: 595, height: 842,
            glyphs: [
                Self.glyph(70, 100, 76, 110),  // kept
                Self.glyph(3e8, 100, 3e8 + 6, 110),  // far right of the page
                Self.glyph(70, 100, 1e20, 110),  // wider than the page
                Self.glyph(.nan, 100, 76, 110),  // not finite
            ],
            rulings: [
                Ruling(axis: .horizontal, position: 200, start: 70, end: 500, thickness: 1),
                Ruling(axis: .vertical, position: -5e9, start: 0, end: 800, thickness: 1),
            ])
        let (bounded, dropped) = PageBounds.bounded(page)
        #expect(bounded.glyphs.map(\.box) == [BoundingBox(x0: 70, y0: 100, x1: 76, y1: 110)])
        #expect(bounded.rulings.count == 1)
        #expect(dropped == 4)
    }

    @Test(arguments: [
        (2_147_484_243.0, 842.0, 14_400.0, 842.0), (-5.0, 842.0, 595.0, 842.0), (Double.nan, Double.infinity, 595.0, 842.0),
    ])
    func thePageSizeIsClipped(width: Double, height: Double, clippedWidth: Double, clippedHeight: Double) {
        let (bounded, _) = PageBounds.bounded(ExtractedPage(number: 1, width: width, height: height))
        #expect(bounded.width == clippedWidth)
        #expect(bounded.height == clippedHeight)
    }

    @Test func layoutOfABoundedHostilePageFinishes() {
        // Glyphs spread over the whole clipped width of a page whose MediaBox was absurd.
        var glyphs: [Glyph] = []
        for index in 0..<2_000 {
            let x = Double(index % 40) * 359
            let y = Double(index / 40) * 16
            glyphs.append(Self.glyph(x, y, x + 6, y + 10))
        }
        let page = PageBounds.bounded(ExtractedPage(number: 1, width: 2e9, height: 842, glyphs: glyphs)).page
        let layout = PDFPageLayout(page: page).layout()
        #expect(layout.width == 14_400)
        #expect(layout.blocks.flatMap(\.lines).count == 50)
    }
}

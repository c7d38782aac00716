import Testing

@testable import RatsdocCore

@Suite("Ruling scanner")
struct RulingScannerTests {
    /// A white bitmap of `width` × `height` pixels (one per point) with the given pixels black.
    static func bitmap(width: Int, height: Int, ink: [(x: Int, y: Int)]) -> RulingScanner.Bitmap {
        var pixels = [UInt8](repeating: 255, count: width * height)
        for point in ink { pixels[point.y * width + point.x] = 0 }
        return RulingScanner.Bitmap(width: width, height: height, scale: 1, pixels: pixels)
    }

    @Test("Lines along rows and columns, including the columns after the last whole word of pixels")
    func linesInWordsAndTail() {
        // 50 pixels wide: columns 48 and 49 lie after the last eight-pixel word.
        var ink: [(x: Int, y: Int)] = (5...44).map { ($0, 10) }
        ink += (15...35).map { (47, $0) }
        ink += (2...8).map { (49, $0) }
        let rulings = RulingScanner().scan(Self.bitmap(width: 50, height: 40, ink: ink), glyphs: [])
        #expect(
            rulings == [
                Ruling(axis: .horizontal, position: 10.5, start: 5, end: 45, thickness: 1),
                Ruling(axis: .vertical, position: 47.5, start: 15, end: 36, thickness: 1),
                Ruling(axis: .vertical, position: 49.5, start: 2, end: 9, thickness: 1),
            ])
    }

    @Test("A row bridged across a masked glyph; a column broken by it")
    func maskedGlyph() {
        // Row 20 inked from 2 to 45 except under the glyph box (x 20...27, y 16...24).
        var ink: [(x: Int, y: Int)] = (2...45).filter { !(20...27).contains($0) }.map { ($0, 20) }
        // Column 24 inked from 5 to 35: the glyph's mask (rows 17...23 after the inset) cuts it.
        ink += (5...35).map { (24, $0) }
        let glyph = BoundingBox(x0: 20, y0: 16, x1: 27.5, y1: 24.5)
        let rulings = RulingScanner().scan(Self.bitmap(width: 48, height: 40, ink: ink), glyphs: [glyph])
        #expect(
            rulings == [
                Ruling(axis: .horizontal, position: 20.5, start: 2, end: 46, thickness: 1),
                Ruling(axis: .vertical, position: 24.5, start: 5, end: 17, thickness: 1),
                Ruling(axis: .vertical, position: 24.5, start: 24, end: 36, thickness: 1),
            ])
    }
}

import Testing

@testable import RatsdocCore

/// Rulings: found in a grey bitmap, joined into grids, and used for the cells of a table.
@Suite("Ruling lines")
struct RulingTests {
    /// A white bitmap of `width` × `height` at one pixel per point.
    static func paper(_ width: Int, _ height: Int) -> RulingScanner.Bitmap {
        RulingScanner.Bitmap(width: width, height: height, scale: 1, pixels: [UInt8](repeating: 255, count: width * height))
    }

    static func fill(_ bitmap: inout RulingScanner.Bitmap, x: ClosedRange<Int>, y: ClosedRange<Int>, grey: UInt8 = 0) {
        for row in y { for column in x { bitmap.pixels[row * bitmap.width + column] = grey } }
    }

    @Test func findsThinLinesButNotShadedAreas() {
        var bitmap = Self.paper(400, 300)
        Self.fill(&bitmap, x: 20...319, y: 50...50)  // horizontal hairline
        Self.fill(&bitmap, x: 100...100, y: 40...239, grey: 200)  // light grey vertical line
        Self.fill(&bitmap, x: 340...389, y: 100...159, grey: 120)  // a shaded cell
        let rulings = RulingScanner().scan(bitmap, glyphs: [])
        #expect(
            rulings == [
                Ruling(axis: .horizontal, position: 50.5, start: 20, end: 320, thickness: 1),
                Ruling(axis: .vertical, position: 100.5, start: 40, end: 240, thickness: 1),
            ])
    }

    @Test func bridgesGlyphsSetOnTheBorderButNotTheirStrokes() {
        var bitmap = Self.paper(400, 300)
        // A border at y = 100 with text set on it (no cell padding): the glyph boxes reach over it.
        Self.fill(&bitmap, x: 20...379, y: 100...100)
        let glyphs = (0..<10).map { index in
            BoundingBox(x0: 40 + Double(index) * 12, y0: 99.5 - 0.05 * 12, x1: 50 + Double(index) * 12, y1: 111)
        }
        // A glyph's long bar inside its box (a dash): masked, so not a ruling.
        Self.fill(&bitmap, x: 200...260, y: 150...150)
        let dash = BoundingBox(x0: 198, y0: 140, x1: 262, y1: 160)
        let rulings = RulingScanner().scan(bitmap, glyphs: glyphs + [dash])
        #expect(rulings == [Ruling(axis: .horizontal, position: 100.5, start: 20, end: 380, thickness: 1)])
    }

    @Test func aStripOfShadingBetweenGlyphsIsNoLine() {
        var bitmap = Self.paper(300, 200)
        Self.fill(&bitmap, x: 20...219, y: 50...79, grey: 210)  // shaded header cell
        // Two glyphs masked inside it leave a 2-pixel strip of shading between them.
        let glyphs = [
            BoundingBox(x0: 40, y0: 50, x1: 60, y1: 80), BoundingBox(x0: 62, y0: 50, x1: 82, y1: 80),
        ]
        #expect(RulingScanner().scan(bitmap, glyphs: glyphs).isEmpty)
    }

    @Test(arguments: [(595.0, 842.0, 1.0), (1e6, 1e6, 0.002), (-5.0, 842.0, nil), (.nan, 842.0, nil), (2.0, 2.0, nil)])
    func renderingScaleIsBoundedByThePage(width: Double, height: Double, expected: Double?) {
        let scale = RulingScanner.scale(width: width, height: height)
        #expect(scale == expected)
        if let scale { #expect(width * height * scale * scale <= Double(RulingScanner.maximumPixels)) }
    }

    /// Rulings of a grid: `columns` vertical lines at the x given, `rows` horizontal ones at the y
    /// given, all spanning the whole grid.
    static func grid(columns: [Double], rows: [Double]) -> [Ruling] {
        let (x0, x1) = (columns.min() ?? 0, columns.max() ?? 0)
        let (y0, y1) = (rows.min() ?? 0, rows.max() ?? 0)
        return rows.map { Ruling(axis: .horizontal, position: $0, start: x0, end: x1, thickness: 0.5) }
            + columns.map { Ruling(axis: .vertical, position: $0, start: y0, end: y1, thickness: 0.5) }
    }

    @Test func gridsAreJoinedRulingsWithTwoColumnsOrMore() {
        // A JA/NEIN grid 3 pt above a finance grid: two grids, not one.
        let small = Self.grid(columns: [200, 240, 280], rows: [100, 114, 128])
        let large = Self.grid(columns: [70, 150, 230, 310], rows: [131, 160, 175])
        // A frame around a paragraph (one column) is no table.
        let frame = Self.grid(columns: [70, 500], rows: [300, 400])
        let grids = RuledGrid.grids(small + large + frame, em: 10)
        #expect(grids.map(\.columnEdges) == [[200, 240, 280], [70, 150, 230, 310]])
        #expect(grids.map(\.rowEdges) == [[100, 114, 128], [131, 160, 175]])
    }

    /// One glyph per character of `text`, 6 pt wide, on the line at `y`.
    static func glyphs(_ text: String, x: Double, y: Double, size: Double = 10) -> [Glyph] {
        text.unicodeScalars.enumerated().map { index, scalar in
            let x0 = x + Double(index) * 0.6 * size
            return Glyph(scalar: scalar, box: BoundingBox(x0: x0, y0: y, x1: x0 + 0.6 * size, y1: y + size), fontIndex: 0)
        }
    }

    @Test func ruledTableCellsComeFromTheGrid() {
        // Columns 70 | 170 | 270 | 370; rows 100 | 140 | 160.
        // Row 1: a two-line label, and one value cell spanning the last two columns (no ruling
        // at x = 270 between y 100 and 140) whose text sits under the third column.
        // Row 2: three cells; "1,00" and "2,00" are 1 pt apart, on either side of the ruling at
        // x = 270 (closer than a word space: one word without the ruling).
        var rulings = [
            Ruling(axis: .horizontal, position: 100, start: 70, end: 370, thickness: 0.5),
            Ruling(axis: .horizontal, position: 140, start: 70, end: 370, thickness: 0.5),
            Ruling(axis: .horizontal, position: 160, start: 70, end: 370, thickness: 0.5),
        ]
        rulings += [70, 170, 370].map { Ruling(axis: .vertical, position: $0, start: 100, end: 160, thickness: 0.5) }
        rulings.append(Ruling(axis: .vertical, position: 270, start: 140, end: 160, thickness: 0.5))
        var glyphs = Self.glyphs("konsumtive", x: 72, y: 103) + Self.glyphs("Auswirkungen", x: 72, y: 116)
        glyphs += Self.glyphs("12,50", x: 330, y: 110)
        glyphs += Self.glyphs("Ertrag", x: 72, y: 145) + Self.glyphs("1,00", x: 245.5, y: 145)
        glyphs += Self.glyphs("2,00", x: 270.5, y: 145) + Self.glyphs("3,00", x: 342, y: 145)
        let page = ExtractedPage(
            number: 1, width: 595, height: 842, glyphs: glyphs,
            fonts: [FontInfo(name: "Test", size: 10, isBold: false)], rulings: rulings)
        let layout = PDFPageLayout(page: page).layout()
        let tables = layout.blocks.compactMap(\.table)
        #expect(tables.count == 1)
        let table = try? #require(tables.first)
        #expect(table?.columnCount == 3)
        #expect(table?.rows.map(\.texts) == [["konsumtive Auswirkungen", "12,50", ""], ["Ertrag", "1,00", "2,00 3,00"]])
        #expect(table?.rows.first?.cells.map(\.columnSpan) == [1, 2, 1])
    }
}

extension RulingTests {
    /// The rulings of a JA/NEIN grid drawn onto a finance table with 1.5 pt borders, as read from
    /// a Chromium rendering (thick lines come out as neighbouring pairs).
    static let touchingGrids: [Ruling] = [
        Ruling(axis: .horizontal, position: 691, start: 70, end: 153, thickness: 2),
        Ruling(axis: .horizontal, position: 706, start: 70, end: 153, thickness: 2),
        Ruling(axis: .horizontal, position: 720.5, start: 70, end: 153, thickness: 1),
        Ruling(axis: .horizontal, position: 722, start: 70, end: 553, thickness: 2),
        Ruling(axis: .horizontal, position: 754, start: 70, end: 553, thickness: 2),
        Ruling(axis: .horizontal, position: 764.5, start: 70, end: 553, thickness: 1),
        Ruling(axis: .vertical, position: 70.5, start: 690, end: 765, thickness: 1),
        Ruling(axis: .vertical, position: 71.5, start: 690, end: 724, thickness: 1),
        Ruling(axis: .vertical, position: 111.5, start: 690, end: 723, thickness: 1),
        Ruling(axis: .vertical, position: 152, start: 690, end: 723, thickness: 2),
        Ruling(axis: .vertical, position: 147.5, start: 720, end: 765, thickness: 1),
        Ruling(axis: .vertical, position: 214.5, start: 721, end: 755, thickness: 1),
        Ruling(axis: .vertical, position: 282.5, start: 721, end: 765, thickness: 1),
        Ruling(axis: .vertical, position: 349, start: 721, end: 755, thickness: 2),
        Ruling(axis: .vertical, position: 416.5, start: 721, end: 755, thickness: 1),
        Ruling(axis: .vertical, position: 483.5, start: 721, end: 755, thickness: 1),
        Ruling(axis: .vertical, position: 551.5, start: 721, end: 765, thickness: 1),
    ]

    @Test func gridsDrawnOntoEachOtherAreCutWhereTheirColumnsChange() {
        // At 8 pt the rulings at y 720.5 and 722 are still one edge (a 1.5 pt border read twice).
        let grids = RuledGrid.grids(Self.touchingGrids, em: 8)
        #expect(grids.count == 2)
        #expect(grids.first?.columnCount == 2)
        #expect(grids.last?.columnCount == 7)
    }
}


extension RulingTests {
    @Test func aFrameWithAllTextInOneColumnIsNoTableGrid() {
        // An outside border (x 70 and 530) and a stray vertical line at x 520: three column edges,
        // but every word lies in the first column; the lines are read as an unruled table instead.
        var rulings = Self.grid(columns: [70, 530], rows: [100, 160])
        rulings.append(Ruling(axis: .vertical, position: 520, start: 100, end: 160, thickness: 0.5))
        var glyphs = Self.glyphs("Gremien", x: 72, y: 103) + Self.glyphs("Termin", x: 200, y: 103)
        glyphs += Self.glyphs("Gemeinderat", x: 72, y: 120) + Self.glyphs("14.12.2027", x: 200, y: 120)
        glyphs += Self.glyphs("Hauptausschuss", x: 72, y: 137) + Self.glyphs("07.12.2027", x: 200, y: 137)
        let page = ExtractedPage(
            number: 1, width: 595, height: 842, glyphs: glyphs,
            fonts: [FontInfo(name: "Test", size: 10, isBold: false)], rulings: rulings)
        let tables = PDFPageLayout(page: page).layout().blocks.compactMap(\.table)
        #expect(tables.map(\.columnCount) == [2])
        #expect(tables.first?.rows.map(\.texts) == [["Gremien", "Termin"], ["Gemeinderat", "14.12.2027"], ["Hauptausschuss", "07.12.2027"]])
    }
}

import Testing

@testable import RatsdocCore

@Suite("Path rasterizer")
struct PathRasterizerTests {
    typealias Point = PaintedPath.Point

    static let page = BoundingBox(x0: 0, y0: 0, x1: 1_000, y1: 1_000)

    static func rectangle(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> PaintedPath.Subpath {
        PaintedPath.Subpath(
            points: [Point(x: x0, y: y0), Point(x: x1, y: y0), Point(x: x1, y: y1), Point(x: x0, y: y1)], closed: true)
    }

    static func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> PaintedPath.Subpath {
        PaintedPath.Subpath(points: [Point(x: x0, y: y0), Point(x: x1, y: y1)], closed: false)
    }

    static func render(_ paths: [PaintedPath], width: Int = 40, height: Int = 30, scale: Double = 1)
        -> RulingScanner.Bitmap
    {
        PathRasterizer().render(paths, width: width, height: height, scale: scale)
    }

    static func row(_ bitmap: RulingScanner.Bitmap, _ y: Int, _ columns: ClosedRange<Int>) -> [UInt8] {
        columns.map { bitmap.pixels[y * bitmap.width + $0] }
    }

    static func column(_ bitmap: RulingScanner.Bitmap, _ x: Int, _ rows: ClosedRange<Int>) -> [UInt8] {
        rows.map { bitmap.pixels[$0 * bitmap.width + x] }
    }

    @Test("A thin filled rectangle is painted with its exact coverage per pixel")
    func thinRectangle() {
        // Half a pixel tall (row 10), from a quarter into column 5 to three quarters into column 8.
        let fill = PaintedPath(paint: .fillNonZero, grey: 0, clip: Self.page, subpaths: [Self.rectangle(5.25, 10.5, 8.75, 11)])
        let bitmap = Self.render([fill])
        // 255 - coverage × 255: 0.75 × 0.5 → 159.4, 0.5 → 127.5, 0 → paper.
        #expect(Self.row(bitmap, 10, 4...9) == [255, 159, 128, 128, 159, 255])
        #expect(Self.column(bitmap, 6, 9...11) == [255, 128, 255])
    }

    @Test("Grey ink, scaled coordinates")
    func greyAndScale() {
        let fill = PaintedPath(paint: .fillNonZero, grey: 200, clip: Self.page, subpaths: [Self.rectangle(2, 2, 4, 3)])
        let bitmap = Self.render([fill], scale: 2)
        #expect(Self.row(bitmap, 4, 3...8) == [255, 200, 200, 200, 200, 255])
        #expect(Self.column(bitmap, 5, 3...6) == [255, 200, 200, 255])
    }

    @Test("A hairline stroke is one whole pixel on the pixel it falls in, ends at pixel centres")
    func hairline() {
        let stroke = PaintedPath(
            paint: .stroke, grey: 0, lineWidth: 0.1, clip: Self.page, subpaths: [Self.line(10.2, 20.7, 30.9, 20.7)])
        let bitmap = Self.render([stroke])
        #expect(Self.column(bitmap, 20, 19...21) == [255, 0, 255])
        // Snapped to x 10.5 … 30.5 with butt caps: half of columns 10 and 30.
        #expect(Self.row(bitmap, 20, 9...31) == [255, 128] + [UInt8](repeating: 0, count: 19) + [128, 255])
        // Vertical, the same.
        let vertical = PaintedPath(
            paint: .stroke, grey: 0, lineWidth: 0, clip: Self.page, subpaths: [Self.line(3.9, 2, 3.9, 6)])
        let upright = Self.render([vertical])
        #expect(Self.row(upright, 4, 2...4) == [255, 0, 255])
        #expect(Self.column(upright, 3, 1...6) == [255, 128, 0, 0, 0, 128])
    }

    @Test("A wide stroke with projecting caps; a slanted one is left out")
    func wideStroke() {
        let stroke = PaintedPath(
            paint: .stroke, grey: 0, lineWidth: 3, lineCap: .projectingSquare, clip: Self.page,
            subpaths: [Self.line(10, 10, 20, 10), Self.line(5, 20, 25, 28)])
        let bitmap = Self.render([stroke])
        #expect(Self.column(bitmap, 15, 7...12) == [255, 128, 0, 0, 128, 255])
        #expect(Self.row(bitmap, 10, 7...22) == [255, 128] + [UInt8](repeating: 0, count: 12) + [128, 255])
        #expect(!bitmap.pixels[(20 * bitmap.width)...].contains { $0 != 255 })
    }

    @Test("A stroked rectangle's corners are joined")
    func strokedRectangle() {
        let stroke = PaintedPath(
            paint: .stroke, grey: 0, lineWidth: 2, clip: Self.page, subpaths: [Self.rectangle(10, 10, 30, 20)])
        let bitmap = Self.render([stroke])
        // The corner at (10, 10): rows 9 and 10, columns 9 and 10 covered by both edges.
        #expect(Self.row(bitmap, 9, 8...11) == [255, 0, 0, 0])
        #expect(Self.row(bitmap, 15, 8...12) == [255, 0, 0, 255, 255])
    }

    @Test("A dash pattern breaks the line; the pattern runs on round a corner")
    func dashes() {
        let stroke = PaintedPath(
            paint: .stroke, grey: 0, lineWidth: 1, dashes: [3, 2], clip: Self.page,
            subpaths: [PaintedPath.Subpath(points: [Point(x: 0, y: 10.5), Point(x: 11, y: 10.5), Point(x: 11, y: 25)], closed: false)])
        let bitmap = Self.render([stroke])
        // One pixel wide: snapped to x 0.5 … 11.5; on at 0–3, 5–8 and 10–11, the last joined to
        // the corner (half the width beyond it).
        #expect(
            Self.row(bitmap, 10, 0...11) == [128, 0, 0, 128, 255, 128, 0, 0, 128, 255, 128, 0])
        // Down from the corner at y 10.5 (11 along the line): the dash goes on for 2 more (from 10
        // with the join, to 12.5), off 2, on 3 (14.5 … 17.5).
        #expect(Self.column(bitmap, 11, 11...17) == [0, 128, 255, 128, 0, 0, 128])
    }

    @Test("An even-odd frame leaves its inside as paper")
    func evenOddFrame() {
        let frame = PaintedPath(
            paint: .fillEvenOdd, grey: 0, clip: Self.page,
            subpaths: [Self.rectangle(10, 10, 30, 25), Self.rectangle(10.5, 10.5, 29.5, 24.5)])
        let bitmap = Self.render([frame])
        #expect(Self.column(bitmap, 20, 9...12) == [255, 128, 255, 255])
        #expect(Self.column(bitmap, 20, 23...25) == [255, 128, 255])
        #expect(Self.row(bitmap, 17, 9...12) == [255, 128, 255, 255])
        #expect(Self.row(bitmap, 10, 9...12) == [255, 64, 128, 128])
        // The same two rectangles under the non-zero rule fill the whole box.
        let solid = PaintedPath(paint: .fillNonZero, grey: 0, clip: Self.page, subpaths: frame.subpaths)
        #expect(Self.row(Self.render([solid]), 17, 9...12) == [255, 0, 0, 0])
    }

    @Test("A triangle is filled by scanlines")
    func polygon() {
        let triangle = PaintedPath(
            paint: .fillNonZero, grey: 0, clip: Self.page,
            subpaths: [PaintedPath.Subpath(points: [Point(x: 0, y: 0), Point(x: 20, y: 0), Point(x: 0, y: 20)], closed: true)])
        let bitmap = Self.render([triangle])
        #expect(Self.row(bitmap, 5, 0...20).prefix(14) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        // Across row 5 the edge runs from x 15 to 14: pixel 14 is half covered, 15 not at all.
        #expect(Self.row(bitmap, 5, 14...16) == [128, 255, 255])
    }

    @Test("The clip and paint order count: white painted over a line erases it")
    func clipAndOrder() {
        let line = PaintedPath(paint: .fillNonZero, grey: 0, clip: Self.page, subpaths: [Self.rectangle(0, 5, 40, 6)])
        let clipped = PaintedPath(
            paint: .fillNonZero, grey: 0, clip: BoundingBox(x0: 0, y0: 0, x1: 10, y1: 30),
            subpaths: [Self.rectangle(0, 15, 40, 16)])
        let eraser = PaintedPath(paint: .fillNonZero, grey: 255, clip: Self.page, subpaths: [Self.rectangle(20, 0, 40, 30)])
        let bitmap = Self.render([line, clipped, eraser])
        #expect(Self.row(bitmap, 5, 18...21) == [0, 0, 255, 255])
        #expect(Self.row(bitmap, 15, 8...11) == [0, 0, 255, 255])
    }

    @Test("Points that are not finite, and a path off the image, are left out")
    func hostileValues() {
        let broken = PaintedPath(
            paint: .fillNonZero, grey: 0, clip: Self.page,
            subpaths: [Self.rectangle(.nan, 1, 5, .infinity), Self.rectangle(-1e300, -5, 1e300, -1)])
        let brokenStroke = PaintedPath(
            paint: .stroke, grey: 0, lineWidth: .infinity, clip: Self.page, subpaths: [Self.line(1, 1, 9, 1)])
        let offPage = PaintedPath(
            paint: .stroke, grey: 0, lineWidth: 1, dashes: [0, 0], clip: Self.page, subpaths: [Self.line(-50, 50, 500, 50)])
        let bitmap = Self.render([broken, brokenStroke, offPage])
        #expect(bitmap.pixels.allSatisfy { $0 == 255 })
    }

    @Test("The work per page is bounded: past the budget nothing more is painted")
    func budget() {
        let width = 40
        let height = 30
        let start = PaintedPath(paint: .fillNonZero, grey: 0, clip: Self.page, subpaths: [Self.rectangle(0, 0, 1, 1)])
        let cover = PaintedPath(paint: .fillNonZero, grey: 255, clip: Self.page, subpaths: [Self.rectangle(0, 0, 40, 30)])
        let late = PaintedPath(paint: .fillNonZero, grey: 0, clip: Self.page, subpaths: [Self.rectangle(5, 5, 6, 6)])
        let paths = [start] + Array(repeating: cover, count: PathRasterizer.workBudgetPerPixel) + [late]
        let bitmap = Self.render(paths, width: width, height: height)
        #expect(bitmap.pixels.allSatisfy { $0 == 255 })
        let withinBudget = Self.render([start] + Array(repeating: cover, count: PathRasterizer.workBudgetPerPixel - 1) + [late])
        #expect(withinBudget.pixels[5 * width + 5] == 0)
    }

    @Test("Rulings found in the painted paths: a ruled grid of thin rectangles")
    func gridToRulings() {
        var subpaths: [PaintedPath.Subpath] = []
        for y in [10.0, 40, 70] { subpaths.append(Self.rectangle(10, y, 210, y + 0.5)) }
        for x in [10.0, 110, 210] { subpaths.append(Self.rectangle(x, 10, x + 0.5, 70.5)) }
        let grid = PaintedPath(paint: .fillNonZero, grey: 0, clip: Self.page, subpaths: subpaths)
        let bitmap = PathRasterizer().render([grid], width: 300, height: 100, scale: 1)
        let rulings = RulingScanner().scan(bitmap, glyphs: [])
        #expect(rulings.filter { $0.axis == .horizontal }.map(\.position) == [10.5, 40.5, 70.5])
        #expect(rulings.filter { $0.axis == .vertical }.map(\.position) == [10.5, 110.5, 210.5])
        #expect(rulings.allSatisfy { $0.thickness == 1 })
    }

    @Test("Random hostile paths: huge, tiny, inverted and non-finite values, long dash arrays, many edges")
    func randomHostilePaths() {
        var state: UInt64 = 20_261_202
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        let specials: [Double] = [0, -0.0, 1e-300, -1e300, 1e300, .nan, .infinity, -.infinity, 0.5, 299.5, 1e9]
        func value() -> Double {
            next() % 8 == 0 ? specials[Int(next() % UInt64(specials.count))] : Double(Int(next() % 4_000)) / 10 - 50
        }
        for _ in 0..<300 {
            var paths: [PaintedPath] = []
            for _ in 0..<Int(next() % 20) {
                let subpaths = (0..<Int(next() % 4)).map { _ in
                    PaintedPath.Subpath(
                        points: (0..<Int(next() % 40)).map { _ in Point(x: value(), y: value()) }, closed: next() % 2 == 0)
                }
                let paint: PaintedPath.Paint = [.fillNonZero, .fillEvenOdd, .stroke][Int(next() % 3)]
                paths.append(
                    PaintedPath(
                        paint: paint, grey: value(), opacity: value(), lineWidth: value(), lineCap: [.butt, .round, .projectingSquare][Int(next() % 3)],
                        dashes: (0..<Int(next() % 40)).map { _ in value() }, dashPhase: value(),
                        clip: BoundingBox(x0: value(), y0: value(), x1: value(), y1: value()), subpaths: subpaths))
            }
            let bitmap = PathRasterizer().render(paths, width: 300, height: 200, scale: 1)
            #expect(bitmap.pixels.count == 300 * 200)
            _ = RulingScanner().scan(bitmap, glyphs: [])
        }
    }

    @Test("Non-zero rule: an inner rectangle turning the other way cuts a hole (a frame)")
    func nonZeroFrameTurningBothWays() {
        let outer = Self.rectangle(10, 10, 30, 25)
        // The same corners as the outer one's order reversed.
        let inner = PaintedPath.Subpath(
            points: [Point(x: 10.5, y: 10.5), Point(x: 10.5, y: 24.5), Point(x: 29.5, y: 24.5), Point(x: 29.5, y: 10.5)],
            closed: true)
        let frame = PaintedPath(paint: .fillNonZero, grey: 0, clip: Self.page, subpaths: [outer, inner])
        let bitmap = Self.render([frame])
        #expect(Self.row(bitmap, 17, 9...12) == [255, 128, 255, 255])
    }

    @Test("Dashes of no length draw nothing; a pattern finer than a pixel draws a solid line")
    func zeroLengthAndFineDashes() {
        let dots = PaintedPath(
            paint: .stroke, grey: 0, lineWidth: 1, lineCap: .round, dashes: [0, 3], clip: Self.page,
            subpaths: [Self.line(0, 10.5, 30, 10.5)])
        #expect(Self.render([dots]).pixels.allSatisfy { $0 == 255 })
        let fine = PaintedPath(
            paint: .stroke, grey: 0, lineWidth: 1, dashes: [0.2, 0.2], clip: Self.page, subpaths: [Self.line(0, 10.5, 30, 10.5)])
        #expect(Self.row(Self.render([fine]), 10, 1...28).allSatisfy { $0 == 0 })
    }

    @Test("Opacity blends with what is underneath: half-transparent white leaves a black line grey")
    func opacityBlends() {
        let line = PaintedPath(paint: .fillNonZero, grey: 0, clip: Self.page, subpaths: [Self.rectangle(0, 5, 40, 6)])
        let veil = PaintedPath(
            paint: .fillNonZero, grey: 255, opacity: 0.5, clip: Self.page, subpaths: [Self.rectangle(0, 0, 40, 30)])
        let bitmap = Self.render([line, veil])
        #expect(Self.row(bitmap, 5, 0...1) == [128, 128])
        #expect(Self.row(bitmap, 6, 0...1) == [255, 255])
    }

    @Test("A line drawn as many tiny segments is one line")
    func tinySegments() {
        let points = (0...100).map { Point(x: 5 + Double($0) * 0.3, y: 12.5) }
        let stroke = PaintedPath(
            paint: .stroke, grey: 0, lineWidth: 1, clip: Self.page,
            subpaths: [PaintedPath.Subpath(points: points, closed: false)])
        #expect(Self.row(Self.render([stroke]), 12, 6...34).allSatisfy { $0 == 0 })
    }

    @Test("One stroke of many page-wide segments stays within the work budget; an oversized image is not made")
    func budgetInsideOnePath() {
        var points: [Point] = []
        for _ in 0..<(PathRasterizer.workBudgetPerPixel * 4) {
            points += [Point(x: 0, y: 15), Point(x: 40, y: 15)]
        }
        let wide = PaintedPath(
            paint: .stroke, grey: 0, lineWidth: 100, clip: Self.page, subpaths: [PaintedPath.Subpath(points: points, closed: false)])
        let late = PaintedPath(paint: .fillNonZero, grey: 128, clip: Self.page, subpaths: [Self.rectangle(5, 5, 6, 6)])
        let bitmap = Self.render([wide, late])
        // The wide stroke blackened the page; the budget was spent before the late square.
        #expect(bitmap.pixels.allSatisfy { $0 == 0 })
        let huge = PathRasterizer().render([late], width: 1 << 20, height: 1 << 20, scale: 1)
        #expect(huge.width == 0 && huge.pixels.isEmpty)
    }
}

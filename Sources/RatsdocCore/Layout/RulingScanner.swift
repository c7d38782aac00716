/// Finds rulings (table borders, cell edges, rules) in a grey image of a page's painted paths.
///
/// The page's fills and strokes are painted small (about one pixel per point, by
/// ``PathRasterizer``) and searched for long, thin runs of dark pixels: a horizontal ruling is a run
/// along a pixel row that the rows above and below continue with the same ends for at most a
/// few pixels; a vertical one the same along pixel columns. A stroked line and a thin filled
/// rectangle look alike here, which is how producers differ in drawing borders. Thick dark areas
/// (shaded cells, filled shapes) are not rulings. The glyph boxes are masked out first: text
/// drawn as paths (outlined fonts, rows of dashes drawn as lines) is not taken for lines, and a
/// border behind text set without padding is bridged across it.
///
/// The work is bounded by the bitmap's size, which the caller bounds by ``maximumPixels``.
public struct RulingScanner: Sendable {
    /// An 8-bit grey image, row by row, `scale` pixels per point.
    public struct Bitmap: Sendable {
        public var width: Int
        public var height: Int
        public var scale: Double
        public var pixels: [UInt8]

        public init(width: Int, height: Int, scale: Double, pixels: [UInt8]) {
            self.width = width
            self.height = height
            self.scale = scale
            self.pixels = pixels
        }
    }

    /// Pixels darker than this are ink (light grey borders included, white paper not).
    public static let inkThreshold: UInt8 = 245
    /// Resolution of the painted image in pixels per point: one pixel per point keeps hairlines (drawn at
    /// least one pixel wide) and separates rows set two points apart.
    public static let pixelsPerPoint = 1.0
    /// Upper bound of the painted image, so a page with an absurd MediaBox cannot take the memory.
    public static let maximumPixels = 4_000_000
    /// The shortest ruling reported, as a fraction of the page's longer side (about 8 pt on A4: the
    /// height of a one-line cell set without padding in 7 pt type).
    /// Layout rules ask for more, relative to the font size.
    public static let minimumLengthFraction = 0.01
    /// The thickest line that is still a ruling, as a fraction of the page's longer side (about 3 pt on A4).
    public static let maximumThicknessFraction = 0.0035
    /// The share of a glyph box's height, at its top and at its bottom, left out of its mask:
    /// borders set tight against the text (cells without padding) run through the box's edge,
    /// not through its core.
    public static let glyphMaskInset = 0.12
    /// A run bridged across masked glyphs must show ink on at least this share of its length
    /// (a border behind two rows of figures set without padding shows little more than the gaps
    /// between the figures). Paper ends a run, so running text never bridges.
    public static let minimumInkShare = 0.1

    public init() {}

    /// The scale (pixels per point) for a page of `width` × `height` points: ``pixelsPerPoint``,
    /// or less when the page would need more than ``maximumPixels``. Nil for a page without a
    /// usable size.
    public static func scale(width: Double, height: Double) -> Double? {
        guard width.isFinite, height.isFinite, width >= 1, height >= 1 else { return nil }
        let area = width * height * pixelsPerPoint * pixelsPerPoint
        let scale = area <= Double(maximumPixels) ? pixelsPerPoint : pixelsPerPoint * (Double(maximumPixels) / area).squareRoot()
        return Int(width * scale) >= 8 && Int(height * scale) >= 8 ? scale : nil
    }

    /// The rulings of `bitmap`, with the text boxes `glyphs` (points) masked out.
    public func scan(_ bitmap: Bitmap, glyphs: [BoundingBox]) -> [Ruling] {
        let width = bitmap.width
        let height = bitmap.height
        guard width > 0, height > 0, bitmap.pixels.count >= width * height, bitmap.scale > 0 else { return [] }
        let scale = bitmap.scale
        let longerSide = Double(max(width, height)) / scale
        let minimumLength = max(2, Int((Self.minimumLengthFraction * longerSide * scale).rounded()))
        let maximumThickness = max(1, Int((Self.maximumThicknessFraction * longerSide * scale).rounded(.up)))

        // Per pixel: paper, ink, or masked (under a glyph: unknown). Glyph boxes are masked over
        // their whole width, so the letters of a word leave no ink between them; the top and
        // bottom of a box stay open, where a border set tight against the text runs.
        let count = width * height
        var state = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            bitmap.pixels.withUnsafeBufferPointer { pixels in
                for index in 0..<count {
                    buffer[index] = pixels[index] < Self.inkThreshold ? Self.inked : Self.background
                }
            }
            initialized = count
        }
        for box in glyphs {
            let insetY = box.height * Self.glyphMaskInset
            guard let x0 = Self.pixel(box.x0, scale, limit: width), let x1 = Self.pixel(box.x1, scale, limit: width),
                let y0 = Self.pixel(box.y0 + insetY, scale, limit: height),
                let y1 = Self.pixel(box.y1 - insetY, scale, limit: height), x0 <= x1, y0 <= y1
            else { continue }
            state.withUnsafeMutableBufferPointer { state in
                for y in y0...y1 {
                    let row = y * width
                    for x in x0...x1 { state[row + x] = Self.masked }
                }
            }
        }
        /// True when the pixel is paper, neither ink nor under a glyph (outside the bitmap is paper).
        func isPaper(_ x: Int, _ y: Int) -> Bool {
            x < 0 || y < 0 || x >= width || y >= height || state[y * width + x] == Self.background
        }
        /// True when the pixel is ink (outside the bitmap is paper).
        func isInk(_ x: Int, _ y: Int) -> Bool {
            x >= 0 && y >= 0 && x < width && y < height && state[y * width + x] == Self.inked
        }

        var rulings: [Ruling] = []
        // Horizontal: runs along pixel rows (ink, bridged across masked glyphs but not across
        // paper), continued by the next rows with the same ends.
        var open: [Segment] = []
        var closed: [Segment] = []
        state.withUnsafeBufferPointer { state in
            for y in 0..<height {
                var next: [Segment] = []
                var x = 0
                let row = y * width
                while x < width {
                    // A run starts at ink only: skip a whole word of pixels without ink.
                    if x + Self.wordPixels <= width, !Self.holdsInk(state, at: row + x) {
                        x += Self.wordPixels
                        continue
                    }
                    guard state[row + x] == Self.inked else {
                        x += 1
                        continue
                    }
                    var end = x
                    var inkCount = 1
                    var probe = x + 1
                    while probe < width, state[row + probe] != Self.background {
                        if state[row + probe] == Self.inked {
                            end = probe
                            inkCount += 1
                        }
                        probe += 1
                    }
                    if end - x + 1 >= minimumLength, Double(inkCount) >= Self.minimumInkShare * Double(end - x + 1) {
                        if let match = open.firstIndex(where: { abs($0.from - x) <= 2 && abs($0.to - end) <= 2 }) {
                            var segment = open.remove(at: match)
                            segment.from = min(segment.from, x)
                            segment.to = max(segment.to, end)
                            segment.last = y
                            next.append(segment)
                        } else {
                            next.append(Segment(from: x, to: end, first: y, last: y))
                        }
                    }
                    x = probe
                }
                if !open.isEmpty { closed += open }
                open = next
            }
        }
        closed += open
        // A line has paper beside it somewhere and is not mostly flanked by ink on both sides:
        // the shading between two glyphs of a shaded cell has glyphs or more shading beside it.
        // `pixel(along, across)` reads the bitmap in the segment's own orientation.
        func accepted(_ segments: [Segment], _ axis: Ruling.Axis, pixel: (Int, Int) -> (ink: Bool, paper: Bool)) {
            for segment in segments where segment.last - segment.first + 1 <= maximumThickness {
                let shown = (segment.from...segment.to).filter {
                    pixel($0, segment.first).ink || pixel($0, segment.last).ink
                }
                let crowded = shown.filter { pixel($0, segment.first - 1).ink && pixel($0, segment.last + 1).ink }
                let clear = shown.filter { pixel($0, segment.first - 1).paper || pixel($0, segment.last + 1).paper }
                guard 2 * crowded.count < shown.count, Self.isClear(clear.count, of: shown.count) else { continue }
                rulings.append(
                    Ruling(
                        axis: axis, position: Double(segment.first + segment.last + 1) / 2 / scale,
                        start: Double(segment.from) / scale, end: Double(segment.to + 1) / scale,
                        thickness: Double(segment.last - segment.first + 1) / scale))
            }
        }
        accepted(closed, .horizontal) { x, y in (isInk(x, y), isPaper(x, y)) }

        // Vertical: runs along pixel columns (collected row by row, which keeps memory access in
        // order), then neighbouring columns with the same ends merged. Not bridged across glyphs:
        // a glyph box never overlaps a border beside it, but "(", "j" and "/" reach out of their
        // box above and below.
        let runs = state.withUnsafeBufferPointer { state in
            Self.verticalRuns(state, width: width, height: height, minimumLength: minimumLength)
        }
        let sortedRuns = runs.sorted { $0.first != $1.first ? $0.first < $1.first : $0.from < $1.from }
        var merged: [Segment] = []
        var active: [Segment] = []
        var activeColumn = -1
        for run in sortedRuns {
            if run.first != activeColumn {
                // Segments not continued in the previous column are finished.
                merged += active.filter { $0.last < run.first - 1 }
                active.removeAll { $0.last < run.first - 1 }
                activeColumn = run.first
            }
            if let match = active.firstIndex(where: {
                $0.last == run.first - 1 && abs($0.from - run.from) <= 2 && abs($0.to - run.to) <= 2
            }) {
                active[match].from = min(active[match].from, run.from)
                active[match].to = max(active[match].to, run.to)
                active[match].last = run.first
            } else {
                active.append(run)
            }
        }
        merged += active
        accepted(merged, .vertical) { y, x in (isInk(x, y), isPaper(x, y)) }
        return rulings
    }

    /// A line must show paper on one side along at least this share of its visible length (a
    /// border behind two rows of figures set without padding shows it only between them).
    public static let minimumPaperShare = 0.2

    private static func isClear(_ clear: Int, of shown: Int) -> Bool {
        Double(clear) >= minimumPaperShare * Double(shown)
    }

    private static let background: UInt8 = 0
    private static let inked: UInt8 = 1
    private static let masked: UInt8 = 2

    /// Pixels tested at once by ``holdsInk(_:at:)``: one machine word of pixel states.
    private static let wordPixels = MemoryLayout<UInt64>.size
    /// The bit that is set in the state of an inked pixel (1), and clear for paper (0) and
    /// masked (2), in each byte of a word.
    private static let inkBits: UInt64 = 0x0101_0101_0101_0101

    /// True when one of the ``wordPixels`` states from `offset` on is ink (the caller keeps the
    /// word inside the buffer).
    @inline(__always)
    private static func holdsInk(_ state: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard let base = state.baseAddress else { return false }
        return UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self) & inkBits != 0
    }

    /// True when one of the ``wordPixels`` flags from `offset` on is set.
    @inline(__always)
    private static func anySet(_ flags: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard let base = flags.baseAddress else { return false }
        return UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self) != 0
    }

    /// The vertical runs of ink of `state` (one pixel wide; `from`/`to`: y range, `first`/`last`:
    /// x) at least `minimumLength` long and with ``minimumInkShare`` ink, in the order their ends
    /// are met row by row. A run ends at the first pixel that is not ink; the row after the last
    /// counts as paper.
    private static func verticalRuns(
        _ state: UnsafeBufferPointer<UInt8>, width: Int, height: Int, minimumLength: Int
    ) -> [Segment] {
        var runs: [Segment] = []
        let runStart = UnsafeMutableBufferPointer<Int>.allocate(capacity: width)
        let lastInk = UnsafeMutableBufferPointer<Int>.allocate(capacity: width)
        let inkCount = UnsafeMutableBufferPointer<Int>.allocate(capacity: width)
        // 1 while the column has a run open: a word of columns without ink and without an open run
        // needs no work.
        let running = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: width)
        defer {
            runStart.deallocate()
            lastInk.deallocate()
            inkCount.deallocate()
            running.deallocate()
        }
        runStart.initialize(repeating: -1)
        lastInk.initialize(repeating: -1)
        inkCount.initialize(repeating: 0)
        running.initialize(repeating: 0)
        for y in 0...height {
            let row = y * width
            var x = 0
            while x < width {
                if y < height, x + wordPixels <= width, !holdsInk(state, at: row + x), !anySet(running, at: x) {
                    x += wordPixels
                    continue
                }
                let pixel = y < height ? state[row + x] : background
                if pixel == inked {
                    if runStart[x] < 0 {
                        runStart[x] = y
                        inkCount[x] = 0
                        running[x] = 1
                    }
                    lastInk[x] = y
                    inkCount[x] += 1
                } else if runStart[x] >= 0 {
                    let length = lastInk[x] - runStart[x] + 1
                    if length >= minimumLength, Double(inkCount[x]) >= minimumInkShare * Double(length) {
                        runs.append(Segment(from: runStart[x], to: lastInk[x], first: x, last: x))
                    }
                    runStart[x] = -1
                    running[x] = 0
                }
                x += 1
            }
        }
        return runs
    }

    /// A run of ink: `from`...`to` along its length, `first`...`last` across it (pixels).
    private struct Segment {
        var from: Int
        var to: Int
        var first: Int
        var last: Int
    }

    private static func pixel(_ points: Double, _ scale: Double, limit: Int) -> Int? {
        guard points.isFinite else { return nil }
        let value = (points * scale).rounded(.down)
        return Int(min(max(value, 0), Double(limit - 1)))
    }
}

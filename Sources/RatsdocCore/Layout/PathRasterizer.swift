/// Paints a page's fills and strokes (``PaintedPath``) into the grey image that ``RulingScanner``
/// searches for rulings.
///
/// It draws what poppler's cairo device would draw of those paths, with antialiasing by exact
/// pixel coverage, but nothing else: no glyphs (the scanner masks them out anyway), no images,
/// shadings or patterns (areas, never lines). That is a fraction of the cost of rendering the
/// page, and the image the scanner sees is the one it saw in a full rendering, less the text.
///
/// - Strokes: horizontal and vertical segments become rectangles of the line's width, with their
///   caps, joins and dashes. Strokes at most ``hairlinePixels`` wide are drawn one whole pixel
///   wide on the pixel row (column) they fall in, as poppler's cairo device does with stroke
///   adjustment, its default. Slanted segments never make a ruling and are left out.
/// - Fills: a fill made of axis-aligned rectangles (how most producers draw borders) is painted
///   rectangle by rectangle with exact coverage; any other fill (a frame cut out with the
///   even-odd rule, a polygon) by scanlines, ``subsamples`` per pixel row, exact along the row.
///
/// The work per page is bounded by ``workBudgetPerPixel`` times the image's size: a page that
/// paints more than that (hostile, or a drawing) keeps what was painted until then.
public struct PathRasterizer: Sendable {
    /// Strokes this thin or thinner, in pixels, are drawn ``hairlineDrawnPixels`` wide, centred on
    /// the pixel they fall in (poppler's cairo device: stroke adjustment).
    public static let hairlinePixels = 1.0
    /// How wide a hairline is drawn, in pixels.
    public static let hairlineDrawnPixels = 1.0
    /// Where a snapped hairline lies within its pixel: the centre.
    static let pixelCentre = 0.5
    /// White paper on the 0 … 255 grey scale.
    public static let paper = 255.0
    /// A segment whose ends differ across its direction by less than this many pixels is
    /// horizontal (vertical); poppler's cairo device snaps such segments to the pixel grid.
    public static let alignmentTolerancePixels = 0.5
    /// How far, in pixels, a polygon's corner may be off to still count as a rectangle's.
    public static let rectangleTolerancePixels = 0.001
    /// Sub-scanlines per pixel row for fills other than rectangles.
    public static let subsamples = 16
    /// Pixel writes and scanline-edge steps allowed per page, as a multiple of the image's pixels.
    public static let workBudgetPerPixel = 64
    /// Dash arrays longer than this are not a dash pattern a border uses; such strokes are drawn solid.
    public static let maximumDashes = 32
    /// A dash pattern repeating within less than a pixel shows as a solid (lighter) line, and is
    /// drawn as one.
    public static let minimumDashPeriodPixels = 1.0

    public init() {}

    /// The grey image (white paper, `width` × `height` pixels at `scale` pixels per point) of `paths`
    /// painted in order.
    public func render(_ paths: [PaintedPath], width: Int, height: Int, scale: Double) -> RulingScanner.Bitmap {
        // An image larger than the scanner ever asks for is not painted (nor allocated).
        let (area, overflow) = max(0, width).multipliedReportingOverflow(by: max(0, height))
        guard !overflow, area <= Self.maximumPixels, scale.isFinite, scale > 0 else {
            return RulingScanner.Bitmap(width: 0, height: 0, scale: 1, pixels: [])
        }
        var canvas = Canvas(width: max(0, width), height: max(0, height), scale: scale)
        guard canvas.width > 0, canvas.height > 0 else {
            return RulingScanner.Bitmap(width: canvas.width, height: canvas.height, scale: scale, pixels: canvas.pixels)
        }
        for path in paths where canvas.hasBudget {
            guard path.grey.isFinite, path.opacity.isFinite, path.lineWidth.isFinite, let clip = canvas.clip(path.clip)
            else { continue }
            let paint = Paint(grey: min(Self.paper, max(0, path.grey)), alpha: min(1, max(0, path.opacity)))
            // Nothing, or white on untouched paper, changes nothing.
            if paint.alpha <= 0 || (paint.grey >= Self.paper && canvas.pristine) { continue }
            let subpaths = path.subpaths.compactMap { canvas.pixels(of: $0) }
            guard !subpaths.isEmpty else { continue }
            switch path.paint {
            case .stroke:
                stroke(subpaths, path: path, paint: paint, clip: clip, canvas: &canvas)
            case .fillNonZero, .fillEvenOdd:
                fill(subpaths, evenOdd: path.paint == .fillEvenOdd, paint: paint, clip: clip, canvas: &canvas)
            }
        }
        return RulingScanner.Bitmap(width: canvas.width, height: canvas.height, scale: scale, pixels: canvas.pixels)
    }

    /// The largest image painted: a few times what ``RulingScanner/scale(width:height:)`` allows.
    public static let maximumPixels = 4 * RulingScanner.maximumPixels

    // MARK: Strokes

    private func stroke(
        _ subpaths: [PaintedPath.Subpath], path: PaintedPath, paint: Paint, clip: PixelRect, canvas: inout Canvas
    ) {
        let widthPixels = path.lineWidth * canvas.scale
        let hairline = widthPixels <= Self.hairlinePixels
        let width = hairline ? Self.hairlineDrawnPixels : widthPixels
        let capExtension = path.lineCap == .butt ? 0 : width / 2
        let pattern = Self.dashPattern(path.dashes.map { $0 * canvas.scale })
        // Dashes of no length are dots at most, never a ruling.
        if case .invisible = pattern { return }
        let dashes: [Double]? = if case .dashed(let lengths) = pattern { lengths } else { nil }
        for subpath in subpaths {
            var points = subpath.points
            if subpath.closed, points.count > 2, let first = points.first, let last = points.last, first != last {
                points.append(first)
            }
            guard points.count >= 2 else { continue }
            var dash = dashes.map { DashState(pattern: $0, phase: path.dashPhase * canvas.scale) }
            let segmentCount = points.count - 1
            for index in 0..<segmentCount {
                // One path may hold any number of segments, each painting the whole page.
                guard canvas.hasBudget else { return }
                var from = points[index]
                var to = points[index + 1]
                let deltaX = abs(to.x - from.x)
                let deltaY = abs(to.y - from.y)
                // Aligned within the tolerance; a segment shorter than it both ways goes with its
                // longer extent (a line drawn as many tiny segments).
                var horizontal = deltaY < Self.alignmentTolerancePixels
                var vertical = deltaX < Self.alignmentTolerancePixels
                if horizontal && vertical {
                    horizontal = deltaX >= deltaY
                    vertical = !horizontal
                }
                if hairline, horizontal != vertical {
                    from = PaintedPath.Point(
                        x: from.x.rounded(.down) + Self.pixelCentre, y: from.y.rounded(.down) + Self.pixelCentre)
                    to = PaintedPath.Point(
                        x: to.x.rounded(.down) + Self.pixelCentre, y: to.y.rounded(.down) + Self.pixelCentre)
                }
                let length = ((to.x - from.x) * (to.x - from.x) + (to.y - from.y) * (to.y - from.y)).squareRoot()
                guard length.isFinite else { continue }
                // Along the segment: `start` at `from`, growing towards `to`.
                let start = horizontal ? from.x : from.y
                let end = horizontal ? to.x : to.y
                let direction: Double = end >= start ? 1 : -1
                let across = horizontal ? (from.y + to.y) / 2 : (from.x + to.x) / 2
                // Only the part on the image (and a line's width beyond it, for its ends) is
                // dashed and painted: a hostile segment may run for 10^9 points.
                let margin = min(width, Double(max(canvas.width, canvas.height)))
                let low = (horizontal ? clip.x0 : clip.y0) - margin
                let high = (horizontal ? clip.x1 : clip.y1) + margin
                let visibleFrom = max(0, min((low - start) * direction, (high - start) * direction))
                let visibleTo = min(length, max((low - start) * direction, (high - start) * direction))
                let pieces: [(Double, Double)]
                if visibleFrom >= visibleTo || horizontal == vertical {
                    pieces = []
                } else if let state = dash {
                    pieces = state.advanced(by: visibleFrom).pieces(length: visibleTo - visibleFrom).map {
                        ($0.0 + visibleFrom, $0.1 + visibleFrom)
                    }
                } else {
                    pieces = [(visibleFrom, visibleTo)]
                }
                if let state = dash { dash = state.advanced(by: length) }
                guard horizontal != vertical, length > 0 else { continue }
                let joinsBefore = index > 0 || subpath.closed
                let joinsAfter = index < segmentCount - 1 || subpath.closed
                for (pieceStart, pieceEnd) in pieces where pieceEnd > pieceStart {
                    guard canvas.hasBudget else { return }
                    let extendBefore = pieceStart <= 0 && joinsBefore ? width / 2 : capExtension
                    let extendAfter = pieceEnd >= length && joinsAfter ? width / 2 : capExtension
                    let a = start + direction * (pieceStart - extendBefore)
                    let b = start + direction * (pieceEnd + extendAfter)
                    let low = min(a, b)
                    let high = max(a, b)
                    if horizontal {
                        canvas.paint(
                            PixelRect(x0: low, y0: across - width / 2, x1: high, y1: across + width / 2), paint, clip: clip)
                    } else {
                        canvas.paint(
                            PixelRect(x0: across - width / 2, y0: low, x1: across + width / 2, y1: high), paint, clip: clip)
                    }
                }
            }
        }
    }

    /// How a stroke's dash array is drawn.
    private enum DashPattern {
        case solid
        case dashed([Double])
        /// Dashes of no length: nothing (butt caps) or dots (other caps), never a line.
        case invisible
    }

    /// The dash array as drawn: solid when it is empty, too long, not finite or negative, has no
    /// gaps, or repeats within less than ``minimumDashPeriodPixels``; invisible when its dashes have
    /// no length.
    private static func dashPattern(_ lengths: [Double]) -> DashPattern {
        guard !lengths.isEmpty, lengths.count <= maximumDashes, lengths.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            return .solid
        }
        // An odd count repeats the array (PDF: [3] is 3 on, 3 off).
        let pattern = lengths.count % 2 == 1 ? lengths + lengths : lengths
        let total = pattern.reduce(0, +)
        let on = stride(from: 0, to: pattern.count, by: 2).reduce(0) { $0 + pattern[$1] }
        if on <= 0 { return .invisible }
        guard total >= minimumDashPeriodPixels, total - on > 0 else { return .solid }
        return .dashed(pattern)
    }

    /// Where a dash pattern stands along a subpath: which entry, and how much of it is left.
    private struct DashState {
        var pattern: [Double]
        var index: Int
        var remaining: Double

        init(pattern: [Double], phase: Double) {
            self.pattern = pattern
            let total = pattern.reduce(0, +)
            var offset = phase.isFinite ? phase.truncatingRemainder(dividingBy: total) : 0
            if offset < 0 { offset += total }
            var index = 0
            while offset >= pattern[index] {
                offset -= pattern[index]
                index = (index + 1) % pattern.count
            }
            self.index = index
            self.remaining = pattern[index] - offset
        }

        /// The "on" pieces within the next `length` along the path.
        func pieces(length: Double) -> [(Double, Double)] {
            var state = self
            var position = 0.0
            var result: [(Double, Double)] = []
            while position < length {
                let step = min(state.remaining, length - position)
                if state.index % 2 == 0 { result.append((position, position + step)) }
                position += step
                state.consume(step)
            }
            return result
        }

        func advanced(by length: Double) -> DashState {
            var state = self
            var left = length.truncatingRemainder(dividingBy: pattern.reduce(0, +))
            while left > 0 {
                let step = min(state.remaining, left)
                left -= step
                state.consume(step)
            }
            return state
        }

        private mutating func consume(_ step: Double) {
            remaining -= step
            if remaining <= 0 {
                index = (index + 1) % pattern.count
                remaining = pattern[index]
            }
        }
    }

    // MARK: Fills

    private func fill(
        _ subpaths: [PaintedPath.Subpath], evenOdd: Bool, paint: Paint, clip: PixelRect, canvas: inout Canvas
    ) {
        let rectangles = subpaths.compactMap(Self.rectangle)
        if rectangles.count == subpaths.count, !Self.anyOverlap(rectangles.map(\.rect))
            || (!evenOdd && Set(rectangles.map(\.clockwise)).count == 1)
        {
            // Under the non-zero rule overlapping rectangles that all turn the same way fill their
            // union, which painting each one gives, give or take the antialiased edge. Turning
            // both ways, one may cut a hole in another (a frame).
            for rectangle in rectangles where canvas.hasBudget { canvas.paint(rectangle.rect, paint, clip: clip) }
            return
        }
        canvas.fillPolygon(subpaths, evenOdd: evenOdd, paint: paint, clip: clip, subsamples: Self.subsamples)
    }

    /// The rectangle a subpath traces, when it is one with horizontal and vertical sides, and
    /// whether it turns clockwise (in the image, y down).
    static func rectangle(_ subpath: PaintedPath.Subpath) -> (rect: PixelRect, clockwise: Bool)? {
        var corners: [PaintedPath.Point] = []
        for point in subpath.points {
            if let last = corners.last, Self.same(last, point) { continue }
            corners.append(point)
        }
        if corners.count == 5, let first = corners.first, let last = corners.last, Self.same(first, last) {
            corners.removeLast()
        }
        guard corners.count == 4 else { return nil }
        let tolerance = rectangleTolerancePixels
        func horizontal(_ a: Int, _ b: Int) -> Bool { abs(corners[a].y - corners[b].y) <= tolerance }
        func vertical(_ a: Int, _ b: Int) -> Bool { abs(corners[a].x - corners[b].x) <= tolerance }
        let aligned =
            (horizontal(0, 1) && vertical(1, 2) && horizontal(2, 3) && vertical(3, 0))
            || (vertical(0, 1) && horizontal(1, 2) && vertical(2, 3) && horizontal(3, 0))
        guard aligned else { return nil }
        let xs = corners.map(\.x)
        let ys = corners.map(\.y)
        guard let x0 = xs.min(), let x1 = xs.max(), let y0 = ys.min(), let y1 = ys.max() else { return nil }
        // Twice the signed area (shoelace).
        var area = 0.0
        for index in corners.indices {
            let next = corners[(index + 1) % corners.count]
            area += corners[index].x * next.y - next.x * corners[index].y
        }
        return (PixelRect(x0: x0, y0: y0, x1: x1, y1: y1), area > 0)
    }

    private static func same(_ a: PaintedPath.Point, _ b: PaintedPath.Point) -> Bool {
        abs(a.x - b.x) <= rectangleTolerancePixels && abs(a.y - b.y) <= rectangleTolerancePixels
    }

    /// True when two of the rectangles share some area. Many rectangles (a grid drawn as one
    /// path) are taken to overlap, which sends them the careful way.
    private static func anyOverlap(_ rectangles: [PixelRect]) -> Bool {
        guard rectangles.count <= maximumPairwiseRectangles else { return true }
        for i in rectangles.indices {
            for j in rectangles.indices where j > i {
                let a = rectangles[i]
                let b = rectangles[j]
                if a.x0 < b.x1, b.x0 < a.x1, a.y0 < b.y1, b.y0 < a.y1 { return true }
            }
        }
        return false
    }

    private static let maximumPairwiseRectangles = 256
}

/// A colour as grey (0 black … 255 white) and its opacity (0 … 1).
struct Paint: Hashable, Sendable {
    var grey: Double
    var alpha: Double
}

/// A rectangle in pixels (x0 ≤ x1, y0 ≤ y1).
struct PixelRect: Hashable, Sendable {
    var x0: Double
    var y0: Double
    var x1: Double
    var y1: Double
}

/// The grey image being painted, with the work done so far.
private struct Canvas {
    let width: Int
    let height: Int
    let scale: Double
    var pixels: [UInt8]
    /// True while nothing darker than paper has been painted.
    var pristine = true
    private var work = 0
    private let budget: Int

    init(width: Int, height: Int, scale: Double) {
        self.width = width
        self.height = height
        self.scale = scale
        pixels = [UInt8](repeating: 255, count: width * height)
        budget = PathRasterizer.workBudgetPerPixel * max(1, width * height)
    }

    var hasBudget: Bool { work < budget }

    /// A clip box in points as pixels, within the image; nil when nothing of it is on the image.
    func clip(_ box: BoundingBox) -> PixelRect? {
        let values = [box.x0, box.y0, box.x1, box.y1]
        guard values.allSatisfy(\.isFinite) else {
            return PixelRect(x0: 0, y0: 0, x1: Double(width), y1: Double(height))
        }
        let rect = PixelRect(
            x0: max(0, box.x0 * scale), y0: max(0, box.y0 * scale), x1: min(Double(width), box.x1 * scale),
            y1: min(Double(height), box.y1 * scale))
        return rect.x0 < rect.x1 && rect.y0 < rect.y1 ? rect : nil
    }

    /// A subpath in pixels; nil when it has no points or a point is not finite.
    func pixels(of subpath: PaintedPath.Subpath) -> PaintedPath.Subpath? {
        guard !subpath.points.isEmpty, subpath.points.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { return nil }
        return PaintedPath.Subpath(
            points: subpath.points.map { PaintedPath.Point(x: $0.x * scale, y: $0.y * scale) }, closed: subpath.closed)
    }

    /// Paints `rect` with exact coverage, inside `clip` (already within the image).
    mutating func paint(_ rect: PixelRect, _ paint: Paint, clip: PixelRect) {
        let x0 = max(rect.x0, clip.x0)
        let x1 = min(rect.x1, clip.x1)
        let y0 = max(rect.y0, clip.y0)
        let y1 = min(rect.y1, clip.y1)
        // Every call counts, also one that paints nothing.
        work += 1
        guard x0 < x1, y0 < y1 else { return }
        let columnStart = Int(x0.rounded(.down))
        let columnEnd = min(width, Int(x1.rounded(.up)))
        let rowStart = Int(y0.rounded(.down))
        let rowEnd = min(height, Int(y1.rounded(.up)))
        work += (columnEnd - columnStart) * (rowEnd - rowStart)
        if paint.grey < PathRasterizer.paper { pristine = false }
        pixels.withUnsafeMutableBufferPointer { buffer in
            for row in rowStart..<rowEnd {
                let coverY = min(y1, Double(row + 1)) - max(y0, Double(row))
                let base = row * width
                for column in columnStart..<columnEnd {
                    let coverX = min(x1, Double(column + 1)) - max(x0, Double(column))
                    Self.blend(&buffer[base + column], coverage: coverX * coverY, paint)
                }
            }
        }
    }

    /// Fills the polygon(s) by scanlines: `subsamples` lines per pixel row, each span's coverage
    /// exact along the row.
    mutating func fillPolygon(
        _ subpaths: [PaintedPath.Subpath], evenOdd: Bool, paint: Paint, clip: PixelRect, subsamples: Int
    ) {
        struct Edge {
            var x0: Double, y0: Double, x1: Double, y1: Double
            var winding: Int
            func x(at y: Double) -> Double { x0 + (y - y0) * (x1 - x0) / (y1 - y0) }
        }
        var edges: [Edge] = []
        for subpath in subpaths {
            let points = subpath.points
            guard points.count >= 2 else { continue }
            for index in points.indices {
                let a = points[index]
                let b = points[(index + 1) % points.count]
                if a.y == b.y { continue }
                edges.append(
                    a.y < b.y
                        ? Edge(x0: a.x, y0: a.y, x1: b.x, y1: b.y, winding: 1)
                        : Edge(x0: b.x, y0: b.y, x1: a.x, y1: a.y, winding: -1))
            }
        }
        guard let top = edges.map(\.y0).min(), let bottom = edges.map(\.y1).max() else { return }
        let rowStart = Int(max(top, clip.y0).rounded(.down))
        let rowEnd = min(height, Int(min(bottom, clip.y1).rounded(.up)))
        guard rowStart < rowEnd else { return }
        edges.sort { $0.y0 < $1.y0 }
        if paint.grey < PathRasterizer.paper { pristine = false }
        // Per row: `whole` holds differences for the pixels a span covers entirely (summed along
        // the row), `partial` the shares of the pixels at a span's ends.
        var whole = [Double](repeating: 0, count: width + 1)
        var partial = [Double](repeating: 0, count: width + 1)
        var next = 0
        var active: [Edge] = []
        var crossings: [(x: Double, winding: Int)] = []
        let share = 1 / Double(subsamples)
        func addSpan(from: Double, to: Double) {
            let first = Int(from.rounded(.down))
            let last = Int(to.rounded(.down))
            if first == last {
                partial[first] += (to - from) * share
                return
            }
            partial[first] += (Double(first + 1) - from) * share
            whole[first + 1] += share
            whole[last] -= share
            partial[last] += (to - Double(last)) * share
        }
        for row in rowStart..<rowEnd {
            guard hasBudget else { return }
            var touched = false
            for sample in 0..<subsamples {
                let y = Double(row) + (Double(sample) + 0.5) * share
                if y < clip.y0 || y >= clip.y1 { continue }
                while next < edges.count, edges[next].y0 <= y {
                    active.append(edges[next])
                    next += 1
                }
                active.removeAll { $0.y1 <= y }
                work += active.count
                crossings.removeAll(keepingCapacity: true)
                for edge in active {
                    let x = edge.x(at: y)
                    if x.isFinite { crossings.append((x, edge.winding)) }
                }
                crossings.sort { $0.x < $1.x }
                var winding = 0
                for index in crossings.indices.dropLast() {
                    winding += crossings[index].winding
                    let inside = evenOdd ? winding % 2 != 0 : winding != 0
                    guard inside else { continue }
                    let from = max(crossings[index].x, clip.x0)
                    let to = min(crossings[index + 1].x, clip.x1)
                    guard from < to else { continue }
                    touched = true
                    addSpan(from: from, to: to)
                }
            }
            guard touched else { continue }
            var running = 0.0
            let base = row * width
            pixels.withUnsafeMutableBufferPointer { buffer in
                for column in 0..<width {
                    running += whole[column]
                    let covered = running + partial[column]
                    if covered > 0 { Self.blend(&buffer[base + column], coverage: covered, paint) }
                }
            }
            for index in whole.indices {
                whole[index] = 0
                partial[index] = 0
            }
            work += width
        }
    }

    /// Paints over the pixel: what is there shows through the paint's opacity and the part of
    /// the pixel the shape leaves uncovered.
    private static func blend(_ pixel: inout UInt8, coverage: Double, _ paint: Paint) {
        guard coverage > 0 else { return }
        let old = Double(pixel)
        let value = old + min(1, coverage) * paint.alpha * (paint.grey - old)
        pixel = UInt8(max(0, min(255, value.rounded())))
    }
}

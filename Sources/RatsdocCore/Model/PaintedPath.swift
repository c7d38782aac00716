/// A path a PDF page paints, a fill or a stroke, as the extractor reads it from the page's
/// content (no rendering): points with the origin at the top-left of the page, like every
/// ``BoundingBox``. ``PathRasterizer`` turns a page's paths into the grey image that
/// ``RulingScanner`` searches for rulings.
public struct PaintedPath: Hashable, Sendable {
    public enum Paint: Hashable, Sendable {
        /// Filled with the non-zero winding rule.
        case fillNonZero
        /// Filled with the even-odd rule (a frame: an outer rectangle with an inner one cut out).
        case fillEvenOdd
        case stroke
    }

    /// How a stroke's open ends are finished (PDF line cap styles 0, 1, 2).
    public enum LineCap: Hashable, Sendable {
        case butt
        case round
        case projectingSquare
    }

    public struct Point: Hashable, Sendable {
        public var x: Double
        public var y: Double

        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// A connected run of straight segments through `points` (curves are replaced by their chords).
    public struct Subpath: Hashable, Sendable {
        public var points: [Point]
        /// True when the path was closed: a segment joins the last point back to the first.
        public var closed: Bool

        public init(points: [Point], closed: Bool) {
            self.points = points
            self.closed = closed
        }
    }

    public var paint: Paint
    /// The colour as grey, 0 (black) to 255 (white).
    public var grey: Double
    /// 0 (transparent) to 1 (opaque).
    public var opacity: Double
    /// Strokes: the line width in points (0 is the thinnest line a device can show).
    public var lineWidth: Double
    public var lineCap: LineCap
    /// Strokes: alternating on and off lengths in points; empty for a solid line.
    public var dashes: [Double]
    public var dashPhase: Double
    /// The bounding box of the clip in force when the path was painted.
    public var clip: BoundingBox
    public var subpaths: [Subpath]

    public init(
        paint: Paint, grey: Double, opacity: Double = 1, lineWidth: Double = 0, lineCap: LineCap = .butt, dashes: [Double] = [],
        dashPhase: Double = 0, clip: BoundingBox, subpaths: [Subpath]
    ) {
        self.paint = paint
        self.grey = grey
        self.opacity = opacity
        self.lineWidth = lineWidth
        self.lineCap = lineCap
        self.dashes = dashes
        self.dashPhase = dashPhase
        self.clip = clip
        self.subpaths = subpaths
    }
}

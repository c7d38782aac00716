/// A straight line drawn on a page: a table border, a cell edge, a rule under a heading.
///
/// Found in the page's painted paths (fills and strokes, read without rendering the page),
/// painted at about one pixel per point by ``PathRasterizer`` and searched by ``RulingScanner``,
/// so a stroked line and a thin filled rectangle look the same. Coordinates are PDF points with the
/// origin at the top-left of the page, like every ``BoundingBox``.
public struct Ruling: Hashable, Sendable, Codable {
    public enum Axis: String, Hashable, Sendable, Codable { case horizontal, vertical }

    public var axis: Axis
    /// The line's centre across its length: y for a horizontal ruling, x for a vertical one.
    public var position: Double
    /// Where the line starts and ends along its length: x for a horizontal ruling, y for a vertical one.
    public var start: Double
    public var end: Double
    /// How thick it is drawn, in points (at least one pixel of the painted image).
    public var thickness: Double

    public init(axis: Axis, position: Double, start: Double, end: Double, thickness: Double) {
        self.axis = axis
        self.position = position
        self.start = min(start, end)
        self.end = max(start, end)
        self.thickness = thickness
    }

    public var length: Double { end - start }

    /// True when `value` (along the ruling's length) lies on it, give or take `tolerance`.
    public func covers(_ value: Double, tolerance: Double) -> Bool {
        value >= start - tolerance && value <= end + tolerance
    }

    /// The part of `range` (along the ruling's length) the ruling covers, in points.
    public func overlap(with range: ClosedRange<Double>) -> Double {
        max(0, min(end, range.upperBound) - max(start, range.lowerBound))
    }
}

/// A rectangle on a page, in PDF points (1/72 inch).
///
/// The origin is the **top-left corner of the page**; `y` grows downwards. This is the
/// convention of `poppler_page_get_text_layout`, and every box in ratsdoc uses it.
/// In JSON a box is the array `[x0, y0, x1, y1]`, rounded to two decimals.
public struct BoundingBox: Hashable, Sendable {
    public var x0: Double
    public var y0: Double
    public var x1: Double
    public var y1: Double

    public init(x0: Double, y0: Double, x1: Double, y1: Double) {
        self.x0 = min(x0, x1)
        self.y0 = min(y0, y1)
        self.x1 = max(x0, x1)
        self.y1 = max(y0, y1)
    }

    public var width: Double { x1 - x0 }
    public var height: Double { y1 - y0 }
    public var midX: Double { (x0 + x1) / 2 }
    public var midY: Double { (y0 + y1) / 2 }

    /// The smallest box that holds both boxes.
    public func union(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(x0: min(x0, other.x0), y0: min(y0, other.y0), x1: max(x1, other.x1), y1: max(y1, other.y1))
    }

    /// How far the two boxes overlap vertically, in points (0 when they do not).
    public func verticalOverlap(with other: BoundingBox) -> Double {
        max(0, min(y1, other.y1) - max(y0, other.y0))
    }

    /// How far the two boxes overlap horizontally, in points (0 when they do not).
    public func horizontalOverlap(with other: BoundingBox) -> Double {
        max(0, min(x1, other.x1) - max(x0, other.x0))
    }

    /// The union of a non-empty sequence of boxes, or nil for an empty one.
    public static func union<S: Sequence>(_ boxes: S) -> BoundingBox? where S.Element == BoundingBox {
        var result: BoundingBox?
        for box in boxes { result = result.map { $0.union(box) } ?? box }
        return result
    }
}

extension BoundingBox: Codable {
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let x0 = try container.decode(Double.self)
        let y0 = try container.decode(Double.self)
        let x1 = try container.decode(Double.self)
        let y1 = try container.decode(Double.self)
        self.init(x0: x0, y0: y0, x1: x1, y1: y1)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for value in [x0, y0, x1, y1] {
            try container.encode((value * 100).rounded() / 100)
        }
    }
}

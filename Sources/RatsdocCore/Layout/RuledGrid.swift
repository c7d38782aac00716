/// A table frame drawn with rulings: horizontal and vertical lines that touch one another.
///
/// Built from a page's rulings by joining every horizontal and vertical ruling that meet (within
/// a tolerance relative to the font size); a group with at least two of each is a grid. Its
/// columns are the distinct x of its vertical rulings, its row borders the distinct y of its
/// horizontal ones. A cell spans columns where no vertical ruling separates them at its height,
/// and rows where no horizontal ruling separates them across its width.
struct RuledGrid {
    var box: BoundingBox
    /// Distinct x of the vertical rulings, left to right.
    var columnEdges: [Double]
    /// Distinct y of the horizontal rulings, top to bottom.
    var rowEdges: [Double]
    var horizontals: [Ruling]
    var verticals: [Ruling]

    /// A ruling shorter than this many ems is a glyph's stroke or a tick, not a border.
    static let minimumLengthEm = 1.0
    /// Rulings closer than this many ems meet (line ends drawn short of a crossing line).
    static let joinToleranceEm = 0.15
    /// Ruling positions closer than this many ems are one edge: a thick border comes out of the
    /// painted image as two neighbouring lines, and no cell is this narrow.
    static let edgeMergeEm = 0.3

    /// The grids of a page's rulings; `em` is the page's body font size.
    static func grids(_ rulings: [Ruling], em: Double) -> [RuledGrid] {
        let minimumLength = minimumLengthEm * em
        let tolerance = joinToleranceEm * em
        let merge = edgeMergeEm * em
        let lines = rulings.filter { $0.length >= minimumLength }
        let horizontals = lines.filter { $0.axis == .horizontal }
        let verticals = lines.filter { $0.axis == .vertical }
        guard horizontals.count >= 2, verticals.count >= 2 else { return [] }
        // Union-find over horizontals (0..<h) and verticals (h..<h+v).
        var parent = Array(0..<(horizontals.count + verticals.count))
        func root(_ index: Int) -> Int {
            var index = index
            while parent[index] != index {
                parent[index] = parent[parent[index]]
                index = parent[index]
            }
            return index
        }
        for (h, horizontal) in horizontals.enumerated() {
            for (v, vertical) in verticals.enumerated()
            where horizontal.covers(vertical.position, tolerance: tolerance)
                && vertical.covers(horizontal.position, tolerance: tolerance)
            {
                let a = root(h)
                let b = root(horizontals.count + v)
                if a != b { parent[a] = b }
            }
        }
        var groups: [Int: (h: [Ruling], v: [Ruling])] = [:]
        for (index, ruling) in horizontals.enumerated() { groups[root(index), default: ([], [])].h.append(ruling) }
        for (index, ruling) in verticals.enumerated() {
            groups[root(horizontals.count + index), default: ([], [])].v.append(ruling)
        }
        var grids: [RuledGrid] = []
        for group in groups.values where group.h.count >= 2 && group.v.count >= 2 {
            let x0 = group.h.map(\.start).min() ?? 0
            let x1 = group.h.map(\.end).max() ?? 0
            let y0 = group.v.map(\.start).min() ?? 0
            let y1 = group.v.map(\.end).max() ?? 0
            let columnEdges = cluster(group.v.map(\.position), tolerance: merge)
            let rowEdges = cluster(group.h.map(\.position), tolerance: merge)
            // A frame around one column (a box around a paragraph, a page border) is no table.
            guard columnEdges.count >= 3, rowEdges.count >= 2 else { continue }
            let grid = RuledGrid(
                box: BoundingBox(x0: x0, y0: y0, x1: x1, y1: y1), columnEdges: columnEdges, rowEdges: rowEdges,
                horizontals: group.h, verticals: group.v)
            grids += grid.splitAtStructureChanges(tolerance: merge, minimumLength: minimumLength)
        }
        return grids.sorted { $0.box.y0 < $1.box.y0 }
    }

    /// The grid cut where two tables touch: at a row edge where the columns above and below
    /// share fewer than half of the smaller side's column edges (a JA/NEIN grid drawn onto a
    /// finance table shares only its left border). A row of spanning cells has a subset of the
    /// columns around it, so it stays.
    func splitAtStructureChanges(tolerance: Double, minimumLength: Double) -> [RuledGrid] {
        guard rowEdges.count >= 3 else { return [self] }
        func edges(between top: Double, _ bottom: Double) -> [Double] {
            columnEdges.filter { x in
                let covered = verticals.filter { abs($0.position - x) <= tolerance }.reduce(0.0) {
                    $0 + $1.overlap(with: top...bottom)
                }
                return covered >= 0.5 * (bottom - top)
            }
        }
        for index in 1..<(rowEdges.count - 1) {
            let above = edges(between: rowEdges[index - 1], rowEdges[index])
            let below = edges(between: rowEdges[index], rowEdges[index + 1])
            let shared = above.filter { x in below.contains { abs($0 - x) <= tolerance } }.count
            guard 2 * shared < min(above.count, below.count) else { continue }
            let cut = rowEdges[index]
            func part(_ range: ClosedRange<Double>) -> RuledGrid? {
                let h = horizontals.filter { range.contains($0.position) }
                let v = verticals.compactMap { ruling -> Ruling? in
                    let start = max(ruling.start, range.lowerBound)
                    let end = min(ruling.end, range.upperBound)
                    guard end - start >= minimumLength else { return nil }
                    return Ruling(
                        axis: .vertical, position: ruling.position, start: start, end: end, thickness: ruling.thickness)
                }
                let columns = Self.cluster(v.map(\.position), tolerance: tolerance)
                let rows = Self.cluster(h.map(\.position), tolerance: tolerance)
                guard columns.count >= 3, rows.count >= 2, let x0 = h.map(\.start).min(), let x1 = h.map(\.end).max()
                else { return nil }
                return RuledGrid(
                    box: BoundingBox(x0: x0, y0: range.lowerBound, x1: x1, y1: range.upperBound), columnEdges: columns,
                    rowEdges: rows, horizontals: h, verticals: v)
            }
            let upper = part((box.y0 - tolerance)...(cut + tolerance))
            let lower = part((cut - tolerance)...(box.y1 + tolerance))
            return (upper.map { [$0] } ?? []) + (lower.map { $0.splitAtStructureChanges(tolerance: tolerance, minimumLength: minimumLength) } ?? [])
        }
        return [self]
    }

    /// Sorted values with neighbours closer than `tolerance` merged into their mean.
    static func cluster(_ values: [Double], tolerance: Double) -> [Double] {
        var result: [(sum: Double, count: Double, last: Double)] = []
        for value in values.sorted() {
            if let last = result.last, value - last.last <= tolerance {
                result[result.count - 1] = (last.sum + value, last.count + 1, value)
            } else {
                result.append((value, 1, value))
            }
        }
        return result.map { $0.sum / $0.count }
    }

    /// True when the box's centre lies inside the grid.
    func contains(_ box: BoundingBox) -> Bool {
        box.midX >= self.box.x0 && box.midX <= self.box.x1 && box.midY >= self.box.y0 && box.midY <= self.box.y1
    }

    /// The column whose edges hold `x` (clamped to the grid's columns).
    func column(at x: Double) -> Int {
        var index = 0
        while index + 2 < columnEdges.count, x > columnEdges[index + 1] { index += 1 }
        return index
    }

    var columnCount: Int { columnEdges.count - 1 }

    /// True when a vertical ruling at edge `edge` (1...columnCount-1) separates its two columns
    /// over most of the y-range `rows`.
    func separatesColumns(atEdge edge: Int, over rows: ClosedRange<Double>, tolerance: Double) -> Bool {
        let x = columnEdges[edge]
        let height = rows.upperBound - rows.lowerBound
        let covered = verticals.filter { abs($0.position - x) <= tolerance }.reduce(0.0) {
            $0 + $1.overlap(with: rows)
        }
        return covered >= 0.5 * height
    }

    /// True when a horizontal ruling at `y` separates the text of column range `columns` (most of
    /// each column's width is ruled there).
    func separatesRows(at y: Double, columns: [Int], tolerance: Double) -> Bool {
        let rulings = horizontals.filter { abs($0.position - y) <= tolerance }
        for column in columns {
            let range = columnEdges[column]...columnEdges[column + 1]
            let covered = rulings.reduce(0.0) { $0 + $1.overlap(with: range) }
            if covered < 0.5 * (range.upperBound - range.lowerBound) { return false }
        }
        return true
    }
}

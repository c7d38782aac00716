/// Rebuilds a table inside a ``RuledGrid``: the cells come from the drawn lines, not from
/// whitespace.
///
/// Rows: the text lines between two horizontal rulings are one row (a wrapped label, two stacked
/// dates); neighbouring bands are one row where the ruling between them leaves a column with
/// text open (a cell that spans rows, such as a committee centred beside two dates).
/// Columns: the vertical rulings. Where none separates two columns at a row's height, the cell
/// spans them; its text goes to the first column of the span, and the span is recorded.
struct RuledTableBuilder {
    typealias Row = PDFPageLayout.Row
    typealias Word = PDFPageLayout.Word

    let grid: RuledGrid
    let rows: [Row]
    /// The body font size, for tolerances.
    let em: Double

    /// A column's padding is taken as at most this share of its width on each side.
    static let maximumPaddingShare = 0.25

    func build() -> LayoutTable? {
        let columnCount = grid.columnCount
        guard columnCount >= 1, !rows.isEmpty else { return nil }
        let tolerance = RuledGrid.edgeMergeEm * em
        let edges = grid.rowEdges

        // Bands between horizontal edges; each text line falls in one by its centre.
        func band(_ y: Double) -> Int { edges.filter { $0 < y }.count }
        var bands: [Int: [Row]] = [:]
        for row in rows { bands[band(row.box.midY), default: []].append(row) }
        let used = bands.keys.sorted()
        func columns(of bandRows: [Row]) -> Set<Int> {
            Set(bandRows.flatMap(\.words).map { grid.column(at: $0.box.midX) })
        }

        // Bands joined into table rows where no ruling separates their text.
        var groups: [[Row]] = []
        var previousBand: Int?
        for current in used {
            let bandRows = bands[current] ?? []
            if let previous = previousBand, var group = groups.last {
                let textColumns = columns(of: group).union(columns(of: bandRows)).sorted()
                let between = edges.enumerated().filter { $0.offset >= previous && $0.offset < current }.map(\.element)
                let separated = between.contains {
                    grid.separatesRows(at: $0, columns: textColumns, tolerance: tolerance)
                }
                if !separated {
                    group += bandRows
                    groups[groups.count - 1] = group
                    previousBand = current
                    continue
                }
            }
            groups.append(bandRows)
            previousBand = current
        }

        // Inner padding per column: how far its text starts right of its left edge.
        var padding = [Double](repeating: .infinity, count: columnCount)
        for word in rows.flatMap(\.words) {
            let column = grid.column(at: word.box.midX)
            padding[column] = min(padding[column], max(0, word.box.x0 - grid.columnEdges[column]))
        }
        let bounds = (0..<columnCount).map { column -> ClosedRange<Double> in
            let left = grid.columnEdges[column]
            let right = grid.columnEdges[column + 1]
            let inset = padding[column].isFinite ? min(padding[column], (right - left) * Self.maximumPaddingShare) : 0
            return (left + inset)...max(left + inset, right - inset)
        }

        var tableRows: [LayoutTableRow] = []
        for group in groups {
            let sorted = group.sorted { $0.box.y0 < $1.box.y0 }
            guard let first = sorted.first, let last = sorted.last else { continue }
            let height = (min(first.box.y0, last.box.y0))...(max(first.box.y1, last.box.y1))
            var cells: [LayoutCell] = []
            var column = 0
            while column < columnCount {
                var end = column
                while end + 1 < columnCount,
                    !grid.separatesColumns(atEdge: end + 1, over: height, tolerance: tolerance)
                {
                    end += 1
                }
                var lines: [String] = []
                var boxes: [BoundingBox] = []
                for row in sorted {
                    let words = row.words.filter {
                        let index = grid.column(at: $0.box.midX)
                        return index >= column && index <= end
                    }
                    guard let box = BoundingBox.union(words.map(\.box)) else { continue }
                    lines.append(words.map(\.text).joined(separator: " "))
                    boxes.append(box)
                }
                cells.append(
                    LayoutCell(
                        lines: lines, box: BoundingBox.union(boxes), lineBoxes: boxes, columnSpan: end - column + 1))
                for _ in column..<end { cells.append(LayoutCell(lines: [], box: nil)) }
                column = end + 1
            }
            guard cells.contains(where: { !$0.isEmpty }) else { continue }
            tableRows.append(LayoutTableRow(cells: cells, box: BoundingBox.union(group.map(\.box))))
        }
        guard !tableRows.isEmpty else { return nil }
        // A grid whose text all falls in one column is a frame around text (a box drawn around a
        // whole table, with stray lines inside), not the table's cells.
        let usedColumns = Set(tableRows.flatMap { row in row.cells.enumerated().filter { !$0.element.isEmpty }.map(\.offset) })
        guard usedColumns.count >= 2 else { return nil }
        return LayoutTable(columnCount: columnCount, columnBounds: bounds, rows: tableRows)
    }
}

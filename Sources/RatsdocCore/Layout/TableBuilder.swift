/// Rebuilds a table without ruling lines from the words of consecutive lines.
///
/// Columns: an x-range is a column gutter when no line has text there (lines whose text
/// crosses it are allowed only while they are few: they are spanning cells), and when text on
/// its right starts at a common x on at least two lines, or text on its left ends at a common x
/// on at least two lines (right-aligned numbers).
///
/// Rows: the vertical extents of all cell lines are merged; a horizontal gap across the whole
/// table that is clearly wider than the line spacing inside a cell separates two rows. Lines
/// of one cell (a wrapped name, two stacked dates) therefore stay in one cell.
struct TableBuilder {
    typealias Row = PDFPageLayout.Row
    typealias Word = PDFPageLayout.Word

    let rows: [Row]
    let metrics: PDFPageLayout.Metrics

    init(rows: [Row], metrics: PDFPageLayout.Metrics) {
        self.rows = rows
        self.metrics = metrics
    }

    /// One line's words that fall in one column.
    struct CellLine {
        var column: Int
        var span: Int
        var words: [Word]
        var box: BoundingBox
        var text: String { words.map(\.text).joined(separator: " ") }
    }

    func build() -> LayoutTable? {
        let gutters = findGutters()
        guard !gutters.isEmpty else { return nil }
        let left = rows.map(\.box.x0).min() ?? 0
        let right = rows.map(\.box.x1).max() ?? 0
        var bounds: [ClosedRange<Double>] = []
        var start = left
        for gutter in gutters {
            bounds.append(start...max(start, gutter.lowerBound))
            start = gutter.upperBound
        }
        bounds.append(start...max(start, right))
        let boundaries = gutters.map { ($0.lowerBound + $0.upperBound) / 2 }

        func columnIndex(_ x: Double) -> Int {
            var index = 0
            while index < boundaries.count, x > boundaries[index] { index += 1 }
            return index
        }

        // Cell lines: each row's words split by column; a span whose word crosses a gutter stays whole.
        var cellLines: [CellLine] = []
        for row in rows {
            var perColumn: [Int: [Word]] = [:]
            var spanned: [Int: Int] = [:]
            for span in row.spans {
                let crossing = span.words.contains { word in
                    gutters.contains { word.box.x0 < $0.lowerBound - 0.5 && word.box.x1 > $0.upperBound + 0.5 }
                }
                if crossing {
                    let first = columnIndex(span.box.x0 + 0.5)
                    let last = columnIndex(span.box.x1 - 0.5)
                    perColumn[first, default: []] += span.words
                    spanned[first] = max(spanned[first] ?? 1, last - first + 1)
                } else {
                    for word in span.words { perColumn[columnIndex(word.box.midX), default: []].append(word) }
                }
            }
            for (column, words) in perColumn {
                guard let box = BoundingBox.union(words.map(\.box)) else { continue }
                cellLines.append(CellLine(column: column, span: spanned[column] ?? 1, words: words, box: box))
            }
        }
        guard !cellLines.isEmpty else { return nil }
        // Columns of running text (long lines on most cell lines) are a text region, not a table.
        let longLines = cellLines.filter { $0.text.count >= 35 }.count
        if longLines * 2 > cellLines.count { return nil }

        let groups = groupIntoRows(cellLines)
        var tableRows: [LayoutTableRow] = []
        for group in groups {
            var cells: [LayoutCell] = []
            var column = 0
            while column < bounds.count {
                let lines = group.filter { $0.column == column }.sorted {
                    abs($0.box.y0 - $1.box.y0) > 1 ? $0.box.y0 < $1.box.y0 : $0.box.x0 < $1.box.x0
                }
                let span = lines.map(\.span).max() ?? 1
                cells.append(
                    LayoutCell(lines: lines.map(\.text), box: BoundingBox.union(lines.map(\.box)), columnSpan: span))
                column += 1
            }
            tableRows.append(LayoutTableRow(cells: cells, box: BoundingBox.union(group.map(\.box))))
        }
        return LayoutTable(columnCount: bounds.count, columnBounds: bounds, rows: tableRows)
    }

    /// Column gutters, left to right.
    func findGutters() -> [ClosedRange<Double>] {
        let left = rows.map(\.box.x0).min() ?? 0
        let right = rows.map(\.box.x1).max() ?? 0
        guard right - left > 10 else { return [] }
        let step = 0.5
        let binCount = Int(((right - left) / step).rounded(.up)) + 1
        var coverage = [Int](repeating: 0, count: binCount)
        for row in rows {
            var covered = [Bool](repeating: false, count: binCount)
            for word in row.words {
                let first = max(0, Int(((word.box.x0 - left) / step).rounded(.down)))
                let last = min(binCount - 1, Int(((word.box.x1 - left) / step).rounded(.up)))
                if first <= last { for bin in first...last { covered[bin] = true } }
            }
            for bin in 0..<binCount where covered[bin] { coverage[bin] += 1 }
        }
        let allowance = rows.count >= 8 ? 2 : (rows.count >= 4 ? 1 : 0)
        let em = rows.map(\.fontSize).sorted()[rows.count / 2]
        let minimumWidth = max(2.5, 0.3 * em)

        var gutters: [ClosedRange<Double>] = []
        var bin = 0
        while bin < binCount {
            guard coverage[bin] <= allowance else {
                bin += 1
                continue
            }
            var end = bin
            while end + 1 < binCount, coverage[end + 1] <= allowance { end += 1 }
            defer { bin = end + 1 }
            if bin == 0 || end == binCount - 1 { continue }
            // Trim to the part the most lines leave empty.
            let minimum = coverage[bin...end].min() ?? 0
            var lo = bin
            var hi = end
            while lo < hi, coverage[lo] > minimum { lo += 1 }
            while hi > lo, coverage[hi] > minimum { hi -= 1 }
            let range = (left + Double(lo) * step)...(left + Double(hi) * step)
            guard range.upperBound - range.lowerBound >= minimumWidth else { continue }
            if isAligned(after: range, em: em) || isAlignedEnd(before: range, em: em) {
                gutters.append(range)
            }
        }
        return gutters
    }

    /// At least two lines have a word starting at a common x just right of the gutter.
    private func isAligned(after gutter: ClosedRange<Double>, em: Double) -> Bool {
        let starts = rows.compactMap { row -> Double? in
            row.words.map(\.box.x0).filter { $0 >= gutter.upperBound - 0.5 && $0 <= gutter.upperBound + 1.5 * em }.min()
        }
        return Self.hasCluster(starts, tolerance: 2.0)
    }

    /// At least two lines have a word ending at a common x just left of the gutter.
    private func isAlignedEnd(before gutter: ClosedRange<Double>, em: Double) -> Bool {
        let ends = rows.compactMap { row -> Double? in
            row.words.map(\.box.x1).filter { $0 <= gutter.lowerBound + 0.5 && $0 >= gutter.lowerBound - 1.5 * em }.max()
        }
        return Self.hasCluster(ends, tolerance: 1.0)
    }

    private static func hasCluster(_ values: [Double], tolerance: Double) -> Bool {
        let sorted = values.sorted()
        guard sorted.count >= 2 else { return false }
        for index in 1..<sorted.count where sorted[index] - sorted[index - 1] <= tolerance { return true }
        return false
    }

    /// Groups cell lines into table rows at horizontal gaps wider than in-cell line spacing.
    func groupIntoRows(_ lines: [CellLine]) -> [[CellLine]] {
        let sorted = lines.sorted { $0.box.y0 < $1.box.y0 }
        var intervals: [(y0: Double, y1: Double, members: [CellLine])] = []
        for line in sorted {
            if var last = intervals.last, line.box.y0 <= last.y1 + 0.5 {
                last.y1 = max(last.y1, line.box.y1)
                last.members.append(line)
                intervals[intervals.count - 1] = last
            } else {
                intervals.append((line.box.y0, line.box.y1, [line]))
            }
        }
        guard intervals.count > 1 else { return intervals.map(\.members) }
        var gaps: [Double] = []
        for index in 1..<intervals.count { gaps.append(intervals[index].y0 - intervals[index - 1].y1) }
        let em = rows.map(\.fontSize).sorted()[rows.count / 2]
        // The in-cell line gap: the smallest gaps between intervals, or the page's running-text gap.
        let smallest = gaps.min() ?? metrics.lineGap
        let inCell = min(max(smallest, -0.5), metrics.lineGap + 0.05 * em)
        let threshold = inCell + 0.2 * em
        var groups: [[CellLine]] = [intervals[0].members]
        for index in 1..<intervals.count {
            if gaps[index - 1] > threshold {
                groups.append(intervals[index].members)
            } else {
                groups[groups.count - 1] += intervals[index].members
            }
        }
        return groups
    }
}

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

    /// How many lines may cross a gutter as spanning cells: two, or one line in four of a long
    /// table (two finance tables set one under the other each have a two-line note spanning
    /// two columns).
    var maximumCrossingLines: Int { max(2, rows.count / Self.crossingLineShare) }
    static let crossingLineShare = 4

    /// A gap narrower than this is a word space, not a column gutter (about 0.32 em).
    var minimumGutterWidth: Double {
        max(2.0, 0.32 * rows.map(\.fontSize).sorted()[rows.count / 2])
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
                let crossing = gutters.contains { gutter in
                    guard span.box.x0 < gutter.lowerBound - 0.5, span.box.x1 > gutter.upperBound + 0.5 else {
                        return false
                    }
                    if span.words.contains(where: {
                        $0.box.x0 < gutter.lowerBound - 0.5 && $0.box.x1 > gutter.upperBound + 0.5
                    }) {
                        return true
                    }
                    // Only a word space at the gutter: the wrapped line of a cell that spans columns.
                    let before =
                        span.words.filter { $0.box.midX < gutter.lowerBound }.map(\.box.x1).max() ?? gutter.lowerBound
                    let after =
                        span.words.filter { $0.box.midX > gutter.upperBound }.map(\.box.x0).min() ?? gutter.upperBound
                    return after - before < minimumGutterWidth
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
                    LayoutCell(
                        lines: lines.map(\.text), box: BoundingBox.union(lines.map(\.box)), lineBoxes: lines.map(\.box),
                        columnSpan: span))
                column += 1
            }
            tableRows.append(LayoutTableRow(cells: cells, box: BoundingBox.union(group.map(\.box))))
        }
        return LayoutTable(columnCount: bounds.count, columnBounds: bounds, rows: tableRows)
    }

    /// Column gutters, left to right.
    ///
    /// Candidates are x-ranges that no "full" line (one with at least 60 % of the most spans any
    /// line has) touches. Inside each, the gutter is the widest part that the other lines (header
    /// lines, wrapped text) leave empty; if only up to two lines cross it, they are spanning cells.
    /// A candidate counts when it is wide (1.5 em), or when the full lines' text is aligned on one
    /// of its sides.
    func findGutters() -> [ClosedRange<Double>] {
        let left = rows.map(\.box.x0).min() ?? 0
        let right = rows.map(\.box.x1).max() ?? 0
        guard right - left > 10 else { return [] }
        let step = 0.5
        let binCount = Int(((right - left) / step).rounded(.up)) + 1
        let maxSpans = rows.map(\.spans.count).max() ?? 1
        let fullSpans = max(2, Int((0.6 * Double(maxSpans)).rounded(.up)))
        var coverageFull = [Int](repeating: 0, count: binCount)
        var coverageAll = [Int](repeating: 0, count: binCount)
        for row in rows {
            var covered = [Bool](repeating: false, count: binCount)
            for word in row.words {
                let first = max(0, Int(((word.box.x0 - left) / step).rounded(.down)))
                let last = min(binCount - 1, Int(((word.box.x1 - left) / step).rounded(.up)))
                if first <= last { for bin in first...last { covered[bin] = true } }
            }
            let isFull = row.spans.count >= fullSpans
            for bin in 0..<binCount where covered[bin] {
                coverageAll[bin] += 1
                if isFull { coverageFull[bin] += 1 }
            }
        }
        let em = rows.map(\.fontSize).sorted()[rows.count / 2]
        // Wider than a word space (about 0.25 em), so that "0 €" never splits into two columns.
        let minimumWidth = minimumGutterWidth
        let fullWordEdges = rows.filter { $0.spans.count >= fullSpans }.flatMap(\.words).map {
            (x0: $0.box.x0, x1: $0.box.x1)
        }

        var gutters: [ClosedRange<Double>] = []
        var bin = 0
        while bin < binCount {
            guard coverageFull[bin] == 0 else {
                bin += 1
                continue
            }
            var end = bin
            while end + 1 < binCount, coverageFull[end + 1] == 0 { end += 1 }
            defer { bin = end + 1 }
            if bin == 0 || end == binCount - 1 { continue }
            // Measure the gap exactly (bins round it down by up to a bin on each side).
            let runStart = left + Double(bin) * step
            let runEnd = left + Double(end) * step
            let gapLeft = fullWordEdges.filter { $0.x1 <= runStart + step }.map(\.x1).max() ?? runStart
            let gapRight = fullWordEdges.filter { $0.x0 >= runEnd - step }.map(\.x0).min() ?? runEnd
            guard gapRight - gapLeft >= minimumWidth else { continue }
            // The widest run inside with the fewest other lines crossing.
            let minimum = coverageAll[bin...end].min() ?? 0
            guard minimum <= maximumCrossingLines else { continue }
            func widestRun(atMost limit: Int) -> (lo: Int, hi: Int)? {
                var best: (lo: Int, hi: Int)?
                var cursor = bin
                while cursor <= end {
                    guard coverageAll[cursor] <= limit else {
                        cursor += 1
                        continue
                    }
                    var runEnd = cursor
                    while runEnd + 1 <= end, coverageAll[runEnd + 1] <= limit { runEnd += 1 }
                    if best.map({ runEnd - cursor > $0.hi - $0.lo }) ?? true { best = (cursor, runEnd) }
                    cursor = runEnd + 1
                }
                return best
            }
            // The widest run with the fewest crossing lines; when that is only a sliver (a word
            // space inside a spanning line), the widest run that at most two lines cross.
            guard var best = widestRun(atMost: minimum) else { continue }
            if Double(best.hi - best.lo) * step < 2, let wider = widestRun(atMost: maximumCrossingLines),
                wider.hi - wider.lo > best.hi - best.lo
            {
                best = wider
            }
            let lo = left + Double(best.lo) * step
            let hi = left + Double(best.hi) * step
            // Where no word crosses the gutter, no line may run across it either: that would be a
            // word space inside one cell ("kosten (alt)" over a right-aligned value column).
            if minimum == 0,
                rows.contains(where: { row in
                    row.spans.contains { span in
                        guard span.box.x0 < lo, span.box.x1 > hi else { return false }
                        let before = span.words.filter { $0.box.x1 <= hi }.map(\.box.x1).max() ?? lo
                        let after = span.words.filter { $0.box.x0 >= lo }.map(\.box.x0).min() ?? hi
                        return after - before < minimumWidth
                    }
                })
            {
                continue
            }
            // Alignment is judged at the edges of the full lines' gap: the cells of the full lines
            // start (or, right-aligned, end) at a common x there.
            let broad = (left + Double(bin) * step)...(left + Double(end) * step)
            // A wide empty band in every full line is a column gap by itself (right-aligned
            // labels or numbers after it are aligned on their far side, which is not checked).
            let wide = gapRight - gapLeft >= 1.5 * em
            if wide || isAligned(after: broad, em: em) || isAlignedEnd(before: broad, em: em) {
                gutters.append(lo...hi)
            }
        }
        return droppingUnsharedColumns(gutters)
    }

    /// Drops gutters between two columns that hold text in the same line on fewer than two lines:
    /// a left-aligned header over right-aligned numbers looks like two columns, but no line has
    /// both; the spaces of one header cell ("Ö / N") look like gutters, but only in one line.
    private func droppingUnsharedColumns(_ candidates: [ClosedRange<Double>]) -> [ClosedRange<Double>] {
        var gutters = candidates
        let wideGutter = 1.5 * rows.map(\.fontSize).sorted()[rows.count / 2]
        var changed = true
        while changed && !gutters.isEmpty {
            changed = false
            let boundaries = gutters.map { ($0.lowerBound + $0.upperBound) / 2 }
            func column(_ x: Double) -> Int { boundaries.filter { x > $0 }.count }
            var shared = [Int](repeating: 0, count: gutters.count)
            for row in rows {
                let columns = Set(row.words.map { column($0.box.midX) })
                for index in gutters.indices where columns.contains(index) && columns.contains(index + 1) {
                    shared[index] += 1
                }
            }
            // A wide gutter needs one line with text on both sides; a narrow one (it could be a
            // word space) needs two.
            if let unshared = shared.indices.first(where: {
                shared[$0] < (gutters[$0].upperBound - gutters[$0].lowerBound >= wideGutter ? 1 : 2)
            }) {
                gutters.remove(at: unshared)
                changed = true
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

    /// Groups cell lines into table rows.
    ///
    /// First at horizontal gaps across the whole table that are wider than the line spacing inside
    /// a cell (cell padding). Then, where rows are set without padding, before every line of the
    /// first column that starts level with a line of another column, unless the first column's
    /// previous line ends unfinished ("-", ",", "/", "und", "oder", ...).
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
        var groups: [[CellLine]] = intervals.isEmpty ? [] : [intervals[0].members]
        if intervals.count > 1 {
            var gaps: [Double] = []
            for index in 1..<intervals.count { gaps.append(intervals[index].y0 - intervals[index - 1].y1) }
            let em = rows.map(\.fontSize).sorted()[rows.count / 2]
            let inCell = min(gaps.min() ?? metrics.lineGap, metrics.lineGap)
            let threshold = inCell + max(0.8, 0.1 * em)
            for index in 1..<intervals.count {
                if gaps[index - 1] > threshold {
                    groups.append(intervals[index].members)
                } else {
                    groups[groups.count - 1] += intervals[index].members
                }
            }
        }
        return groups.flatMap(splitAtFirstColumnStarts)
    }

    private func splitAtFirstColumnStarts(_ group: [CellLine]) -> [[CellLine]] {
        let keyLines = group.filter { $0.column == 0 }.sorted { $0.box.y0 < $1.box.y0 }
        guard keyLines.count > 1 else { return [group] }
        var cuts: [Double] = []
        for index in 1..<keyLines.count {
            let line = keyLines[index]
            let tolerance = 0.3 * line.box.height
            let level = group.filter { $0.column != 0 && abs($0.box.y0 - line.box.y0) <= tolerance }
            guard !level.isEmpty, !Self.endsUnfinished(keyLines[index - 1].text) else { continue }
            // A wrapped header row wraps in several columns at once: when a level line of another
            // column continues that column's unfinished line ("Fortgeschrie-" / "bener Ansatz"),
            // the row goes on.
            let continuesOther = level.contains { other in
                let above = group.filter { $0.column == other.column && $0.box.y0 < other.box.y0 - tolerance }
                    .max { $0.box.y0 < $1.box.y0 }
                return above.map { Self.endsUnfinished($0.text) } ?? false
            }
            if !continuesOther { cuts.append(line.box.y0 - tolerance) }
        }
        guard !cuts.isEmpty else { return [group] }
        var result = [[CellLine]](repeating: [], count: cuts.count + 1)
        for line in group {
            let slot = cuts.filter { line.box.y0 >= $0 }.count
            result[slot].append(line)
        }
        return result.filter { !$0.isEmpty }
    }

    static let unfinishedEndings: Set<String> = [
        "und", "oder", "sowie", "für", "der", "die", "das", "des", "den", "dem", "im", "in", "zur", "zum", "von", "mit",
        "bzw.",
    ]

    /// True when a line visibly continues on the next one.
    static func endsUnfinished(_ text: String) -> Bool {
        guard let last = text.last else { return false }
        if "-,/&(".contains(last) || last == "\u{AD}" { return true }
        let word = text.split(separator: " ").last.map { $0.lowercased() } ?? ""
        return unfinishedEndings.contains(word)
    }
}

import Foundation

/// Rebuilds one PDF page's layout from character boxes.
///
/// 1. Characters → words (a whitespace character or a horizontal gap of 0.15 em breaks a word).
/// 2. Words → bands: words whose vertical centres agree form one physical line across the page.
/// 3. Bands → spans: a gap much wider than the line's own word gaps separates two spans
///    (two cells, a label and its value, two columns of text).
/// 4. A central gutter that nearly every band respects makes a two-column page; each column is
///    read top to bottom, left column first; lines that cross the gutter are full-width.
/// 5. Within a column, runs of multi-span lines are tables: column boundaries come from
///    whitespace gutters that text on either side is aligned to; rows from horizontal gaps that
///    are wider than the line spacing inside a cell. Wrapped and stacked cell lines stay in their
///    cell.
/// 6. The remaining lines form text blocks, split at larger gaps and at font changes.
struct PDFPageLayout {
    struct Word {
        var text: String
        var box: BoundingBox
        var fontSize: Double
        var isBold: Bool
    }

    /// A run of words on one band, separated from the next run by a wide gap.
    struct Span {
        var words: [Word]
        var box: BoundingBox
        var text: String { words.map(\.text).joined(separator: " ") }
    }

    /// One physical line (or the part of it inside a column region).
    struct Row {
        var spans: [Span]
        var box: BoundingBox
        var fontSize: Double
        var isBold: Bool
        /// All words of the spans, left to right.
        var words: [Word]
        var isMulti: Bool { spans.count >= 2 }
    }

    let page: ExtractedPage
    let width: Double
    let height: Double
    /// Vertical rulings long enough to be cell borders: words and spans never cross them.
    let borders: [Ruling]

    /// A vertical ruling shorter than this share of a glyph's height does not split a word (the
    /// strokes of glyphs that escape the glyph mask are shorter).
    static let borderMinimumGlyphHeights = 1.0
    /// How far (points) a border's painted position may lie from the gap it falls in: the
    /// painted image has about one pixel per point, and a border lies on its pixel's centre.
    static let borderPositionSlack = 1.0

    init(page: ExtractedPage) {
        self.page = page
        self.width = page.width ?? 595
        self.height = page.height ?? 842
        self.borders = page.rulings.filter { $0.axis == .vertical }
    }

    /// True when a cell border runs between `left` and `right` at the height of `box`.
    private func borderBetween(_ left: Double, _ right: Double, box: BoundingBox) -> Bool {
        guard !borders.isEmpty else { return false }
        let minimumLength = Self.borderMinimumGlyphHeights * box.height
        return borders.contains {
            $0.length >= minimumLength && $0.position >= left - Self.borderPositionSlack
                && $0.position <= right + Self.borderPositionSlack && $0.covers(box.midY, tolerance: 0)
        }
    }

    func layout() -> LayoutPage {
        let rows = buildRows()
        guard !rows.isEmpty else {
            return LayoutPage(
                number: page.number, width: width, height: height, columns: 1, blocks: [], rulings: page.rulings)
        }
        let metrics = Metrics(rows: rows)
        let grids = RuledGrid.grids(page.rulings, em: metrics.fontSize)
        var blocks: [LayoutBlock] = []
        let columns: Int
        if let gutter = findColumnGutter(rows) {
            columns = 2
            var left: [Row] = []
            var right: [Row] = []
            func flushColumns() {
                blocks += regionBlocks(left, column: 1, metrics: metrics, grids: grids)
                blocks += regionBlocks(right, column: 2, metrics: metrics, grids: grids)
                left = []
                right = []
            }
            for row in rows {
                let leftSpans = row.spans.filter { $0.box.x1 <= gutter.lowerBound + 1 }
                let rightSpans = row.spans.filter { $0.box.x0 >= gutter.upperBound - 1 }
                if leftSpans.count + rightSpans.count < row.spans.count {
                    flushColumns()
                    blocks += regionBlocks([row], column: 0, metrics: metrics, grids: grids)
                    continue
                }
                if let part = Self.row(from: leftSpans) { left.append(part) }
                if let part = Self.row(from: rightSpans) { right.append(part) }
            }
            flushColumns()
        } else {
            columns = 1
            blocks = regionBlocks(rows, column: 0, metrics: metrics, grids: grids)
        }
        return LayoutPage(
            number: page.number, width: width, height: height, columns: columns, blocks: blocks,
            rulings: page.rulings)
    }

    // MARK: - Words, bands, spans

    func buildRows() -> [Row] {
        let glyphs = page.glyphs
        guard !glyphs.isEmpty else { return [] }
        let order = glyphs.indices.sorted { a, b in
            let ya = glyphs[a].box.midY
            let yb = glyphs[b].box.midY
            return ya != yb ? ya < yb : glyphs[a].box.x0 < glyphs[b].box.x0
        }
        // Bands: glyphs whose vertical centre lies within 40 % of the band's height of its first glyph.
        var bands: [[Int]] = []
        var current: [Int] = []
        var referenceMid = 0.0
        var referenceHeight = 0.0
        var bandTop = 0.0
        var bandBottom = 0.0
        for index in order {
            let box = glyphs[index].box
            if TextNormalizer.isWhitespace(glyphs[index].scalar) && current.isEmpty { continue }
            if !current.isEmpty,
                abs(box.midY - referenceMid) <= 0.4 * max(1, min(referenceHeight, box.height))
            {
                current.append(index)
                continue
            }
            // A subscript or superscript ("CO₂" set as a smaller "2"): a glyph clearly smaller than
            // the line that stays within its extent belongs to it.
            if !current.isEmpty, box.height <= 0.8 * referenceHeight, box.y0 >= bandTop - 0.4 * referenceHeight,
                box.y1 <= bandBottom + 0.4 * referenceHeight
            {
                current.append(index)
                continue
            }
            if !current.isEmpty { bands.append(current) }
            current = [index]
            referenceMid = box.midY
            referenceHeight = box.height
            bandTop = box.y0
            bandBottom = box.y1
        }
        if !current.isEmpty { bands.append(current) }

        var rows: [Row] = []
        rows.reserveCapacity(bands.count)
        for band in bands {
            let sorted = band.sorted { glyphs[$0].box.x0 < glyphs[$1].box.x0 }
            let words = buildWords(sorted)
            guard !words.isEmpty, let row = Self.row(from: splitSpans(words)) else { continue }
            rows.append(row)
        }
        rows.sort { $0.box.y0 < $1.box.y0 }
        return rows
    }

    private func fontSize(of glyph: Glyph) -> Double {
        let index = Int(glyph.fontIndex)
        if index >= 0, index < page.fonts.count, page.fonts[index].size > 0 { return page.fonts[index].size }
        return max(1, glyph.box.height)
    }

    private func isBold(_ glyph: Glyph) -> Bool {
        let index = Int(glyph.fontIndex)
        return index >= 0 && index < page.fonts.count && page.fonts[index].isBold
    }

    private func buildWords(_ sorted: [Int]) -> [Word] {
        var words: [Word] = []
        var scalars = String.UnicodeScalarView()
        var box: BoundingBox?
        var sizes: [Double] = []
        var boldCount = 0
        var count = 0
        var lastX1 = -Double.infinity
        var needsComposition = false
        // A soft hyphen that ends a word is one the producer broke the line at: it shows as "-".
        var endsWithSoftHyphen = false

        func flush() {
            if let wordBox = box, count > 0 {
                if endsWithSoftHyphen { scalars.append("-") }
                let text = needsComposition ? String(scalars).precomposedNFC : String(scalars)
                if !text.isEmpty {
                    let size = sizes.sorted()[sizes.count / 2]
                    words.append(Word(text: text, box: wordBox, fontSize: size, isBold: boldCount * 2 > count))
                }
            }
            scalars = String.UnicodeScalarView()
            box = nil
            sizes = []
            boldCount = 0
            count = 0
            needsComposition = false
            endsWithSoftHyphen = false
        }

        for index in sorted {
            let glyph = page.glyphs[index]
            if TextNormalizer.isWhitespace(glyph.scalar) || glyph.scalar == "\u{A0}" {
                flush()
                continue
            }
            let size = fontSize(of: glyph)
            if count > 0, glyph.box.x0 - lastX1 > 0.15 * size || borderBetween(lastX1, glyph.box.x0, box: glyph.box) {
                flush()
            }
            TextNormalizer.appendNormalized(glyph.scalar, to: &scalars)
            endsWithSoftHyphen = glyph.scalar == "\u{AD}"
            if glyph.scalar.value >= 0x300 { needsComposition = true }
            box = box.map { $0.union(glyph.box) } ?? glyph.box
            sizes.append(size)
            if isBold(glyph) { boldCount += 1 }
            count += 1
            lastX1 = max(glyph.box.x1, count == 1 ? glyph.box.x1 : lastX1)
        }
        flush()
        return words
    }

    /// Splits a band's words into spans at gaps that are wide in absolute terms (2.5 em), or wide
    /// relative to the band's own word spacing (its lower-quartile gap): over 1.2 em and 1.5 times
    /// it, or over 0.45 em and twice it. A justified line stretches all its gaps alike, so it stays whole.
    private func splitSpans(_ words: [Word]) -> [Span] {
        guard words.count > 1 else { return words.isEmpty ? [] : [Span(words: words, box: words[0].box)] }
        var gaps: [Double] = []
        for index in 1..<words.count { gaps.append(words[index].box.x0 - words[index - 1].box.x1) }
        let em = words.map(\.fontSize).sorted()[words.count / 2]
        let small = gaps.filter { $0 < 1.2 * em }.sorted()
        let typical = small.isEmpty ? 0.25 * em : max(0.15 * em, small[small.count / 4])
        // A justified line stretches every gap alike: with three or more gaps within 15 % of
        // each other, the line is one span however wide its gaps are.
        if gaps.count >= 3, let widest = gaps.max(), let narrowest = gaps.min(), narrowest > 0,
            widest <= narrowest * 1.15 + 0.5,
            !(1..<words.count).contains(where: {
                borderBetween(words[$0 - 1].box.x1, words[$0].box.x0, box: words[$0].box)
            })
        {
            return [Self.span(words)]
        }
        var spans: [Span] = []
        var current: [Word] = [words[0]]
        for index in 1..<words.count {
            let gap = gaps[index - 1]
            let bordered = borderBetween(words[index - 1].box.x1, words[index].box.x0, box: words[index].box)
            if gap > 2.5 * em || (gap > 1.2 * em && gap > 1.5 * typical) || (gap > 0.45 * em && gap > 2.0 * typical)
                || bordered
            {
                spans.append(Self.span(current))
                current = []
            }
            current.append(words[index])
        }
        spans.append(Self.span(current))
        return spans
    }

    private static func span(_ words: [Word]) -> Span {
        Span(words: words, box: BoundingBox.union(words.map(\.box)) ?? words[0].box)
    }

    static func row(from spans: [Span]) -> Row? {
        guard let box = BoundingBox.union(spans.map(\.box)) else { return nil }
        let words = spans.flatMap(\.words)
        let sizes = words.map(\.fontSize).sorted()
        let boldLetters = words.filter(\.isBold).reduce(0) { $0 + $1.text.count }
        let letters = words.reduce(0) { $0 + $1.text.count }
        return Row(
            spans: spans, box: box, fontSize: sizes[sizes.count / 2], isBold: boldLetters * 2 > letters, words: words)
    }

    // MARK: - Page metrics

    struct Metrics {
        /// Median height of a line box.
        var lineHeight: Double
        /// Median vertical gap between consecutive lines of running text.
        var lineGap: Double
        /// Median font size of the lines (the body text's em).
        var fontSize: Double

        init(rows: [Row]) {
            let sizes = rows.map(\.fontSize).sorted()
            fontSize = sizes.isEmpty ? 10 : sizes[sizes.count / 2]
            let heights = rows.map(\.box.height).sorted()
            lineHeight = heights.isEmpty ? 12 : heights[heights.count / 2]
            // Gaps between a line and the closest line above it that it overlaps horizontally, so
            // that the two columns of a two-column page do not interleave.
            var gaps: [Double] = []
            for index in rows.indices.dropFirst() {
                var above = index - 1
                while above >= max(0, index - 4), rows[above].box.horizontalOverlap(with: rows[index].box) <= 0 {
                    above -= 1
                }
                guard above >= 0, rows[above].box.horizontalOverlap(with: rows[index].box) > 0 else { continue }
                let gap = rows[index].box.y0 - rows[above].box.y1
                if gap > -0.5 * lineHeight, gap < 0.8 * lineHeight { gaps.append(gap) }
            }
            gaps.sort()
            lineGap = gaps.isEmpty ? 0.15 * lineHeight : gaps[gaps.count / 2]
        }
    }

    // MARK: - Two-column pages

    /// A vertical strip near the page centre that at most one line in ten crosses, with running
    /// text (lines at least a quarter of the page wide) on both sides. Returns the strip's x-range.
    func findColumnGutter(_ rows: [Row]) -> ClosedRange<Double>? {
        let body = rows.filter { $0.box.y0 > height * 0.08 && $0.box.y1 < height * 0.92 }
        guard body.count >= 10 else { return nil }
        let low = width * 0.3
        let high = width * 0.7
        var best: (range: ClosedRange<Double>, score: Int)?
        var runStart: Double?
        func considerRun(end: Double) {
            guard let start = runStart, end - start >= 6 else { return }
            let range = start...end
            var leftText = 0
            var rightText = 0
            var crossing = 0
            for row in body {
                if row.spans.contains(where: { $0.box.x0 < range.lowerBound - 1 && $0.box.x1 > range.upperBound + 1 }) {
                    crossing += 1
                    continue
                }
                if row.spans.contains(where: { $0.box.x1 <= range.lowerBound + 1 && $0.box.width >= width * 0.25 }) {
                    leftText += 1
                }
                if row.spans.contains(where: { $0.box.x0 >= range.upperBound - 1 && $0.box.width >= width * 0.25 }) {
                    rightText += 1
                }
            }
            let score = min(leftText, rightText)
            if score >= 5, crossing * 10 <= body.count, score > (best?.score ?? 0) {
                best = (range, score)
            }
        }
        let intervals = body.map { row in row.words.map { ($0.box.x0, $0.box.x1) } }
        var x = low
        while x <= high {
            var crossings = 0
            for row in intervals where row.contains(where: { $0.0 < x && $0.1 > x }) { crossings += 1 }
            if crossings * 10 <= body.count {
                if runStart == nil { runStart = x }
            } else {
                considerRun(end: x - 1)
                runStart = nil
            }
            x += 1
        }
        considerRun(end: x - 1)
        return best?.range
    }

    // MARK: - Regions: tables and text blocks

    func regionBlocks(_ rows: [Row], column: Int, metrics: Metrics, grids: [RuledGrid]) -> [LayoutBlock] {
        guard !rows.isEmpty else { return [] }
        var blocks: [LayoutBlock] = []
        var textRows: [Row] = []

        func flushText() {
            blocks += textBlocks(textRows, column: column, metrics: metrics)
            textRows = []
        }
        // The ruled grid each line lies in, if any.
        var gridOf: [Int?] = rows.map { row in grids.firstIndex { $0.contains(row.box) } }

        var index = 0
        while index < rows.count {
            // Lines inside a ruled grid: the grid's table, cells from its rulings.
            if let grid = gridOf[index] {
                var end = index
                while end + 1 < rows.count, gridOf[end + 1] == grid { end += 1 }
                let builder = RuledTableBuilder(grid: grids[grid], rows: Array(rows[index...end]), em: metrics.fontSize)
                if let table = builder.build() {
                    flushText()
                    blocks.append(tableBlock(table, rows: Array(rows[index...end]), column: column))
                    index = end + 1
                    continue
                }
                // Not a table grid after all (a frame around text): its lines are read as if unruled.
                for line in index...end { gridOf[line] = nil }
            }
            // An unruled table stops where a ruled grid starts.
            if rows[index].isMulti, var end = tableCandidateEnd(rows, from: index, metrics: metrics),
                gridOf[index] == nil
            {
                if let ruled = (index...end).first(where: { gridOf[$0] != nil }) { end = ruled - 1 }
                guard end > index else {
                    textRows.append(rows[index])
                    index += 1
                    continue
                }
                // Lines set tight above the first row inside the table's width belong to it (the top
                // line of a vertically centred header cell).
                var first = index
                let left = rows[index...end].map(\.box.x0).min() ?? 0
                let right = rows[index...end].map(\.box.x1).max() ?? 0
                while first > 0, !textRows.isEmpty, let above = textRows.last, !above.isMulti,
                    above.box.x0 >= left - 2, above.box.x1 <= right + 2,
                    rows[first].box.y0 - above.box.y1 <= metrics.lineGap + 0.35 * above.fontSize,
                    abs(above.fontSize - rows[first].fontSize) < 0.6, above.isBold == rows[first].isBold,
                    above.box.width < 0.6 * (right - left)
                {
                    textRows.removeLast()
                    first -= 1
                }
                if let (table, last) = buildTable(rows, from: first, to: end, metrics: metrics) {
                    flushText()
                    blocks.append(tableBlock(table, rows: Array(rows[first...last]), column: column))
                    index = last + 1
                    continue
                }
                // Not a table after all: give the lines taken from above back.
                textRows += rows[first..<index]
            }
            textRows.append(rows[index])
            index += 1
        }
        flushText()
        return blocks
    }

    /// Builds the table of rows `start...end`; when they do not form one, tries again with the
    /// rows above the widest vertical gap (two tables set one under the other), as long as at
    /// least two multi-span rows remain. Returns the table and its last row.
    private func buildTable(_ rows: [Row], from start: Int, to end: Int, metrics: Metrics) -> (LayoutTable, Int)? {
        var last = end
        while last > start {
            let candidate = Array(rows[start...last])
            if let table = TableBuilder(rows: candidate, metrics: metrics).build() { return (table, last) }
            guard candidate.count > 2 else { return nil }
            var widest = start + 1
            for index in (start + 1)...last
            where rows[index].box.y0 - rows[index - 1].box.y1 > rows[widest].box.y0 - rows[widest - 1].box.y1 {
                widest = index
            }
            let shorter = widest - 1
            guard shorter < last, rows[start...shorter].filter(\.isMulti).count >= 2 else { return nil }
            last = shorter
        }
        return nil
    }

    /// The last row of a table that starts at `start`, or nil when fewer than two rows have several spans.
    ///
    /// The table goes on while rows follow closely: a multi-span row may follow after a gap of up
    /// to 2.5 line heights unless that gap is much wider than the gaps between the rows so far
    /// (then it is the next table); a one-span row (a wrapped cell) only when it is set tight
    /// under the previous row, in the same font size and weight, and narrower than the table.
    private func tableCandidateEnd(_ rows: [Row], from start: Int, metrics: Metrics) -> Int? {
        var lastMulti = start
        var multiCount = 1
        var index = start + 1
        var gaps: [Double] = []
        let tableWidth = rows[start].box.width
        var secondColumnStart = rows[start].spans[1].box.x0
        while index < rows.count {
            let row = rows[index]
            let previous = rows[index - 1]
            let gap = row.box.y0 - previous.box.y1
            if gap > 2.5 * metrics.lineHeight { break }
            // A gap much wider than the gaps so far, and wide against the lines' own height, starts
            // the next table (a JA/NEIN grid above a finance table).
            let lineHeight = min(row.box.height, previous.box.height)
            // Only while the table has fewer than two multi-span rows: a header row set apart from
            // the body of its own table is not a new table.
            if multiCount < 2, let typical = gaps.isEmpty ? nil : gaps.sorted()[gaps.count / 2] {
                if gap > 0.75 * lineHeight, gap > 2 * max(typical, 0.5) { break }
            } else if gaps.isEmpty, gap > 1.2 * lineHeight {
                break
            }
            // A clear change of type size is another table (a JA/NEIN grid in body type set
            // tight above a finance table in small print).
            if Self.differsInSize(row, previous) { break }
            if row.isMulti {
                lastMulti = index
                multiCount += 1
                secondColumnStart = min(secondColumnStart, row.spans[1].box.x0)
            } else {
                // Tight under the row above, or (the top line of a vertically centred cell) tight
                // above a multi-span row below.
                let tightBelow =
                    index + 1 < rows.count && rows[index + 1].isMulti
                    && rows[index + 1].box.y0 - row.box.y1 <= metrics.lineGap + 0.35 * row.fontSize
                let tight = gap <= metrics.lineGap + 0.35 * row.fontSize || tightBelow
                let sameStyle = abs(row.fontSize - previous.fontSize) < 0.6 && (!row.isBold || previous.isBold)
                // A wrapped cell: narrow against the table, or wholly left of the second column.
                let insideCell =
                    row.box.width < 0.6 * max(tableWidth, rows[lastMulti].box.width)
                    || row.box.x1 < secondColumnStart - 2
                guard tight, sameStyle, insideCell else { break }
            }
            gaps.append(gap)
            index += 1
        }
        guard multiCount >= 2 else { return nil }
        // Trailing single-span lines set tight under the last row are its wrapped cell text.
        var end = lastMulti
        while end + 1 < rows.count {
            let next = rows[end + 1]
            let gap = next.box.y0 - rows[end].box.y1
            guard !next.isMulti, gap <= metrics.lineGap + 0.1 * next.fontSize, !next.isBold || rows[end].isBold,
                abs(next.fontSize - rows[end].fontSize) < 0.6, next.box.width < 0.6 * tableWidth
            else { break }
            end += 1
        }
        return end
    }

    /// Two lines whose type sizes differ by more than this share of the larger do not belong to
    /// one table (a bold or larger header row differs by less).
    static let tableSizeChange = 0.2

    static func differsInSize(_ a: Row, _ b: Row) -> Bool {
        abs(a.fontSize - b.fontSize) > tableSizeChange * max(a.fontSize, b.fontSize)
    }

    private func tableBlock(_ table: LayoutTable, rows: [Row], column: Int) -> LayoutBlock {
        let lines = table.rows.map { row in
            LayoutLine(
                text: row.cells.map(\.text).joined(separator: "\t"), page: page.number, box: row.box,
                spans: row.cells.map { LayoutSpan(text: $0.text, box: $0.box) },
                fontSize: rows.first?.fontSize, isBold: false)
        }
        return LayoutBlock(
            kind: .table, role: .body, page: page.number, box: BoundingBox.union(rows.map(\.box)), lines: lines,
            table: table, column: column)
    }

    /// Groups consecutive text rows into blocks; a gap clearly larger than the line spacing or a
    /// change of font size or weight starts a new block.
    private func textBlocks(_ rows: [Row], column: Int, metrics: Metrics) -> [LayoutBlock] {
        var blocks: [LayoutBlock] = []
        var current: [Row] = []
        func flush() {
            guard !current.isEmpty else { return }
            let lines = current.map { row in
                LayoutLine(
                    text: row.spans.map(\.text).joined(separator: "\t"), page: page.number, box: row.box,
                    spans: row.spans.map { LayoutSpan(text: $0.text, box: $0.box) }, fontSize: row.fontSize,
                    isBold: row.isBold)
            }
            blocks.append(
                LayoutBlock(
                    kind: .text, role: .body, page: page.number, box: BoundingBox.union(current.map(\.box)),
                    lines: lines, column: column))
            current = []
        }
        for row in rows {
            if let previous = current.last {
                let gap = row.box.y0 - previous.box.y1
                let breaks =
                    gap > metrics.lineGap + 0.35 * row.fontSize || abs(row.fontSize - previous.fontSize) > 0.6
                    || row.isBold != previous.isBold
                if breaks { flush() }
            }
            current.append(row)
        }
        flush()
        return blocks
    }
}

extension String {
    /// NFC form of the string.
    var precomposedNFC: String { precomposedStringWithCanonicalMapping }
}

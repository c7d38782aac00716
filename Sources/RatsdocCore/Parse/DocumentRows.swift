/// One physical row of a document as the parsers see it: a text line (its spans as cells) or
/// a table row (its cells, with their column index).
struct DocumentRow: Sendable {
    struct Cell: Sendable {
        /// The cell text, lines joined with German de-hyphenation.
        var text: String
        /// The physical lines of the cell (one for a span).
        var lines: [String]
        var box: BoundingBox?
        /// Column index in the table, or span index in the line.
        var column: Int
        /// The box of each entry of `lines`, when known.
        var lineBoxes: [BoundingBox?] = []
        /// Where text in this table column must end (the column's right bound), when known.
        var columnRight: Double?
        /// How many table columns the cell spans (1 for a span of a text line).
        var span: Int = 1

        /// The lines with every line that was wrapped (its next word would not have fitted in the
        /// column) joined to the next one. Needs line boxes and the column bound; else the lines.
        func unwrappedLines() -> [String] {
            guard let right = columnRight, lines.count > 1, lineBoxes.count == lines.count,
                lineBoxes.allSatisfy({ $0 != nil })
            else { return lines }
            var result: [String] = []
            var current = lines[0]
            for index in 1..<lines.count {
                guard let box = lineBoxes[index - 1] else { return lines }
                let previous = lines[index - 1]
                let characterWidth = box.width / Double(max(1, previous.count))
                let nextWord = lines[index].split(separator: " ").first.map(String.init) ?? ""
                let wouldFit = box.x1 + characterWidth * Double(nextWord.count + 1) <= right + 0.5
                if wouldFit {
                    result.append(current)
                    current = lines[index]
                } else {
                    current = TextNormalizer.join(current, lines[index])
                }
            }
            result.append(current)
            return result
        }

        /// The box of line `index`, or the cell's box when lines have no boxes of their own.
        func box(ofLine index: Int) -> BoundingBox? {
            index < lineBoxes.count ? (lineBoxes[index] ?? box) : box
        }
    }

    /// The non-empty cells, left to right.
    var cells: [Cell]
    var page: Int
    var box: BoundingBox?
    /// Index of the source block in `LayoutDocument.bodyBlocks`.
    var block: Int
    /// Index of the table row inside its block (0 for text lines' first row...), for table rows only.
    var tableRow: Int?
    /// True when the row came from a table block.
    var isTableRow: Bool { tableRow != nil }
    var isBold: Bool

    /// The row's text: the non-empty cells joined by a space.
    var text: String { cells.map(\.text).joined(separator: " ") }
    /// The row's text with cells joined by a tab, for label scanning.
    var tabbedText: String { cells.map(\.text).joined(separator: "\t") }
    var hasBoxes: Bool { cells.contains { $0.box != nil } }

    /// Flattens the body (headers and footers left out) into rows, in reading order.
    static func rows(of layout: LayoutDocument) -> [DocumentRow] {
        var rows: [DocumentRow] = []
        for (blockIndex, block) in layout.bodyBlocks.enumerated() {
            if block.kind == .table, let table = block.table {
                for (rowIndex, row) in table.rows.enumerated() {
                    let cells = row.cells.enumerated().compactMap { column, cell -> Cell? in
                        var lines: [String] = []
                        var boxes: [BoundingBox?] = []
                        for (index, raw) in cell.lines.enumerated() {
                            let line = TextNormalizer.collapseSpaces(TextNormalizer.normalize(raw))
                            guard !line.isEmpty else { continue }
                            lines.append(line)
                            boxes.append(index < cell.lineBoxes.count ? cell.lineBoxes[index] : nil)
                        }
                        guard !lines.isEmpty else { return nil }
                        // A spanning cell's text may run to the right bound of its last column.
                        let last = column + max(1, cell.columnSpan) - 1
                        let right = last < table.columnBounds.count ? table.columnBounds[last].upperBound : nil
                        return Cell(
                            text: TextNormalizer.joinLines(lines), lines: lines, box: cell.box, column: column,
                            lineBoxes: boxes, columnRight: right, span: max(1, cell.columnSpan))
                    }
                    guard !cells.isEmpty else { continue }
                    rows.append(
                        DocumentRow(
                            cells: cells, page: block.page, box: row.box, block: blockIndex, tableRow: rowIndex,
                            isBold: false))
                }
            } else {
                for line in block.lines {
                    let spans = line.spans.isEmpty ? [LayoutSpan(text: line.text, box: line.box)] : line.spans
                    var cells: [Cell] = []
                    for (index, span) in spans.enumerated() {
                        // Text input keeps tabs inside a span's text; they separate cells too.
                        let parts =
                            span.text.utf8.contains(UInt8(ascii: "\t"))
                            ? span.text.split(separator: "\t", omittingEmptySubsequences: true).map(String.init)
                            : [span.text]
                        for part in parts {
                            let text = TextNormalizer.collapseSpaces(TextNormalizer.normalize(part))
                            guard !text.isEmpty else { continue }
                            cells.append(Cell(text: text, lines: [text], box: span.box, column: index))
                        }
                    }
                    guard !cells.isEmpty else { continue }
                    rows.append(
                        DocumentRow(
                            cells: cells, page: line.page, box: line.box, block: blockIndex, tableRow: nil,
                            isBold: line.isBold))
                }
            }
        }
        return rows
    }
}

/// German words after which a printed value or committee name is not finished and continues on
/// the next line ("Schul- und" / "Sportamt", "Ausschuss für" / "Umwelt").
enum Continuation {
    static let connectorWords: Set<String> = [
        "und", "oder", "für", "der", "die", "das", "des", "dem", "den", "von", "vom", "zur", "zum", "im", "in",
        "mit", "bei", "an", "am", "auf", "sowie", "u.", "bzw.", "&", "aus", "über", "nach", "gegen",
    ]

    /// True when `line` visibly continues on the next line, or `next` visibly continues `line`.
    static func continues(_ line: String, with next: String?) -> Bool {
        let trimmed = line.trimmedWhitespaces()
        if let last = trimmed.last, "-/,&".contains(last) { return true }
        if let lastWord = trimmed.split(separator: " ").last, connectorWords.contains(lastWord.lowercased()) {
            return true
        }
        if let next, let first = next.trimmedWhitespaces().first, first.isLowercase { return true }
        return false
    }

    /// Joins physical lines that continue each other; returns the remaining logical lines.
    static func mergeWrapped(_ lines: [String]) -> [String] {
        var result: [String] = []
        for line in lines where !line.isEmpty {
            if let last = result.last, continues(last, with: line) {
                result[result.count - 1] = TextNormalizer.join(last, line)
            } else {
                result.append(line)
            }
        }
        return result
    }
}

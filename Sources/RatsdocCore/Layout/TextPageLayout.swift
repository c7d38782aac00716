/// Layout for text another tool extracted: one line per input line, cells split at tabs.
///
/// Consecutive lines with two or more tab-separated cells form a table; blank lines end a
/// block; the rest are text blocks of consecutive lines.
enum TextPageLayout {
    static func layout(_ page: ExtractedPage) -> LayoutPage {
        var blocks: [LayoutBlock] = []
        var pendingText: [LayoutLine] = []
        var pendingTable: [[String]] = []

        func flushText() {
            guard !pendingText.isEmpty else { return }
            blocks.append(LayoutBlock(kind: .text, role: .body, page: page.number, box: nil, lines: pendingText))
            pendingText = []
        }
        func flushTable() {
            guard !pendingTable.isEmpty else { return }
            let columnCount = pendingTable.map(\.count).max() ?? 0
            let rows = pendingTable.map { cells in
                LayoutTableRow(
                    cells: (0..<columnCount).map { index in
                        let text = index < cells.count ? cells[index] : ""
                        return LayoutCell(lines: text.isEmpty ? [] : [text], box: nil)
                    }, box: nil)
            }
            let lines = pendingTable.map { cells in line(cells.joined(separator: "\t"), cells: cells, page: page.number)
            }
            blocks.append(
                LayoutBlock(
                    kind: .table, role: .body, page: page.number, box: nil, lines: lines,
                    table: LayoutTable(columnCount: columnCount, columnBounds: [], rows: rows)))
            pendingTable = []
        }

        let lastLine = page.textLines.lastIndex { !$0.trimmedWhitespaces().isEmpty }
        let firstLine = page.textLines.firstIndex { !$0.trimmedWhitespaces().isEmpty }
        for (index, raw) in page.textLines.enumerated() {
            let cells = splitCells(raw)
            if cells.isEmpty {
                flushText()
                flushTable()
                continue
            }
            // A page number: "– 3 –" or "Seite 3 von 5" anywhere (extractors that drop page
            // breaks leave it mid-text), a bare number only as a page's first or last line.
            if cells.count == 1,
                RunningElementDetector.isStrongPageNumber(cells[0])
                    || (index == firstLine || index == lastLine) && RunningElementDetector.isPageNumber(cells[0])
            {
                flushText()
                flushTable()
                blocks.append(
                    LayoutBlock(
                        kind: .text, role: index == lastLine ? .footer : .header, page: page.number, box: nil,
                        lines: [line(cells[0], cells: cells, page: page.number)]))
                continue
            }
            if cells.count >= 2 {
                flushText()
                pendingTable.append(cells)
            } else {
                flushTable()
                pendingText.append(line(cells[0], cells: cells, page: page.number))
            }
        }
        flushText()
        flushTable()
        return LayoutPage(number: page.number, width: nil, height: nil, columns: 1, blocks: blocks)
    }

    /// Splits a line at tabs; trailing empty cells are dropped, inner ones kept (they are empty table cells).
    static func splitCells(_ raw: String) -> [String] {
        var cells = raw.split(separator: "\t", omittingEmptySubsequences: false).map {
            TextNormalizer.collapseSpaces(String($0))
        }
        while let last = cells.last, last.isEmpty { cells.removeLast() }
        if cells.allSatisfy(\.isEmpty) { return [] }
        return cells
    }

    private static func line(_ text: String, cells: [String], page: Int) -> LayoutLine {
        LayoutLine(
            text: text, page: page, box: nil, spans: cells.map { LayoutSpan(text: $0, box: nil) }, fontSize: nil,
            isBold: false)
    }
}

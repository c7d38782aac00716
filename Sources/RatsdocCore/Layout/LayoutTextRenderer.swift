import Foundation

/// Renders a ``LayoutDocument`` as readable text: blocks in reading order, tables as grids.
/// This is what `ratsdoc extract` prints; it shows what ratsdoc sees.
public enum LayoutTextRenderer {
    public static func render(_ document: LayoutDocument) -> String {
        var output = "# \(document.source.path) (\(document.source.pages) pages)\n"
        for finding in document.findings {
            output += "! \(finding.severity.rawValue) \(finding.code)"
            output += finding.page.map { " (page \($0))" } ?? ""
            output += ": \(finding.message)\n"
        }
        for page in document.pages {
            output += "\n=== page \(page.number)"
            if page.columns > 1 { output += " (\(page.columns) columns)" }
            output += " ===\n"
            for block in page.blocks {
                let column = block.column > 0 ? " col \(block.column)" : ""
                switch (block.role, block.kind) {
                case (.header, _), (.footer, _):
                    output += "[\(block.role.rawValue)] \(block.text)\n"
                case (.body, .text):
                    output += "[text\(column)]\n"
                    for line in block.lines { output += "  " + line.text.replacingTabs() + "\n" }
                case (.body, .table):
                    guard let table = block.table else { continue }
                    output += "[table\(column) \(table.rows.count)x\(table.columnCount)]\n"
                    output += grid(table)
                }
            }
        }
        return output
    }

    /// A plain-text grid: one line per physical cell line, cells padded to their column's width.
    static func grid(_ table: LayoutTable) -> String {
        var widths = [Int](repeating: 1, count: table.columnCount)
        for row in table.rows {
            for (index, cell) in row.cells.enumerated() where index < widths.count {
                for line in cell.lines { widths[index] = max(widths[index], min(40, line.count)) }
            }
        }
        var output = ""
        let separator = "  +" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n"
        output += separator
        for row in table.rows {
            let height = row.cells.map(\.lines.count).max() ?? 0
            for lineIndex in 0..<max(1, height) {
                var parts: [String] = []
                for (index, cell) in row.cells.enumerated() where index < widths.count {
                    let text = lineIndex < cell.lines.count ? cell.lines[lineIndex] : ""
                    parts.append(
                        " " + text.padding(toLength: max(widths[index], text.count), withPad: " ", startingAt: 0) + " ")
                }
                output += "  |" + parts.joined(separator: "|") + "|\n"
            }
            output += separator
        }
        return output
    }
}

extension String {
    func replacingTabs() -> String {
        split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "  |  ")
    }
}

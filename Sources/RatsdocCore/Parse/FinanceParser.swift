import Foundation

/// Reads Finanzielle Auswirkungen: the JA/NEIN answer (an X in a grid, or ☐/☒ boxes) and the
/// year-column tables. `columns` lists every printed header, the label column first; each
/// row's `values` holds one entry per value column (`columns.count - 1`).
struct FinanceParser {
    let spec: DocumentProfile.FinanceSpec
    /// The spec's words as match keys, computed once.
    private let yesKeys: Set<String>
    private let noKeys: Set<String>
    private let checkedKeys: Set<String>
    private let uncheckedKeys: Set<String>

    init(spec: DocumentProfile.FinanceSpec) {
        self.spec = spec
        yesKeys = Set(spec.yes.map(TextNormalizer.matchKey))
        noKeys = Set(spec.no.map(TextNormalizer.matchKey))
        checkedKeys = Set(spec.checked.map(TextNormalizer.matchKey))
        uncheckedKeys = Set(spec.unchecked.map(TextNormalizer.matchKey))
    }

    func parse(
        rows: [DocumentRow], lines: [LayoutLine], inlineText: String, page: Int, findings: inout [Finding]
    ) -> FinancialImpact {
        let hasImpact = answer(rows: rows, lines: lines, inlineText: inlineText, page: page, findings: &findings)
        let form = formEntries(rows: rows)
        return FinancialImpact(
            hasImpact: hasImpact, tables: tables(rows: rows, findings: &findings), figures: form.figures,
            checkedOptions: form.options)
    }

    /// The form part of the section, read line by line outside the year tables: "Label: amount"
    /// lines become figures, lines that start with a ticked box become checked options. Boxes
    /// next to the JA/NEIN words belong to the answer, not to the options.
    func formEntries(rows: [DocumentRow]) -> (figures: [FinancialFigure], options: [String]) {
        var figures: [FinancialFigure] = []
        var options: [String] = []
        let lines = rows.flatMap { row in row.cells.flatMap(\.lines) }.map(TextNormalizer.collapseSpaces)
        var consumed = Set<Int>()
        for (index, text) in lines.enumerated() where !consumed.contains(index) {
            // In plain text a colon byte is a character of its own.
            let colon =
                text.unicodeScalars.allSatisfy(TextNormalizer.isPlain)
                ? text.utf8.firstIndex(of: UInt8(ascii: ":")) : text.firstIndex(of: ":")
            if let colon {
                let label = text[..<colon].trimmedWhitespaces()
                var value = text[text.index(after: colon)...].trimmedWhitespaces()
                // "Jährliche/r Budgetbedarf/Folgekosten:" with the amount on the next line alone.
                if value.isEmpty, index + 1 < lines.count, !lines[index + 1].contains(":"),
                    case .amount = GermanAmount.read(lines[index + 1]), GermanAmount.containsNumber(lines[index + 1])
                {
                    value = lines[index + 1]
                    consumed.insert(index + 1)
                }
                if !label.isEmpty, label.count <= 80, case .amount(let amount) = GermanAmount.read(value),
                    GermanAmount.containsNumber(value)
                {
                    figures.append(FinancialFigure(label: label, amount: amount))
                    continue
                }
            }
            let words = TextNormalizer.words(text)
            guard let first = words.first, checkedKeys.contains(key(first)), words.count > 1 else { continue }
            let rest = words.dropFirst()
            // "☒ Nein", "☒ Ja": the answer, not an option.
            if rest.count == 1, let only = rest.first, yesKeys.contains(key(only)) || noKeys.contains(key(only)) {
                continue
            }
            let option = rest.joined(separator: " ")
            if !options.contains(option) { options.append(option) }
        }
        return (figures, options)
    }

    private func key(_ text: String) -> String { TextNormalizer.matchKey(text) }

    /// true / false / nil (with a finding) for the JA/NEIN question.
    func answer(
        rows: [DocumentRow], lines: [LayoutLine], inlineText: String, page: Int, findings: inout [Finding]
    ) -> Bool? {
        // 1. Check boxes next to the words: "Ja ☐ Nein ☒" (first line that has both words).
        let texts = [inlineText] + rows.map(\.text)
        for text in texts {
            let words = TextNormalizer.words(text)
            var yesMark: Bool?
            var noMark: Bool?
            func isMark(_ word: String) -> Bool { checkedKeys.contains(key(word)) || uncheckedKeys.contains(key(word)) }
            // Boxes sit on one side of their words throughout a line: "Ja ☐ Nein ☒" (after) or
            // "☐ nein ☒ ja" (before). A box right before the first JA/NEIN word puts them before.
            let firstAnswer = words.firstIndex { yesKeys.contains(key($0)) || noKeys.contains(key($0)) }
            let marksBefore = firstAnswer.map { $0 > 0 && isMark(words[$0 - 1]) } ?? false
            var sawYes = false
            var sawNo = false
            for (index, word) in words.enumerated() {
                let isYes = yesKeys.contains(key(word))
                let isNo = noKeys.contains(key(word))
                guard isYes || isNo else { continue }
                sawYes = sawYes || isYes
                sawNo = sawNo || isNo
                let sides = marksBefore ? [index - 1, index + 1] : [index + 1, index - 1]
                let neighbours = sides.filter { words.indices.contains($0) }.map { key(words[$0]) }
                guard let mark = neighbours.first(where: { checkedKeys.contains($0) || uncheckedKeys.contains($0) })
                else { continue }
                let checked = checkedKeys.contains(mark)
                if isYes && yesMark == nil { yesMark = checked }
                if isNo && noMark == nil { noMark = checked }
            }
            if let yesMark, let noMark {
                if yesMark != noMark { return yesMark }
                findings.append(
                    Finding(
                        severity: .warning, code: .ambiguousValue,
                        message: "Finanzielle Auswirkungen: JA and NEIN are both \(yesMark ? "ticked" : "empty")",
                        page: page))
                return nil
            }
            // Only the chosen word carries a cross ("x nein  ja"): both words printed, one crossed.
            if sawYes, sawNo {
                if yesMark == true, noMark == nil { return true }
                if noMark == true, yesMark == nil { return false }
            }
        }
        // 2. A grid: a row with JA and NEIN cells, then a row with a mark under one of them.
        for (index, row) in rows.enumerated() {
            guard let yesCell = row.cells.first(where: { yesKeys.contains(key($0.text)) }),
                let noCell = row.cells.first(where: { noKeys.contains(key($0.text)) })
            else { continue }
            for next in rows.dropFirst(index + 1).prefix(2) {
                let marks = next.cells.filter { checkedKeys.contains(key($0.text)) }
                guard marks.count == 1, let mark = marks.first else { continue }
                if row.isTableRow && next.isTableRow && row.block == next.block {
                    if mark.column == yesCell.column { return true }
                    if mark.column == noCell.column { return false }
                }
                if let markBox = mark.box, let yesBox = yesCell.box, let noBox = noCell.box {
                    return abs(markBox.midX - yesBox.midX) < abs(markBox.midX - noBox.midX)
                }
                if row.cells.count == next.cells.count,
                    let position = next.cells.firstIndex(where: { $0.column == mark.column })
                {
                    if row.cells[position].column == yesCell.column { return true }
                    if row.cells[position].column == noCell.column { return false }
                }
            }
        }
        if let answer = answerFromPositions(lines) { return answer }
        findings.append(
            Finding(
                severity: .warning, code: .missingField,
                message: "Finanzielle Auswirkungen: no JA/NEIN mark could be read", page: page))
        return nil
    }

    /// 3. Positions: the words JA and NEIN on one line (even inside one span) and a mark on one of
    /// the next lines; the mark belongs to the word whose estimated centre is nearer.
    func answerFromPositions(_ lines: [LayoutLine]) -> Bool? {
        func wordCentres(_ line: LayoutLine) -> [(word: String, x: Double)] {
            var result: [(String, Double)] = []
            for span in line.spans {
                guard let box = span.box else { continue }
                let characters = Array(span.text)
                guard !characters.isEmpty else { continue }
                let step = box.width / Double(characters.count)
                var start = 0
                for index in 0...characters.count {
                    guard index == characters.count || characters[index] == " " || characters[index] == "\t" else {
                        continue
                    }
                    if index > start {
                        let word = String(characters[start..<index])
                        result.append((word, box.x0 + step * Double(start + index) / 2))
                    }
                    start = index + 1
                }
            }
            return result
        }
        for (index, line) in lines.enumerated() {
            let words = wordCentres(line)
            guard let yes = words.first(where: { yesKeys.contains(key($0.word)) }),
                let no = words.first(where: { noKeys.contains(key($0.word)) })
            else { continue }
            for next in lines.dropFirst(index + 1).prefix(3) {
                let marks = wordCentres(next).filter { checkedKeys.contains(key($0.word)) }
                guard marks.count == 1, let mark = marks.first else { continue }
                return abs(mark.x - yes.x) < abs(mark.x - no.x)
            }
        }
        return nil
    }

    /// Rows merged into one: per column, the lines of every row in order.
    static func mergedHeader(_ rows: [DocumentRow]) -> DocumentRow {
        guard var merged = rows.last else {
            return DocumentRow(cells: [], page: 1, box: nil, block: 0, tableRow: nil, isBold: false)
        }
        let columns = Set(rows.flatMap { $0.cells.map(\.column) }).sorted()
        merged.cells = columns.map { column in
            let cells = rows.compactMap { row in row.cells.first { $0.column == column } }
            let lines = cells.flatMap(\.lines)
            return DocumentRow.Cell(
                text: TextNormalizer.joinLines(lines), lines: lines, box: BoundingBox.union(cells.compactMap(\.box)),
                column: column)
        }
        return merged
    }

    /// The row's cell texts by column, with the convention for cells that span columns: a
    /// value printed in a cell spanning several value columns belongs to the first column of
    /// the span. A ruled table puts it there already. Without rulings the value sits where it is
    /// aligned (right-aligned: under the span's last column); the span shows in a cell of this
    /// row or of the label-less note row under it ("Deckung ist gegeben …" across two columns),
    /// and the value moves to the span's first column when that column is empty.
    static func placingInSpans(
        _ row: DocumentRow, next: DocumentRow?, labelColumn: Int
    ) -> (texts: [Int: String], notes: [Int: String]) {
        var texts: [Int: String] = [:]
        var notes: [Int: String] = [:]
        for cell in row.cells { texts[cell.column] = cell.text }
        var spans = row.cells.filter { $0.span > 1 && $0.column != labelColumn }.map { ($0.column, $0.span) }
        if let next, !next.cells.contains(where: { $0.column == labelColumn }) {
            spans += next.cells.filter { $0.span > 1 }.map { ($0.column, $0.span) }
        }
        for (start, span) in spans {
            let inside = ((start + 1)..<(start + span)).filter { texts[$0].map { !$0.isEmpty } ?? false }
            guard inside.count == 1, let from = inside.first, let text = texts[from],
                case .amount = GermanAmount.read(text)
            else { continue }
            if let existing = texts[start], !existing.isEmpty {
                // The spanning note of this very row: the value and the note share the column.
                guard row.cells.contains(where: { $0.column == start && $0.span > 1 }),
                    case .text = GermanAmount.read(existing)
                else { continue }
                notes[start] = existing
                texts[start] = text
            } else {
                texts[start] = text
            }
            texts[from] = nil
        }
        return (texts, notes)
    }

    /// A row's values with the span convention applied from the spans of the note row under it:
    /// a single value inside a span moves to the span's first column.
    static func placing(_ values: [Amount?], inSpansOf notes: DocumentRow, layout: ColumnLayout) -> [Amount?] {
        var values = values
        for cell in notes.cells where cell.span > 1 {
            let positions = (cell.column..<(cell.column + cell.span)).compactMap {
                layout.valueColumns.firstIndex(of: $0)
            }
            guard let first = positions.first, positions.count > 1, first < values.count, values[first] == nil else {
                continue
            }
            let filled = positions.dropFirst().filter { $0 < values.count && values[$0] != nil }
            guard filled.count == 1, let from = filled.first else { continue }
            values[first] = values[from]
            values[from] = nil
        }
        return values
    }

    /// The year-column tables: table blocks in the section with a header row and amount rows.
    ///
    /// A table broken by a page break goes on in the first block of the next page, with its
    /// header repeated or without one: a block there that repeats the previous table's header,
    /// or has no header and as many columns, continues that table.
    func tables(rows: [DocumentRow], findings: inout [Finding]) -> [FinancialTable] {
        var byBlock: [(block: Int, rows: [DocumentRow])] = []
        for row in rows where row.isTableRow {
            if byBlock.last?.block == row.block {
                byBlock[byBlock.count - 1].rows.append(row)
            } else {
                byBlock.append((row.block, [row]))
            }
        }
        var tables: [FinancialTable] = []
        // The last table read, to continue on the next page.
        var last: (block: Int, page: Int, columnCount: Int, layout: ColumnLayout)?
        // Two tables set one under the other can reach the parser as one block: it is cut before
        // a second header row.
        let segments = byBlock.flatMap { block, rows in Self.splitAtHeaders(rows).map { (block: block, rows: $0) } }
        for (block, tableRows) in segments {
            guard let firstRow = tableRows.first, let lastRow = tableRows.last,
                let maxColumn = tableRows.flatMap({ $0.cells.map { $0.column + $0.span - 1 } }).max()
            else { continue }
            let continues =
                last.map { $0.block + 1 == block && $0.page + 1 == firstRow.page && $0.columnCount == maxColumn + 1 }
                ?? false
            let header = Self.header(of: tableRows, maxColumn: maxColumn)
            if let header, !(continues && tables.last?.columns == header.layout.columns) {
                var table = FinancialTable(columns: header.layout.columns, rows: [])
                table.rows = parseBody(
                    Array(tableRows[header.bodyStart...]), layout: header.layout, findings: &findings)
                tables.append(table)
                last = (block, lastRow.page, maxColumn + 1, header.layout)
                continue
            }
            guard continues, let previous = last, var table = tables.popLast() else { continue }
            let body = header.map { Array(tableRows[$0.bodyStart...]) } ?? tableRows
            table.rows = parseBody(body, layout: previous.layout, into: table.rows, findings: &findings)
            tables.append(table)
            last = (block, lastRow.page, previous.columnCount, previous.layout)
        }
        return tables
    }

    /// The block's rows cut before every header row after the first amount row: a labelled row
    /// whose other cells (at least two) all hold words and no amount, followed within three rows
    /// by a row with two amounts ("konsumtive Auswirkungen | Ansatz 2027 | …" under an investive table).
    /// A header wraps over at most this many rows before the first amount row.
    static let headerRowsBeforeAmounts = 3

    static func splitAtHeaders(_ rows: [DocumentRow]) -> [[DocumentRow]] {
        func amounts(_ row: DocumentRow) -> Int { row.cells.filter { GermanAmount.parse($0.text) != nil }.count }
        guard let firstAmount = rows.firstIndex(where: { amounts($0) >= 2 }) else { return [rows] }
        var segments: [[DocumentRow]] = []
        var current: [DocumentRow] = []
        for (index, row) in rows.enumerated() {
            let labelColumn = rows[0].cells.map(\.column).min() ?? 0
            let texts = row.cells.filter { $0.column != labelColumn }
            let isHeader =
                index > firstAmount && row.cells.contains { $0.column == labelColumn } && texts.count >= 2
                && texts.allSatisfy { cell in
                    // A header names a year ("Ansatz 2027"): text with digits is no amount either.
                    if case .amount = GermanAmount.read(cell.text) { return false }
                    return cell.text.contains { $0.isLetter }
                }
                && index + 1 < rows.count
                && rows[(index + 1)...].prefix(Self.headerRowsBeforeAmounts).contains { amounts($0) >= 2 }
            if isHeader, !current.isEmpty {
                segments.append(current)
                current = []
            }
            current.append(row)
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }

    /// Which table column holds the row labels, which hold values, and the printed headers.
    struct ColumnLayout {
        var columns: [String]
        var labelColumn: Int
        var valueColumns: [Int]
    }

    /// The header of a table block: every row above the first row with two amounts, cell by
    /// cell. A header row that wraps can reach the parser as several rows ("konsumtive" /
    /// "Auswirkungen", a year "2026" under "Fortgeschriebener Ansatz"). Nil when the block has
    /// no amount rows or nothing above them that looks like a header.
    static func header(of tableRows: [DocumentRow], maxColumn: Int) -> (layout: ColumnLayout, bodyStart: Int)? {
        guard
            let firstAmountRow = tableRows.firstIndex(where: { row in
                row.cells.filter { GermanAmount.parse($0.text) != nil }.count >= 2
            })
        else { return nil }
        let headerRows = Array(tableRows[..<firstAmountRow])
        guard headerRows.contains(where: { $0.cells.count >= 2 }) else { return nil }
        let header = mergedHeader(headerRows)
        let firstColumn = header.cells.map(\.column).min() ?? 0
        guard firstColumn <= maxColumn else { return nil }
        var columns: [String] = []
        var valueColumns: [Int] = []
        for column in firstColumn...maxColumn {
            let text = header.cells.first { $0.column == column }.map {
                TextNormalizer.dehyphenateInline(TextNormalizer.joinLines($0.lines))
            }
            if column == firstColumn {
                columns.append(text ?? "")
                continue
            }
            guard let text, !text.isEmpty else { continue }
            columns.append(text)
            valueColumns.append(column)
        }
        guard columns.first?.isEmpty == false else { return nil }
        return (ColumnLayout(columns: columns, labelColumn: firstColumn, valueColumns: valueColumns), firstAmountRow)
    }

    /// The body rows of a table, appended to `rows`: one ``FinancialRow`` per labelled row; a
    /// label-less row is a note to the row above ("Deckung ist gegeben ...").
    func parseBody(
        _ bodyRows: [DocumentRow], layout: ColumnLayout, into rows: [FinancialRow] = [], findings: inout [Finding]
    ) -> [FinancialRow] {
        var financeRows = rows
        for (index, row) in bodyRows.enumerated() {
            let label = row.cells.first { $0.column == layout.labelColumn }?.text ?? ""
            var values: [Amount?] = []
            var notes: [String: String] = [:]
            let placed = Self.placingInSpans(
                row, next: index + 1 < bodyRows.count ? bodyRows[index + 1] : nil, labelColumn: layout.labelColumn)
            for (position, column) in layout.valueColumns.enumerated() {
                let text = placed.texts[column] ?? ""
                if let note = placed.notes[column] { notes[String(position)] = note }
                switch GermanAmount.read(text) {
                case .amount(let amount): values.append(amount)
                case .empty: values.append(nil)
                case .text:
                    values.append(nil)
                    notes[String(position)] = text
                case .malformed:
                    values.append(nil)
                    notes[String(position)] = text
                    findings.append(
                        Finding(
                            severity: .warning, code: .unparsedAmount,
                            message: "'\(text)' in row '\(label)' is not an exact amount", page: row.page))
                }
            }
            if label.isEmpty {
                if !notes.isEmpty, var previous = financeRows.popLast() {
                    previous.notes = (previous.notes ?? [:]).merging(notes) { $0 + " " + $1 }
                    // A note row that begins a page (the table broke between a row and its note):
                    // its spans place the row's values as the note row below would have.
                    if index == 0 { previous.values = Self.placing(previous.values, inSpansOf: row, layout: layout) }
                    financeRows.append(previous)
                }
                continue
            }
            financeRows.append(FinancialRow(label: label, values: values, notes: notes.isEmpty ? nil : notes))
        }
        return financeRows
    }
}

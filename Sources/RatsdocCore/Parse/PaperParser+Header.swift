import Foundation

extension PaperParser {
    /// A label found in a row, and the value printed after it.
    struct LabeledValue {
        var field: String
        var value: String
        var box: BoundingBox?
        var column: Int
        var page: Int
        /// True when the value has a cell or span of its own (not shared with its label).
        var ownCell: Bool = false
        /// The column of the cell that holds the label.
        var labelColumn: Int = 0
        /// The value's physical lines and their boxes, as far as they are known, and the right
        /// bound of the value's table column: a list value ("FB 56" / "FB 30") is told from a
        /// wrapped one by them.
        var lines: [String] = []
        var lineBoxes: [BoundingBox?] = []
        var right: Double?
        /// The table row the value was read from (block, row), when it came from a table.
        var tableCell: (block: Int, row: Int)?

        /// Appends a continuation line of the value.
        mutating func append(_ text: String, box: BoundingBox?) {
            value = TextNormalizer.join(value, text)
            if let box { self.box = self.box.map { $0.union(box) } ?? box }
            lines.append(text)
            lineBoxes.append(box)
        }

        /// The value's entries, one per printed line, except where a line was wrapped: its
        /// next line's first word would not have fitted after it in the column. Without line
        /// boxes or a column bound, the value as one entry.
        var lineEntries: [String] {
            guard lines.count > 1, let right, lineBoxes.count == lines.count else { return [value] }
            let cell = DocumentRow.Cell(
                text: value, lines: lines, box: box, column: column, lineBoxes: lineBoxes, columnRight: right)
            return cell.unwrappedLines()
        }
    }

    /// Finds every label of the profile in a row ("Vorlage Nr.: 2026/0061 Verantwortlich: Dez. 3"
    /// holds two); returns the values and the text printed before the first label.
    func labeledValues(in row: DocumentRow) -> (values: [LabeledValue], leading: String) {
        // Joined text with a map from offset to cell.
        var text = ""
        var cellStarts: [(offset: Int, cell: DocumentRow.Cell)] = []
        for cell in row.cells {
            if !text.isEmpty { text += "\t" }
            cellStarts.append((text.utf16.count, cell))
            text += cell.text
        }
        let nsText = text as NSString
        let matches = vocabulary.labels.matches(in: text)
        let leadingEnd = matches.first?.range.location ?? nsText.length
        let leading = Self.clean(nsText.substring(to: leadingEnd))
        var values: [LabeledValue] = []
        for (index, match) in matches.enumerated() {
            let start = match.range.location + match.range.length
            let end = index + 1 < matches.count ? matches[index + 1].range.location : nsText.length
            let value = Self.clean(nsText.substring(with: NSRange(location: start, length: end - start)))
            // The cell where the value starts (skip separators).
            var valueStart = start
            while valueStart < end, let scalar = UnicodeScalar(nsText.character(at: valueStart)),
                CharacterSet.whitespaces.contains(scalar) || scalar == ":"
            {
                valueStart += 1
            }
            let cellStart = cellStarts.last { $0.offset <= valueStart }
            let cell = cellStart?.cell
            let ownCell = (cellStart?.offset ?? 0) > match.range.location
            var labeled = LabeledValue(
                field: match.field, value: value, box: cell?.box ?? row.box, column: cell?.column ?? 0,
                page: row.page, ownCell: ownCell,
                labelColumn: cellStarts.last { $0.offset <= match.range.location }?.cell.column ?? 0)
            if ownCell, let cell, !value.isEmpty {
                // The whole cell is the value: its lines as printed.
                let whole = cell.lines.count > 1 && value == Self.clean(cell.text)
                labeled.lines = whole ? cell.lines : [value]
                labeled.lineBoxes = whole ? cell.lines.indices.map { cell.box(ofLine: $0) } : [cell.box]
                labeled.right = cell.columnRight
            }
            if let tableRow = row.tableRow { labeled.tableCell = (row.block, tableRow) }
            values.append(labeled)
        }
        return (values, leading)
    }

    /// The labels found in `text` alone (as a one-cell row).
    func labelsIn(_ text: String) -> (values: [LabeledValue], leading: String) {
        labeledValues(
            in: DocumentRow(
                cells: [.init(text: text, lines: [text], box: nil, column: 0)], page: 1, box: nil, block: 0,
                tableRow: nil, isBold: false))
    }

    /// True when `text` is one label and nothing else ("Federführende Dienststelle:").
    func isWholeLabel(_ text: String) -> Bool {
        let found = labelsIn(text)
        return found.leading.isEmpty && found.values.count == 1 && found.values[0].value.isEmpty
    }

    /// Table rows whose first cells together make one label ("Federführende" / "Dienststelle:",
    /// a label wrapped in a narrow label column and cut into two rows by the layout) are one row:
    /// each column's lines joined, so the label meets its value.
    func mergingWrappedLabels(_ rows: [DocumentRow]) -> [DocumentRow] {
        var result: [DocumentRow] = []
        var index = 0
        while index < rows.count {
            let row = rows[index]
            if index + 1 < rows.count, row.isTableRow, rows[index + 1].isTableRow, rows[index + 1].block == row.block,
                let first = row.cells.first, let next = rows[index + 1].cells.first, first.column == next.column,
                labelsIn(first.text).values.isEmpty, !isWholeLabel(next.text),
                isWholeLabel(TextNormalizer.join(first.text, next.text))
            {
                var merged = row
                let lower = rows[index + 1]
                let columns = Set(row.cells.map(\.column)).union(lower.cells.map(\.column)).sorted()
                merged.cells = columns.map { column in
                    let parts = [row, lower].compactMap { part in part.cells.first { $0.column == column } }
                    let lines = parts.flatMap(\.lines)
                    var cell = parts[0]
                    cell.lines = lines
                    cell.text = TextNormalizer.joinLines(lines)
                    cell.lineBoxes = parts.flatMap { part in part.lines.indices.map { part.box(ofLine: $0) } }
                    cell.box = BoundingBox.union(parts.compactMap(\.box))
                    return cell
                }
                merged.box = BoundingBox.union([row.box, lower.box].compactMap { $0 })
                result.append(merged)
                index += 2
                continue
            }
            result.append(row)
            index += 1
        }
        return result
    }

    /// A table row with a cell of stacked labels ("Vorlage-Nr:" / "Status:" / ...) next to a cell
    /// of as many stacked values is read as one row per label; the other cells come first.
    func splitStackedLabels(_ row: DocumentRow) -> [DocumentRow] {
        guard row.isTableRow else { return [row] }
        for (index, cell) in row.cells.enumerated() where cell.lines.count > 1 && index + 1 < row.cells.count {
            let valueCell = row.cells[index + 1]
            let valuesByLabel = Self.valueLines(for: cell, in: valueCell)
            guard let valuesByLabel,
                cell.lines.allSatisfy({ line in
                    let single = DocumentRow(
                        cells: [.init(text: line, lines: [line], box: nil, column: 0)], page: row.page, box: nil,
                        block: row.block, tableRow: nil, isBold: false)
                    let found = labeledValues(in: single)
                    return found.leading.isEmpty && found.values.count == 1 && found.values[0].value.isEmpty
                })
            else { continue }
            var result: [DocumentRow] = []
            var others = row
            others.cells = row.cells.enumerated().filter { $0.offset != index && $0.offset != index + 1 }.map(\.element)
            if !others.cells.isEmpty { result.append(others) }
            for (lineIndex, label) in cell.lines.enumerated() {
                let valueIndices = valuesByLabel[lineIndex]
                let valueLines = valueIndices.map { valueCell.lines[$0] }
                let value = TextNormalizer.joinLines(valueLines)
                var part = row
                part.cells = [.init(text: label, lines: [label], box: cell.box(ofLine: lineIndex), column: cell.column)]
                if !value.isEmpty {
                    part.cells.append(
                        .init(
                            text: value, lines: valueLines,
                            box: BoundingBox.union(valueIndices.compactMap { valueCell.box(ofLine: $0) }),
                            column: valueCell.column))
                }
                part.box = BoundingBox.union(part.cells.compactMap(\.box))
                result.append(part)
            }
            return result
        }
        return splitAtLevels(row)
    }

    /// A table row whose first cell holds fewer lines than another cell (a label block set beside a
    /// stack of label/value lines) is read level by level: the lines that sit at one height form
    /// one row, so a label meets the value on its own line. Needs a box for every line.
    func splitAtLevels(_ original: DocumentRow) -> [DocumentRow] {
        // A label wrapped inside its cell ("Vorlage-" / "Nr:") stays one line: split into levels,
        // neither half would be a label.
        var row = original
        row.cells = original.cells.map { cell in
            guard cell.lines.count > 1, isWholeLabel(TextNormalizer.joinLines(cell.lines)),
                !cell.lines.contains(where: { !labelsIn($0).values.isEmpty })
            else { return cell }
            var joined = cell
            joined.lines = [TextNormalizer.joinLines(cell.lines)]
            joined.text = joined.lines[0]
            joined.lineBoxes = [BoundingBox.union(cell.lines.indices.compactMap { cell.box(ofLine: $0) })]
            return joined
        }
        guard row.isTableRow, let first = row.cells.first, row.cells.count > 1,
            let most = row.cells.map(\.lines.count).max(), first.lines.count < most,
            row.cells.allSatisfy({ cell in
                cell.lines.indices.allSatisfy { cell.lineBoxes.indices.contains($0) && cell.lineBoxes[$0] != nil }
            })
        else { return [row] }
        var entries: [(y: Double, height: Double, cell: Int, line: Int)] = []
        for (cellIndex, cell) in row.cells.enumerated() {
            for lineIndex in cell.lines.indices {
                guard let box = cell.box(ofLine: lineIndex) else { return [row] }
                entries.append((box.y0, box.height, cellIndex, lineIndex))
            }
        }
        entries.sort { $0.y < $1.y }
        var levels: [[(cell: Int, line: Int)]] = []
        var levelTop = -Double.infinity
        for entry in entries {
            if levels.isEmpty || entry.y - levelTop > 0.3 * entry.height {
                levels.append([])
                levelTop = entry.y
            }
            levels[levels.count - 1].append((entry.cell, entry.line))
        }
        return levels.map { level in
            var part = row
            part.cells = row.cells.indices.compactMap { cellIndex in
                let lines = level.filter { $0.cell == cellIndex }.map(\.line).sorted()
                guard !lines.isEmpty else { return nil }
                let cell = row.cells[cellIndex]
                let texts = lines.map { cell.lines[$0] }
                return DocumentRow.Cell(
                    text: TextNormalizer.joinLines(texts), lines: texts,
                    box: BoundingBox.union(lines.compactMap { cell.box(ofLine: $0) }), column: cell.column,
                    lineBoxes: lines.map { cell.box(ofLine: $0) }, columnRight: cell.columnRight, span: cell.span)
            }
            part.box = BoundingBox.union(part.cells.compactMap(\.box))
            return part
        }
    }

    /// Which value lines belong to which label line: by position when every line has a box (a
    /// value that wraps onto a second line stays with its label), else one to one when the counts
    /// match. Nil when neither works.
    static func valueLines(for labels: DocumentRow.Cell, in values: DocumentRow.Cell) -> [[Int]]? {
        let labelBoxes = labels.lines.indices.map { labels.lineBoxes.indices.contains($0) ? labels.lineBoxes[$0] : nil }
        let valueBoxes = values.lines.indices.map { values.lineBoxes.indices.contains($0) ? values.lineBoxes[$0] : nil }
        if labelBoxes.allSatisfy({ $0 != nil }), valueBoxes.allSatisfy({ $0 != nil }) {
            let tops = labelBoxes.compactMap { $0?.y0 }
            var result = [[Int]](repeating: [], count: tops.count)
            for (index, box) in valueBoxes.enumerated() {
                guard let box else { return nil }
                let tolerance = 0.3 * box.height
                // The last label that starts at or above the value line.
                guard let label = tops.lastIndex(where: { $0 <= box.y0 + tolerance }) else { return nil }
                result[label].append(index)
            }
            return result
        }
        guard values.lines.count == labels.lines.count else { return nil }
        return values.lines.indices.map { [$0] }
    }

    static func clean(_ text: String) -> String {
        var spaced = text
        if text.utf8.contains(UInt8(ascii: "\t")) {
            // In plain text every tab is a character of its own: its byte is replaced directly.
            spaced =
                text.unicodeScalars.allSatisfy(TextNormalizer.isPlain)
                ? String(decoding: text.utf8.map { $0 == UInt8(ascii: "\t") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
                : text.replacingOccurrences(of: "\t", with: " ")
        }
        var result = TextNormalizer.collapseSpaces(spaced)
        while result.hasPrefix(":") { result = String(result.dropFirst()).trimmedWhitespaces() }
        return result
    }

    private func isIgnored(_ text: String) -> Bool {
        let whole = NSRange(text.startIndex..., in: text)
        for pattern in profile.ignoreLines ?? [] {
            // As `text.range(of: pattern, options: [.regularExpression, .caseInsensitive])`, compiled once.
            if CompiledPatterns.shared.regex(pattern, caseInsensitive: true)?.firstMatch(in: text, range: whole) != nil
            {
                return true
            }
        }
        return false
    }

    private func paperTypeWord(_ text: String) -> String? {
        let types = profile.paperTypes ?? []
        // A paper type is a word or two: longer texts cannot be one.
        guard let longest = types.map(\.count).max() else { return nil }
        // "Beschlussvorlage – Offenlage": the type, a dash, and what kind of it.
        for separator in [" – ", " - "] {
            // Bytes first; Foundation's search (by characters) decides where they occur.
            if TextNormalizer.containsBytes(text, separator), let range = text.range(of: separator),
                let word = paperTypeWord(String(text[..<range.lowerBound]))
            {
                return word
            }
        }
        guard text.count <= longest + 4 else { return nil }
        let key = TextNormalizer.matchKey(text)
        return types.first { TextNormalizer.matchKey($0) == key }
    }

    /// Reads the header fields and the title from the rows before the first heading.
    func readHeader(
        _ rows: [DocumentRow], into paper: inout Paper, findings: inout [Finding],
        provenance: inout [String: Provenance]
    ) {
        var raw: [String: LabeledValue] = [:]
        var order: [String] = []
        var last: LabeledValue?
        var lastIncomplete = false
        // Labels printed without a value, waiting for it on a later line.
        var pendingEmpty: [LabeledValue] = []
        var titleGroups: [[DocumentRow]] = []
        var previousWasFree = false

        // The last value read in each table column, for values that go on in the rows below
        // ("Beteiligte Dienststelle/n: Dezernat I; …" over several rows of the left column).
        var lastInColumn: [Int: LabeledValue] = [:]
        // The row (counted in reading order) that last stored a value in each column.
        var lastInColumnRow: [Int: Int] = [:]
        var rowNumber = 0
        func store(_ value: LabeledValue) {
            if raw[value.field] == nil { order.append(value.field) }
            raw[value.field] = value
            lastInColumn[value.column] = value
            lastInColumnRow[value.column] = rowNumber
        }

        var seenLabel = false
        let allRows = mergingWrappedLabels(rows).flatMap(splitStackedLabels)
        // Labels of every row, read once: the loop looks ahead at later rows' label counts.
        let labeled = allRows.map(labeledValues)
        let labelCounts = labeled.map(\.values.count)
        // The row that last stored or extended `last`, and how many lines its value has.
        var lastValueRow: Int?
        var lastValueLines = 0
        for (rowIndex, row) in allRows.enumerated() {
            rowNumber += 1
            let (values, leading) = labeled[rowIndex]
            defer { if !values.isEmpty { seenLabel = true } }
            // A row without labels whose every cell lies in the table cell of a value read before
            // (a row read level by level): each cell is the next line of its own value, whatever
            // value was read last ("Fachbereich Kinder, Jugend" / "und Schule" beside "Status:").
            if values.isEmpty, let tableRow = row.tableRow {
                let owners = row.cells.map { cell -> LabeledValue? in
                    guard let open = lastInColumn[cell.column], open.ownCell, let home = open.tableCell,
                        home.block == row.block, home.row == tableRow, raw[open.field]?.value == open.value
                    else { return nil }
                    return open
                }
                if !owners.isEmpty, owners.allSatisfy({ $0 != nil }) {
                    for (cell, owner) in zip(row.cells, owners) {
                        guard var open = owner else { continue }
                        open.append(cell.text, box: cell.box)
                        store(open)
                        if last?.field == open.field { last = open }
                    }
                    previousWasFree = false
                    lastIncomplete = last.map { Continuation.continues($0.value, with: nil) } ?? false
                    continue
                }
            }
            // The paper type in a cell of its own ("Beschlussvorlage" beside a printer's note).
            let typed = row.cells.lazy.compactMap { cell in self.paperTypeWord(cell.text).map { (cell, $0) } }
            if paper.paperType == nil, row.cells.count > 1, !seenLabel, let (cell, word) = typed.first {
                paper.paperType = word
                provenance["/paper/paperType"] = Provenance(page: row.page, bbox: cell.box)
            }
            var free = false
            if !leading.isEmpty {
                let firstCell = row.cells.first
                let alignedWithValue =
                    last.flatMap { last in
                        guard last.ownCell else { return nil }
                        return firstCell?.box.flatMap { box in
                            last.box.map { abs($0.x0 - box.x0) < 4 && last.page == row.page }
                        }
                    } ?? false
                let sameColumn = row.isTableRow && last?.column == firstCell?.column
                if let pendingIndex = pendingLabel(for: leading, in: pendingEmpty),
                    values.isEmpty
                        || pendingEmpty[pendingIndex].labelColumn == firstCell?.column
                            && (row.isTableRow || !row.hasBoxes)
                {
                    var pending = pendingEmpty.remove(at: pendingIndex)
                    pending.value = leading
                    pending.box = firstCell?.box ?? row.box
                    store(pending)
                    last = pending
                    lastValueRow = rowIndex
                    lastValueLines = 1
                } else if var open = last, raw[open.field] != nil,
                    lastIncomplete || alignedWithValue
                        || (sameColumn && Continuation.continues(open.value, with: leading))
                        || Continuation.continues(open.value, with: leading)
                        || leading.first == "/"
                        || values.isEmpty
                            && wrappedTextValueContinues(
                                open, at: rowIndex, valueRow: lastValueRow, valueLines: lastValueLines, rows: allRows,
                                labelCounts: labelCounts)
                {
                    open.append(leading, box: firstCell?.box)
                    store(open)
                    last = open
                    lastValueRow = rowIndex
                    lastValueLines += 1
                } else if let column = firstCell?.column, var open = lastInColumn[column], open.ownCell,
                    raw[open.field]?.value == open.value, let cell = open.tableCell, row.tableRow == cell.row,
                    row.block == cell.block
                {
                    // The next line of the value's own table cell (a row read level by level).
                    open.append(leading, box: firstCell?.box)
                    store(open)
                } else if row.isTableRow, let column = firstCell?.column, var open = lastInColumn[column],
                    raw[open.field]?.value == open.value, open.ownCell == false,
                    values.isEmpty && row.cells.count == 1 || Continuation.continues(open.value, with: leading)
                        || lastInColumnRow[column] == rowNumber - 1
                {
                    // More text of the value in the same column of the row above: a wrapped value
                    // ("Beteiligte Dienststelle/n: Fachbereich" / "Immobilienmanagement").
                    open.append(leading, box: firstCell?.box)
                    store(open)
                } else if let word = paperTypeWord(leading) {
                    if paper.paperType == nil {
                        paper.paperType = word
                        provenance["/paper/paperType"] = Provenance(page: row.page, bbox: firstCell?.box)
                    }
                } else if isIgnored(leading) || GermanDate.parse(leading) != nil {
                    // Neither title nor value.
                } else if values.isEmpty && seenLabel {
                    // The title follows the label block; free text above it (the city, the
                    // office) is not taken for a title.
                    free = true
                }
            }
            for value in values {
                if value.value.isEmpty {
                    // A newer empty label replaces an older one whose value has no shape.
                    pendingEmpty.removeAll { valueShape(of: $0.field) == nil }
                    pendingEmpty.append(value)
                    continue
                }
                store(value)
                pendingEmpty.removeAll { $0.labelColumn == value.labelColumn }
            }
            if let lastValue = values.last(where: { !$0.value.isEmpty }) {
                last = lastValue
                lastValueRow = rowIndex
                lastValueLines = 1
            } else if !values.isEmpty {
                last = nil
            }
            if free && row.cells.count == 1 || free && !row.isTableRow {
                if previousWasFree, titleGroups.last?.last?.block == row.block || !row.hasBoxes {
                    titleGroups[titleGroups.count - 1].append(row)
                } else {
                    titleGroups.append([row])
                }
                previousWasFree = true
                last = nil
            } else if free {
                titleGroups.append([row])
                previousWasFree = true
                last = nil
            } else {
                previousWasFree = false
            }
            lastIncomplete = last.map { Continuation.continues($0.value, with: nil) } ?? false
        }

        for field in order {
            guard let value = raw[field] else { continue }
            assign(value, to: &paper, findings: &findings, provenance: &provenance)
        }
        if paper.name == nil, let title = titleGroups.last {
            let name = TextNormalizer.joinLines(title.map(\.text))
            if !name.isEmpty {
                paper.name = name
                provenance["/paper/name"] = Provenance(
                    page: title[0].page, bbox: BoundingBox.union(title.compactMap(\.box)))
            }
        }
    }

    /// The shape a field's value must have when it is printed away from its label: the
    /// reference patterns for `reference`, else the field's `valuePattern`. Nil: any text.
    func valueShape(of field: String) -> [NSRegularExpression]? {
        if field == "reference", let patterns = profile.reference?.patterns, !patterns.isEmpty {
            return vocabulary.referenceRegexes
        }
        return vocabulary.valuePatterns[field].map { [$0] }
    }

    /// True when `text` is, as a whole, a value of that shape.
    func hasShape(_ text: String, _ shape: [NSRegularExpression]) -> Bool {
        let trimmed = TextNormalizer.collapseSpaces(text)
        let range = NSRange(trimmed.startIndex..., in: trimmed)
        return shape.contains { regex in regex.firstMatch(in: trimmed, range: range)?.range == range }
    }

    /// Which waiting label takes `text`: the first whose value shape `text` has; else the newest
    /// label without a shape, unless `text` has the shape of another waiting label.
    func pendingLabel(for text: String, in pending: [LabeledValue]) -> Int? {
        guard !pending.isEmpty else { return nil }
        if let shaped = pending.firstIndex(where: { label in
            valueShape(of: label.field).map { hasShape(text, $0) } ?? false
        }) {
            return shaped
        }
        return pending.lastIndex { valueShape(of: $0.field) == nil }
    }

    /// In text without positions, does row `index` go on with the value read last? The value's
    /// cell wrapped when the lines after it, in the same block, are not the title:
    /// - when the block ends and a later block holds free text (the title), every line up to the
    ///   block's end belongs to the value;
    /// - when the title follows in the same block, only the line right after a one-line value
    ///   that the value's cell wrapped (see the next-word-fits test below), and only while a line
    ///   is left for the title.
    /// A value with a shape ("Dez. 5", a reference) never wraps.
    func wrappedTextValueContinues(
        _ open: LabeledValue, at index: Int, valueRow: Int?, valueLines: Int, rows: [DocumentRow], labelCounts: [Int]
    ) -> Bool {
        guard let valueRow, valueRow == index - 1, !rows[index].hasBoxes, !rows[valueRow].hasBoxes,
            rows[index].block == rows[valueRow].block, valueShape(of: open.field) == nil
        else { return false }
        let block = rows[index].block
        var end = index
        while end + 1 < rows.count, rows[end + 1].block == block {
            end += 1
            if labelCounts[end] > 0 { return false }
        }
        let freeLater = rows[(end + 1)...].indices.contains { labelCounts[$0] == 0 }
        if freeLater { return true }
        // The title follows in this block: only a line that the value's cell wrapped. Its first
        // word did not fit after the value's first line, and the line itself fits in the cell,
        // so it is shorter than the first line and that word together.
        let line = rows[index].text
        let firstWord = line.split(separator: " ").first.map(\.count) ?? 0
        return valueLines == 1 && end > index && line.count < open.value.count + 1 + firstWord
    }

    private func assign(
        _ labeled: LabeledValue, to paper: inout Paper, findings: inout [Finding],
        provenance: inout [String: Provenance]
    ) {
        let value = labeled.value
        let location = Provenance(page: labeled.page, bbox: labeled.box)
        func unparsed(_ what: String) {
            findings.append(
                Finding(
                    severity: .warning, code: .unparsedValue, message: "\(what): cannot read '\(value)'",
                    page: labeled.page))
        }
        switch labeled.field {
        case "reference":
            guard let parsed = ReferenceNumber.parse(value, patterns: profile.reference?.patterns ?? []) else {
                unparsed("reference")
                return
            }
            paper.reference = parsed.reference
            paper.referenceParts = parsed.parts.isEmpty ? nil : parsed.parts
        case "date":
            guard let date = GermanDate.firstDate(in: value)?.date else {
                unparsed("date")
                return
            }
            paper.date = date
        case "public":
            guard let flag = vocabulary.publicFlag(value) else {
                unparsed("public")
                return
            }
            paper.public = flag
        case "participatingDepartments":
            // One department per printed line where the lines are entries, then the separators.
            let list = labeled.lineEntries.flatMap {
                Self.departmentList(
                    $0, separators: profile.listSeparators ?? [], prefixes: profile.departmentPrefixes ?? [])
            }
            guard !list.isEmpty else { return }
            paper.participatingDepartments = list
        case "leadDepartment": paper.leadDepartment = value
        case "fileNumber": paper.fileNumber = value
        case "author": paper.author = value
        case "responsible": paper.responsible = value
        case "paperType": paper.paperType = value
        case "name": paper.name = value
        default: return
        }
        provenance["/paper/\(labeled.field)"] = location
    }
}

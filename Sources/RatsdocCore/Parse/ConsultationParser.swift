import Foundation

/// Reads the Beratungsfolge: from a table (PDF or tab-separated text) or from plain lines
/// (pdf-parse text, where a stacked row arrives as one value per line). Each committee × date
/// is one ``Consultation``.
struct ConsultationParser {
    typealias Kind = Vocabulary.ColumnKind

    /// A header cell: the kinds it names, and where it is.
    struct HeaderCell {
        var kinds: [Kind]
        var column: Int
        var box: BoundingBox?
    }

    struct Header {
        var cells: [HeaderCell]
        var block: Int
        var isTableRow: Bool
        var allKinds: [Kind] { cells.flatMap(\.kinds) }

        /// Adds the column kinds of a header line that continues this one. With positions they are
        /// cells of their own; a text line without positions goes on from the last cell.
        mutating func extend(with kinds: [[Kind]], from row: DocumentRow) {
            if row.hasBoxes || row.isTableRow {
                for (cell, cellKinds) in zip(row.cells, kinds) {
                    cells.append(HeaderCell(kinds: cellKinds, column: cell.column, box: cell.box))
                }
                cells.sort { ($0.box?.x0 ?? Double($0.column)) < ($1.box?.x0 ?? Double($1.column)) }
            } else if !cells.isEmpty {
                cells[cells.count - 1].kinds += kinds.flatMap { $0 }
            }
        }
    }

    /// The column kinds of a row that holds nothing but column headers (a header line that
    /// wraps), one list per cell; nil otherwise.
    func headerContinuation(_ row: DocumentRow) -> [[Kind]]? {
        var kinds: [[Kind]] = []
        for cell in row.cells {
            guard let cellKinds = vocabulary.columnKinds(inHeaderCell: cell.text) else { return nil }
            kinds.append(cellKinds)
        }
        return kinds.isEmpty ? nil : kinds
    }

    /// Values of one logical Beratungsfolge row (one committee line, possibly stacked).
    struct LogicalRow {
        var values: [Kind: [String]] = [:]
        var page: Int
        var box: BoundingBox?

        var hasDate: Bool { !(values[.date] ?? []).isEmpty }
    }

    let vocabulary: Vocabulary

    /// The Beratungsfolge header in `row`, when its cells name at least two distinct column kinds.
    func header(in row: DocumentRow) -> Header? {
        headerAndData(in: row)?.header
    }

    /// The header in `row`; when a table row holds the header as the first line of each cell
    /// and data below it (a table whose rows were merged), also the data part as its own row.
    func headerAndData(in row: DocumentRow) -> (header: Header, data: DocumentRow?)? {
        func make(_ texts: [String]) -> Header? {
            var cells: [HeaderCell] = []
            for (cell, text) in zip(row.cells, texts) {
                guard let kinds = vocabulary.columnKinds(inHeaderCell: text) else { return nil }
                cells.append(HeaderCell(kinds: kinds, column: cell.column, box: cell.box))
            }
            let kinds = Set(cells.flatMap(\.kinds))
            guard kinds.count >= 2, kinds.contains(.organization) || kinds.contains(.date) else { return nil }
            return Header(cells: cells, block: row.block, isTableRow: row.isTableRow)
        }
        if let header = make(row.cells.map(\.text)) { return (header, nil) }
        guard row.isTableRow, row.cells.contains(where: { $0.lines.count > 1 }),
            let header = make(row.cells.map { $0.lines.first ?? "" })
        else { return nil }
        var data = row
        data.cells = row.cells.compactMap { cell in
            let lines = Array(cell.lines.dropFirst())
            guard !lines.isEmpty else { return nil }
            var rest = cell
            rest.lines = lines
            rest.text = TextNormalizer.joinLines(lines)
            return rest
        }
        return (header, data.cells.isEmpty ? nil : data)
    }

    /// A table row whose cells all hold the same number (> 1) of lines is a set of merged rows:
    /// it is read line by line.
    func physicalRows(_ row: DocumentRow) -> [DocumentRow] {
        guard row.isTableRow, row.cells.count > 1, let count = row.cells.first?.lines.count, count > 1,
            row.cells.allSatisfy({ $0.lines.count == count })
        else { return [row] }
        return (0..<count).map { index in
            var part = row
            part.cells = row.cells.map { cell in
                var single = cell
                single.lines = [cell.lines[index]]
                single.text = cell.lines[index]
                single.box = cell.box(ofLine: index)
                single.lineBoxes = [single.box]
                return single
            }
            part.box = BoundingBox.union(part.cells.compactMap(\.box))
            return part
        }
    }

    /// Reads the values of one physical row under `header`.
    func values(of row: DocumentRow, header: Header, findings: inout [Finding]) -> [Kind: [String]] {
        var result: [Kind: [String]] = [:]
        func add(_ kind: Kind, _ lines: [String]) {
            result[kind, default: []].append(contentsOf: lines.filter { !$0.isEmpty })
        }
        // Assign each cell of the row to a header cell.
        var assigned: [Int: [DocumentRow.Cell]] = [:]
        if row.isTableRow && header.isTableRow && row.block == header.block {
            for cell in row.cells {
                // The header cell whose column is the nearest at or left of this cell's column.
                let index =
                    header.cells.lastIndex { $0.column <= cell.column } ?? 0
                assigned[index, default: []].append(cell)
            }
        } else if row.hasBoxes && header.cells.allSatisfy({ $0.box != nil }) && header.cells.count > 1 {
            for cell in row.cells {
                guard let box = cell.box else { continue }
                let index = header.cells.lastIndex { ($0.box?.x0 ?? 0) <= box.x0 + 4 } ?? 0
                assigned[index, default: []].append(cell)
            }
        } else if row.cells.count == header.cells.count && header.cells.count > 1 {
            for (index, cell) in row.cells.enumerated() { assigned[index] = [cell] }
        } else {
            // One run of text: parse it with the header's kinds in order.
            let text = row.cells.map(\.text).joined(separator: " ")
            for (kind, value) in parseLine(text, kinds: header.allKinds) { add(kind, [value]) }
            return result
        }
        for (index, cells) in assigned.sorted(by: { $0.key < $1.key }) {
            let kinds = header.cells[index].kinds
            let lines = cells.flatMap(\.lines)
            if kinds == [.role] {
                // A committee name that spilled into the role cell ("Wissenschaft Anhörung/Empfehlung").
                for line in lines {
                    if !vocabulary.isRole(line), let split = vocabulary.trailingRole(in: line), !split.head.isEmpty {
                        add(.organization, [split.head])
                        add(.role, [split.role])
                    } else {
                        add(.role, [line])
                    }
                }
            } else if kinds.count == 1, let kind = kinds.first {
                // A committee name that wrapped stays one name, whatever stands beside it.
                let organizationLines = cells.count == 1 ? cells[0].unwrappedLines() : lines
                add(kind, kind == .organization ? organizationLines : lines.flatMap(splitStacked))
            } else {
                for line in lines {
                    for (kind, value) in parseLine(line, kinds: kinds) { add(kind, [value]) }
                }
            }
        }
        return result
    }

    /// Splits a cell line holding several stacked values that an extractor put on one line
    /// ("17.03.2026 14.04.2026" → two dates).
    func splitStacked(_ line: String) -> [String] {
        let parts = TextNormalizer.words(line)
        if parts.count > 1, parts.allSatisfy({ GermanDate.parse($0) != nil }) { return parts }
        if parts.count > 1, parts.allSatisfy({ vocabulary.isAgendaItemNumber($0) }) { return parts }
        if parts.count > 1, parts.allSatisfy({ vocabulary.publicFlag($0) != nil }) { return parts }
        return [line]
    }

    /// Parses one line of text whose columns are `kinds` in order. The date is the anchor;
    /// TOP and Ö/N are single tokens; organization and role share the free text, split by the
    /// role vocabulary.
    func parseLine(_ line: String, kinds: [Kind]) -> [(Kind, String)] {
        let text = TextNormalizer.collapseSpaces(line)
        if text.isEmpty { return [] }
        // A line that is one stacked value alone.
        if let single = singleValue(text, kinds: kinds) { return [single] }
        guard let dateIndex = kinds.firstIndex(of: .date), let found = GermanDate.firstDate(in: text) else {
            return parseSegment(text, kinds: kinds.filter { $0 != .date })
        }
        let before = String(text[..<found.range.lowerBound])
        let after = String(text[found.range.upperBound...])
        return parseSegment(before, kinds: Array(kinds[..<dateIndex]))
            + [(.date, String(text[found.range]))]
            + parseSegment(after, kinds: Array(kinds[(dateIndex + 1)...]))
    }

    /// A line holding only a date, a TOP number, an Ö/N flag or a role.
    func singleValue(_ text: String, kinds: [Kind]) -> (Kind, String)? {
        if kinds.contains(.date), GermanDate.parse(text) != nil { return (.date, text) }
        if kinds.contains(.agendaItemNumber), vocabulary.isAgendaItemNumber(text) { return (.agendaItemNumber, text) }
        if kinds.contains(.public), vocabulary.publicFlag(text) != nil { return (.public, text) }
        if kinds.contains(.role), vocabulary.isRole(text) { return (.role, text) }
        if kinds.contains(where: Self.isMarkKind), vocabulary.mark(text) != nil { return (.anyMark, text) }
        if kinds.contains(.result), vocabulary.isResult(text) { return (.result, text) }
        return nil
    }

    static func isMarkKind(_ kind: Kind) -> Bool {
        kind == .publicMark || kind == .nonPublicMark || kind == .anyMark
    }

    /// Without positions, the cross of adjacent "ö | nö" columns cannot be placed: the two
    /// columns become one slot whose value says only that a cross is there.
    static func mergingMarkColumns(_ kinds: [Kind]) -> [Kind] {
        var result: [Kind] = []
        for kind in kinds {
            if isMarkKind(kind), let last = result.last, isMarkKind(last) {
                result[result.count - 1] = .anyMark
            } else {
                result.append(kind)
            }
        }
        return result
    }

    /// A cell that says "no value": a dash or the usual abbreviations.
    static func isPlaceholder(_ text: String) -> Bool {
        ["-", "–", "—", "--", "./.", "k.A.", "n.n.", "N.N."].contains(text.trimmedWhitespaces())
    }

    func parseSegment(_ segment: String, kinds: [Kind]) -> [(Kind, String)] {
        var words = TextNormalizer.words(segment)
        var kinds = Self.mergingMarkColumns(kinds)
        let hasMarkColumns = kinds.contains(where: Self.isMarkKind)
        var result: [(Kind, String)] = []
        func typedMatch(_ kind: Kind, _ word: String) -> Bool {
            switch kind {
            case .agendaItemNumber: vocabulary.isAgendaItemNumber(word)
            case .public: vocabulary.publicFlag(word) != nil
            case .date: GermanDate.parse(word) != nil
            case .publicMark, .nonPublicMark, .anyMark: vocabulary.mark(word) != nil
            default: false
            }
        }
        /// Two boxes side by side ("☒ ☐") do show which column holds the cross: the pair is taken
        /// whole, whichever of its boxes was found first.
        func takeMarks(at index: Int) {
            for pair in [index, index - 1] where pair >= 0 && pair + 1 < words.count {
                if let first = vocabulary.mark(words[pair]), let second = vocabulary.mark(words[pair + 1]),
                    first != second
                {
                    let checked = first ? words[pair] : words[pair + 1]
                    words.removeSubrange(pair...(pair + 1))
                    result.append((first ? .publicMark : .nonPublicMark, checked))
                    return
                }
            }
            result.append((.anyMark, words.remove(at: index)))
        }
        func take(_ kind: Kind, at index: Int) {
            if kind == .anyMark {
                takeMarks(at: index)
            } else {
                result.append((kind, words[index]))
                words.remove(at: index)
            }
        }
        while let kind = kinds.first, !kind.isFreeText {
            kinds.removeFirst()
            if let word = words.first, typedMatch(kind, word) {
                take(kind, at: 0)
            } else if let word = words.first, Self.isPlaceholder(word) {
                // "—" for a TOP not assigned yet: the column is there, its value is empty.
                words.removeFirst()
            }
        }
        while let kind = kinds.last, !kind.isFreeText {
            kinds.removeLast()
            if let word = words.last, typedMatch(kind, word) {
                take(kind, at: words.count - 1)
            } else if let word = words.last, Self.isPlaceholder(word) {
                words.removeLast()
            }
        }
        // Typed kinds between two free ones are looked for anywhere.
        var free = kinds.filter(\.isFreeText)
        for kind in kinds where !kind.isFreeText {
            if let index = words.firstIndex(where: { typedMatch(kind, $0) }) {
                take(kind, at: index)
            }
        }
        // Boxes left over (the empty "☐ ☐" of a row without a meeting) are no text.
        if hasMarkColumns {
            words.removeAll { vocabulary.mark($0) != nil }
        }
        var rest = words.joined(separator: " ")
        guard !rest.isEmpty else { return result }
        // A printed result closes the line ("… x vorberaten").
        if free.last == .result {
            free.removeLast()
            if free.isEmpty {
                result.append((.result, rest))
                return result
            }
            if let split = vocabulary.trailingResult(in: rest) {
                result.append((.result, split.result))
                rest = split.head
                guard !rest.isEmpty else { return result }
            }
        }
        free.removeAll { $0 == .result }
        if free == [.organization] {
            result.append((.organization, rest))
        } else if free == [.role] {
            result.append((.role, rest))
        } else if free == [.organization, .role] {
            if let split = vocabulary.trailingRole(in: rest) {
                if !split.head.isEmpty { result.append((.organization, split.head)) }
                result.append((.role, split.role))
            } else {
                result.append((.organization, rest))
            }
        } else if free == [.role, .organization] {
            if let split = vocabulary.leadingRole(in: rest) {
                result.append((.role, split.role))
                if !split.tail.isEmpty { result.append((.organization, split.tail)) }
            } else {
                result.append((.organization, rest))
            }
        }
        return result
    }

    /// Groups physical rows into logical rows: a row with a date (or with a committee and a role
    /// or Ö/N flag) starts one; rows holding only stacked values, a result or a wrapped committee
    /// name continue it. A committee printed on the lines above its date (the date row holds no
    /// name) starts a row of its own.
    ///
    /// With a result column, a line of free text below a row's date that starts no row is the
    /// result printed for it ("mehrheitlich zugestimmt (14 Ja)"), not more of the committee.
    func group(_ physical: [(values: [Kind: [String]], row: DocumentRow)], resultColumn: Bool = false) -> [LogicalRow] {
        var rows: [LogicalRow] = []
        for (index, (physicalValues, row)) in physical.enumerated() {
            var values = physicalValues
            let hasDate = !(values[.date] ?? []).isEmpty
            let hasOrganization = !(values[.organization] ?? []).isEmpty
            let hasOther = !(values[.role] ?? []).isEmpty || !(values[.public] ?? []).isEmpty
            let organizationLines = values[.organization] ?? []
            // Below a dated row of a table with a result column, a line that starts in lower case
            // is the result; only a name that visibly breaks off (a connector word) goes on.
            let continuesName =
                rows.last.flatMap { last in
                    (last.values[.organization]?.last).map {
                        resultColumn && last.hasDate
                            ? Continuation.continues($0, with: nil)
                            : Continuation.continues($0, with: organizationLines.first)
                    }
                } ?? false
            let nameAboveDate =
                hasOrganization && !hasDate && !hasOther && !continuesName && rows.last?.hasDate == true
                && Self.nextDatedRowHasNoName(physical[(index + 1)...])
            let startsRow =
                rows.isEmpty || (hasOrganization && (hasDate || hasOther) && !continuesName) || nameAboveDate
            if resultColumn, !startsRow, hasOrganization, !hasDate, !continuesName, rows.last?.hasDate == true,
                let lines = values.removeValue(forKey: .organization)
            {
                values[.result, default: []].append(contentsOf: lines)
            }
            if startsRow {
                rows.append(LogicalRow(values: values, page: row.page, box: row.box))
            } else if var last = rows.popLast() {
                for (kind, list) in values { last.values[kind, default: []].append(contentsOf: list) }
                if let box = row.box { last.box = last.box.map { $0.union(box) } ?? box }
                rows.append(last)
            }
        }
        return rows
    }

    /// True when the next row with a date prints no committee name: the name stands above it.
    static func nextDatedRowHasNoName(_ rows: ArraySlice<(values: [Kind: [String]], row: DocumentRow)>) -> Bool {
        guard let dated = rows.first(where: { !($0.values[.date] ?? []).isEmpty }) else { return false }
        return (dated.values[.organization] ?? []).isEmpty
    }

    /// The printed results of a row: a result that wraps ("Zustimmung mit Änderungen" / "(siehe
    /// Protokoll)") is joined to the line above unless that line is a result of its own.
    static func mergedResults(_ lines: [String]) -> [String] {
        var merged: [String] = []
        for line in lines where !line.isEmpty {
            if let last = merged.last, Continuation.continues(last, with: line) || line.first == "(" {
                merged[merged.count - 1] = TextNormalizer.join(last, line)
            } else {
                merged.append(line)
            }
        }
        return merged
    }

    /// Turns a logical row into one consultation per date (per stacked value).
    func consultations(from row: LogicalRow, findings: inout [Finding]) -> [Consultation] {
        let organizations = Continuation.mergeWrapped(row.values[.organization] ?? [])
        let dates = row.values[.date] ?? []
        let roles = row.values[.role] ?? []
        let tops = row.values[.agendaItemNumber] ?? []
        let flags = row.values[.public] ?? []
        // Crosses in "ö | nö" columns; one per consultation, in order. Empty boxes are no value.
        let marks = [Kind.publicMark, .nonPublicMark, .anyMark].flatMap { kind in
            (row.values[kind] ?? []).filter { vocabulary.mark($0) == true }.map { _ in kind }
        }
        let results = Self.mergedResults(row.values[.result] ?? [])
        let count = max(1, dates.count, roles.count, tops.count, flags.count)
        var ambiguous: [String] = []
        func pick(_ list: [String], _ index: Int, _ name: String) -> String? {
            // A placeholder keeps its slot, so stacked values stay aligned, but is no value.
            guard let value = pickRaw(list, index, name) else { return nil }
            return Self.isPlaceholder(value) ? nil : value
        }
        func pickRaw(_ list: [String], _ index: Int, _ name: String) -> String? {
            if list.count == count { return list[index] }
            if list.isEmpty { return nil }
            if list.count == 1 { return list[0] }
            if !ambiguous.contains(name) { ambiguous.append(name) }
            return index < list.count ? list[index] : nil
        }
        var result: [Consultation] = []
        for index in 0..<count {
            var consultation = Consultation()
            if organizations.count == count {
                consultation.organization = organizations[index]
            } else if organizations.count == 1 || count == 1 {
                consultation.organization = organizations.reduce("") { $0.isEmpty ? $1 : TextNormalizer.join($0, $1) }
            } else if !organizations.isEmpty {
                if !ambiguous.contains("organization") { ambiguous.append("organization") }
            }
            if let rawDate = pick(dates, index, "date") {
                consultation.date = GermanDate.parse(rawDate)
                if consultation.date == nil {
                    findings.append(
                        Finding(
                            severity: .warning, code: .unparsedDate, message: "Beratungsfolge date '\(rawDate)'",
                            page: row.page))
                }
            }
            if let rawRole = pick(roles, index, "role") {
                let normalized = vocabulary.role(rawRole)
                consultation.role = normalized.role
                consultation.authoritative = normalized.authoritative
                let printed = TextNormalizer.collapseSpaces(rawRole)
                if printed != normalized.role { consultation.roleRaw = printed }
                if !normalized.known {
                    findings.append(
                        Finding(
                            severity: .warning, code: .unknownRole,
                            message: "role '\(printed)' is not in the profile's vocabulary; kept as printed",
                            page: row.page))
                }
            }
            if let top = pick(tops, index, "agendaItemNumber") {
                consultation.agendaItemNumber = top.hasSuffix(".") ? String(top.dropLast()) : top
            }
            if let flag = pick(flags, index, "public") { consultation.public = vocabulary.publicFlag(flag) }
            let boxes = row.values[.anyMark] ?? []
            if count == 1, boxes.count == 2, let first = vocabulary.mark(boxes[0]),
                let second = vocabulary.mark(boxes[1]),
                first != second
            {
                // "☒" above "☐": the first box is the ö column.
                consultation.public = first
            } else if marks.count == count || marks.count == 1 && count == 1 {
                switch marks[marks.count == count ? index : 0] {
                case .publicMark: consultation.public = true
                case .nonPublicMark: consultation.public = false
                default: break
                }
            }
            if results.count == count || results.count == 1 && count == 1 {
                let printed = results[results.count == count ? index : 0]
                consultation.result = printed
                consultation.resultCode = vocabulary.resultCode(printed)
            }
            result.append(consultation)
        }
        for name in ambiguous {
            findings.append(
                Finding(
                    severity: .warning, code: .ambiguousValue,
                    message: "Beratungsfolge: the \(name) values of a row do not line up with its \(count) entries",
                    page: row.page))
        }
        return result
    }
}

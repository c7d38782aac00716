import Foundation

/// The Vorlage parser, driven by one ``DocumentProfile``: header fields, title, Beratungsfolge,
/// sections (Beschlussvorschlag, Kurzfassung, Erläuterungen, Anlagen) and Finanzielle Auswirkungen.
/// Data-quality problems become ``Finding``s; the parser never throws.
public struct PaperParser: Sendable {
    public let profile: DocumentProfile
    let vocabulary: Vocabulary

    /// - Parameters:
    ///   - profile: the template profile that drives the parser.
    ///   - results: the result vocabulary for a Beratungsfolge with an Ergebnis column.
    ///   - roles: the shared role vocabulary (`Pipelines/vocabulary/roles.yml`).
    public init(profile: DocumentProfile, results: ValueVocabulary? = nil, roles: ValueVocabulary? = nil) {
        self.profile = profile
        self.vocabulary = Vocabulary(profile: profile, results: results, roles: roles)
    }

    /// Parses a laid-out document into the contract record. `status` is `success` when every
    /// required field was found, `partial` otherwise (and always for a generic profile),
    /// `failure` when the document has no text.
    public func parse(_ layout: LayoutDocument) -> PaperDocument {
        var findings = layout.findings
        var provenance: [String: Provenance] = [:]
        let rows = DocumentRow.rows(of: layout)
        let bodyBlocks = layout.bodyBlocks
        guard !rows.isEmpty else {
            findings.append(Finding(severity: .error, code: .noText, message: "the document has no text to parse"))
            return PaperDocument(
                source: layout.source, status: .failure, profile: profile.name, profileScore: nil, paper: nil,
                findings: findings, provenance: [:])
        }
        var paper = Paper()
        let consultationParser = ConsultationParser(vocabulary: vocabulary)

        // 1. Split the rows into header area, Beratungsfolge and sections.
        var headerRows: [DocumentRow] = []
        var consultationRows: [(values: [Vocabulary.ColumnKind: [String]], row: DocumentRow)] = []
        var sectionContents: [(section: Int, remainder: String, rows: [DocumentRow], heading: DocumentRow)] = []
        var seenSections: Set<Int> = []
        var inHeader = true
        var currentHeader: ConsultationParser.Header?
        // Rows read under the current Beratungsfolge header, and the widest text line among them.
        var rowsUnderHeader = 0
        var tableTextWidth: Int?
        var tableHasResultColumn = false
        var lastTableName: String?
        for (rowIndex, row) in rows.enumerated() {
            if let match = headingMatch(row, seen: seenSections) {
                inHeader = false
                currentHeader = nil
                if let section = match.section {
                    // A second heading of the open section's field is a sub-heading ("Beschluss" / "Antrag an ...").
                    if let open = sectionContents.last, open.section >= 0, open.rows.isEmpty, open.remainder.isEmpty,
                        profile.sections[open.section].field == profile.sections[section].field
                    {
                        continue
                    }
                    seenSections.insert(section)
                    sectionContents.append((section, match.remainder, [], row))
                } else {
                    sectionContents.append((-1, "", [], row))
                }
                continue
            }
            if let found = consultationParser.headerAndData(in: row) {
                inHeader = false
                currentHeader = found.header
                rowsUnderHeader = 0
                tableTextWidth = nil
                lastTableName = nil
                if let data = found.data {
                    for part in consultationParser.physicalRows(data) {
                        let values = consultationParser.values(of: part, header: found.header, findings: &findings)
                        if !values.isEmpty { consultationRows.append((values, part)) }
                    }
                }
                continue
            }
            if var header = currentHeader {
                // A column header that wraps onto the next lines ("Gremium Termin TOP" / "ö nö" / "Ergebnis").
                if rowsUnderHeader == 0, let kinds = consultationParser.headerContinuation(row) {
                    header.extend(with: kinds, from: row)
                    currentHeader = header
                    continue
                }
                var consumed = false
                for part in consultationParser.physicalRows(row) {
                    let values = consultationParser.values(of: part, header: header, findings: &findings)
                    guard !values.isEmpty else { continue }
                    // In text without positions, a line of free text (no date, role, Ö/N or cross; a
                    // number in a sentence may look like a TOP) is body text, and the
                    // Beratungsfolge ended without a heading, when it is clearly wider than every line
                    // of the table so far, or when no date follows within two lines (a committee name
                    // stands above its date or breaks off at a connector word).
                    if !part.hasBoxes, values[.organization] != nil,
                        values.keys.allSatisfy({ [.organization, .agendaItemNumber, .result].contains($0) }),
                        let width = tableTextWidth,
                        Double(part.text.count) > Self.bodyLineWidthFactor * Double(width)
                            || !Continuation.continues(lastTableName ?? "", with: nil)
                                && !Self.dateFollows(rows[(rowIndex + 1)...].prefix(Self.rowsToNextDate))
                    {
                        currentHeader = nil
                        break
                    }
                    if let name = values[.organization]?.last { lastTableName = name }
                    if !part.hasBoxes { tableTextWidth = max(tableTextWidth ?? 0, part.text.count) }
                    if header.allKinds.contains(.result) { tableHasResultColumn = true }
                    consultationRows.append((values, part))
                    rowsUnderHeader += 1
                    consumed = true
                }
                if consumed { continue }
            }
            if inHeader {
                headerRows.append(row)
            } else if !sectionContents.isEmpty {
                sectionContents[sectionContents.count - 1].rows.append(row)
            }
        }

        // 2. Header fields and title.
        readHeader(headerRows, into: &paper, findings: &findings, provenance: &provenance)

        // 3. Beratungsfolge.
        for logical in consultationParser.group(consultationRows, resultColumn: tableHasResultColumn) {
            for consultation in consultationParser.consultations(from: logical, findings: &findings) {
                provenance["/paper/consultations/\(paper.consultations.count)"] = Provenance(
                    page: logical.page, bbox: logical.box)
                paper.consultations.append(consultation)
            }
        }

        // 4. Sections.
        for content in sectionContents where content.section >= 0 {
            let spec = profile.sections[content.section]
            let pointerPage = Provenance(page: content.heading.page, bbox: content.heading.box)
            switch spec.field {
            case "finance":
                guard let financeSpec = profile.finance else { continue }
                var blockIndices: [Int] = []
                for row in content.rows where !blockIndices.contains(row.block) { blockIndices.append(row.block) }
                let lines = blockIndices.flatMap { bodyBlocks[$0].lines }
                let impact = FinanceParser(spec: financeSpec).parse(
                    rows: content.rows, lines: lines, inlineText: content.remainder, page: content.heading.page,
                    findings: &findings)
                if paper.financialImpact == nil {
                    paper.financialImpact = impact
                    provenance["/paper/financialImpact"] = pointerPage
                }
            case "attachments":
                var items = content.remainder.isEmpty ? [] : [content.remainder]
                items += Self.attachmentEntries(content.rows.map(\.text))
                if !items.isEmpty {
                    paper.attachments = (paper.attachments ?? []) + items
                    provenance["/paper/attachments"] = pointerPage
                }
            case "summary", "decisionProposal", "explanation":
                let text = Self.paragraphs(remainder: content.remainder, rows: content.rows)
                guard !text.isEmpty else { continue }
                let pointer = "/paper/\(spec.field)"
                provenance[pointer] = Provenance(
                    page: content.rows.first?.page ?? content.heading.page, bbox: content.rows.first?.box)
                switch spec.field {
                case "summary": paper.summary = paper.summary.map { $0 + "\n\n" + text } ?? text
                case "explanation": paper.explanation = paper.explanation.map { $0 + "\n\n" + text } ?? text
                default: paper.decisionProposal = text  // the last Beschluss section is the final one
                }
            default:
                continue
            }
        }

        // 5. Required fields and status.
        for field in profile.required ?? [] where !Self.isPresent(field, in: paper) {
            findings.append(
                Finding(severity: .warning, code: .missingField, message: "required field '\(field)' was not found"))
        }
        if profile.isGeneric {
            findings.append(
                Finding(
                    severity: .warning, code: .genericProfile,
                    message: "no template profile matched; fields were read label by label"))
        }
        // No template matched and not one required field was found: the input is not a Vorlage
        // (a letter, a plan, a mangled file). That is a failure, not a partial record.
        let required = profile.required ?? []
        if profile.isGeneric, !required.isEmpty, !required.contains(where: { Self.isPresent($0, in: paper) }) {
            findings.append(
                Finding(
                    severity: .error, code: .notAVorlage,
                    message: "no template profile matched and none of the required fields was found"))
            return PaperDocument(
                source: layout.source, status: .failure, profile: profile.name, profileScore: nil, paper: paper,
                findings: findings, provenance: provenance)
        }
        let hasProblems = findings.contains { $0.severity >= .warning }
        return PaperDocument(
            source: layout.source, status: hasProblems ? .partial : .success, profile: profile.name,
            profileScore: nil, paper: paper, findings: findings, provenance: provenance)
    }

    /// How much wider than the widest Beratungsfolge line a dateless text line must be to be body
    /// text: a table cell's line is short next to a line of running text.
    static let bodyLineWidthFactor = 1.5
    /// A committee printed without its date has the date within this many lines.
    static let rowsToNextDate = 2

    /// True when one of `rows` holds a date.
    static func dateFollows(_ rows: ArraySlice<DocumentRow>) -> Bool {
        rows.contains { GermanDate.firstDate(in: $0.text) != nil }
    }

    private func headingMatch(_ row: DocumentRow, seen: Set<Int>) -> Vocabulary.HeadingMatch? {
        if let match = vocabulary.heading(row.text, seen: seen) { return match }
        // A table row whose first cell is a heading with content in the other cells.
        if row.cells.count > 1, let first = row.cells.first, let match = vocabulary.heading(first.text, seen: seen),
            let section = match.section, profile.sections[section].inlineContent == true
        {
            let rest = ([match.remainder] + row.cells.dropFirst().map(\.text)).filter { !$0.isEmpty }
            return Vocabulary.HeadingMatch(section: section, remainder: rest.joined(separator: " "))
        }
        return nil
    }

    static func isPresent(_ field: String, in paper: Paper) -> Bool {
        switch field {
        case "reference": paper.reference != nil
        case "name": paper.name != nil
        case "date": paper.date != nil
        case "public": paper.public != nil
        case "paperType": paper.paperType != nil
        case "leadDepartment": paper.leadDepartment != nil
        case "participatingDepartments": paper.participatingDepartments != nil
        case "fileNumber": paper.fileNumber != nil
        case "author": paper.author != nil
        case "responsible": paper.responsible != nil
        case "consultations": !paper.consultations.isEmpty
        case "summary": paper.summary != nil
        case "decisionProposal": paper.decisionProposal != nil
        case "financialImpact": paper.financialImpact != nil
        case "explanation": paper.explanation != nil
        case "attachments": paper.attachments != nil
        default: true
        }
    }

    /// The entries of an Anlagen list, one per attachment. When entries are numbered or bulleted
    /// ("Anlage 1: …", "2. …", "– …"), a line without such a start continues the entry above (a
    /// wrapped title); otherwise a line continues the one above only when that one ends unfinished
    /// (hyphen, connector word) or the line starts in lower case.
    static func attachmentEntries(_ lines: [String]) -> [String] {
        let trimmed = lines.map { TextNormalizer.collapseSpaces($0) }.filter { !$0.isEmpty }
        let marked = trimmed.map(Self.startsAttachmentEntry)
        let numbered = marked.filter { $0 }.count >= 1 && marked.first == true
        var entries: [String] = []
        for (index, line) in trimmed.enumerated() {
            let text = stripBullet(line)
            guard !text.isEmpty else { continue }
            if let previous = entries.last {
                let continues =
                    numbered
                    ? !marked[index]
                    : Continuation.continues(previous, with: text) || text.first?.isLowercase == true
                if continues {
                    entries[entries.count - 1] = TextNormalizer.join(previous, text)
                    continue
                }
            }
            entries.append(text)
        }
        return entries
    }

    /// "1. …", "2) …", or a bullet and a space.
    static func startsListItem(_ line: String) -> Bool {
        if let first = line.first, "•▪◦–-".contains(first), line.dropFirst().first == " " { return true }
        let digits = line.prefix { $0.isNumber }
        guard !digits.isEmpty, digits.count <= 2 else { return false }
        let rest = line.dropFirst(digits.count)
        return rest.hasPrefix(". ") || rest.hasPrefix(") ")
    }

    /// "Anlage 1…", "1.", "1)", "a)", or a bullet.
    static func startsAttachmentEntry(_ line: String) -> Bool {
        if let first = line.first, "•·-–▪◦*".contains(first) { return true }
        let lower = line.lowercased()
        if lower.hasPrefix("anlage") { return true }
        let head = line.prefix { $0.isNumber || $0.isLetter && $0.isLowercase }
        guard !head.isEmpty, head.count <= 3 else { return false }
        let rest = line.dropFirst(head.count)
        return rest.hasPrefix(".") || rest.hasPrefix(")") || rest.hasPrefix(":")
    }

    static func stripBullet(_ text: String) -> String {
        var result = Substring(text)
        while let first = result.first, "•·-–▪◦*".contains(first) { result = result.dropFirst() }
        return result.trimmedWhitespaces()
    }

    /// Joins section rows into paragraphs separated by "\n\n". A block is a paragraph; in plain
    /// text a short line ends one; a paragraph cut by a page or column break (no final
    /// punctuation, and the next starts lower case or on the next page) is joined again.
    static func paragraphs(remainder: String, rows: [DocumentRow]) -> String {
        var paragraphs: [[String]] = remainder.isEmpty ? [] : [[remainder]]
        var paragraphPages: [[Int]] = remainder.isEmpty ? [] : [[rows.first?.page ?? 1]]
        var currentBlock: Int?
        let widths = rows.filter { !$0.hasBoxes }.map(\.text.count)
        let longest = widths.max() ?? 0
        for (index, row) in rows.enumerated() {
            let line = row.text
            // Plain text: a list item ("1. …", "• …") after a finished sentence starts a paragraph.
            if !row.hasBoxes, Self.startsListItem(line), let previous = paragraphs.last?.last,
                let end = previous.last, ".:;!?".contains(end)
            {
                currentBlock = nil
            }
            if row.block != currentBlock || row.isTableRow || paragraphs.isEmpty {
                paragraphs.append([line])
                paragraphPages.append([row.page])
            } else {
                paragraphs[paragraphs.count - 1].append(line)
                paragraphPages[paragraphPages.count - 1].append(row.page)
            }
            currentBlock = row.block
            // Plain text without blank lines: a clearly short line ends its paragraph.
            let next = index + 1 < rows.count ? rows[index + 1].text : ""
            let subscriptNext = next.count <= 2 && next.allSatisfy(\.isNumber) && line.last?.isUppercase == true
            if !row.hasBoxes, longest >= 60, line.count > 3, line.count < longest * 3 / 4,
                let last = line.last, !"-,".contains(last), let first = next.first, !subscriptNext,
                first.isUppercase || first.isNumber || "•–„\"(".contains(first)
            {
                currentBlock = nil
            }
        }
        var texts: [String] = []
        var lastPage: Int?
        for (lines, pages) in zip(paragraphs, paragraphPages) {
            let text = TextNormalizer.joinLines(lines)
            guard !text.isEmpty else { continue }
            defer { lastPage = pages.last }
            let pageBreak = lastPage != nil && pages.first != lastPage
            if let previous = texts.last, let end = previous.last, !".:!?“\")".contains(end),
                let first = text.first, first.isLowercase || (pageBreak && previous.count > 80)
            {
                texts[texts.count - 1] = TextNormalizer.join(previous, text)
            } else {
                texts.append(text)
            }
        }
        return texts.joined(separator: "\n\n")
    }
}

import Foundation

/// The profile's vocabularies compiled for matching: headings, column headers, roles, public flags.
struct Vocabulary: Sendable {
    let profile: DocumentProfile

    enum ColumnKind: String, Sendable, CaseIterable {
        case date, organization, role, agendaItemNumber, `public`
        /// The "ö" and "nö" columns of a Beratungsfolge that marks the status with a cross.
        case publicMark, nonPublicMark
        /// A cross whose column could not be told (text without positions, the two columns adjacent).
        case anyMark
        /// The printed result (Ergebnis) of the consultation.
        case result

        /// Kinds whose values are free text rather than a typed token.
        var isFreeText: Bool { self == .organization || self == .role || self == .result }
    }

    struct HeadingMatch: Sendable {
        /// Index into `profile.sections`, or nil for the Beratungsfolge heading.
        var section: Int?
        /// Content printed after the heading on the same line.
        var remainder: String
    }

    private let sectionKeys:
        [(
            index: Int, once: Bool, inline: Bool, keys: [String],
            bareLowered: [(text: String, bytes: [UInt8], count: Int)]
        )]
    /// Heading patterns, each with the ASCII letters every match holds (``LabelPatterns/anchor(ofPattern:)``).
    private let sectionPatterns: [(index: Int, once: Bool, regex: NSRegularExpression, anchor: [UInt8]?)]
    private let consultationHeadingKeys: Set<String>
    /// Characters in the longest heading of the profile.
    private let longestHeading: Int
    /// The longest line (characters) that can hold a heading.
    static let longestHeadingLine = 160
    private let columnSynonyms: [(kind: ColumnKind, words: [String])]
    /// Match key of every column synonym → its kind (first listed kind wins).
    private let columnKindByKey: [String: ColumnKind]
    /// Match keys of the first word of every column synonym: a header cell starts with one.
    private let columnFirstWordKeys: Set<String>
    private let roleByKey: [String: DocumentProfile.RoleSpec]
    private let publicKeys: Set<String>
    private let nonPublicKeys: Set<String>
    private let markKeys: Set<String>
    private let emptyMarkKeys: Set<String>
    /// Printed results → codes (`Pipelines/vocabulary/results.yml`).
    let results: ValueVocabulary?
    let agendaItemRegex: NSRegularExpression?
    /// The profile's field labels, longest label first, each compiled on first use.
    let labels: LabelPatterns
    /// The reference patterns compiled.
    let referenceRegexes: [NSRegularExpression]
    /// Field → its `valuePattern` compiled.
    let valuePatterns: [String: NSRegularExpression]

    init(profile: DocumentProfile, results: ValueVocabulary? = nil, roles sharedRoles: ValueVocabulary? = nil) {
        self.profile = profile
        self.results = results
        markKeys = Set((profile.publicVocabulary.marks ?? []).map(TextNormalizer.matchKey))
        emptyMarkKeys = Set((profile.publicVocabulary.emptyMarks ?? []).map(TextNormalizer.matchKey))
        sectionKeys = profile.sections.enumerated().map { index, section in
            let headings = section.headings ?? []
            let bare = headings.map(Self.bareHeading).filter { !$0.isEmpty }.map { heading in
                let lowered = heading.lowercased()
                return (lowered, Array(lowered.precomposedStringWithCanonicalMapping.utf8), heading.count)
            }
            return (
                index, section.once ?? false, section.inlineContent ?? false, headings.map(TextNormalizer.matchKey),
                bare
            )
        }
        sectionPatterns = profile.sections.enumerated().flatMap { index, section in
            (section.headingPatterns ?? []).compactMap { pattern in
                (try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])).map {
                    (index, section.once ?? false, $0, LabelPatterns.anchor(ofPattern: pattern))
                }
            }
        }
        consultationHeadingKeys = Set((profile.consultations.headings ?? []).map(TextNormalizer.matchKey))
        longestHeading =
            (profile.sections.flatMap { $0.headings ?? [] } + (profile.consultations.headings ?? []))
            .map(\.count).max() ?? 0
        columnSynonyms = ColumnKind.allCases.compactMap { kind in
            guard let words = profile.consultations.columns[kind.rawValue], !words.isEmpty else { return nil }
            return (kind, words)
        }
        var kindByKey: [String: ColumnKind] = [:]
        for entry in columnSynonyms {
            for word in entry.words where kindByKey[TextNormalizer.matchKey(word)] == nil {
                kindByKey[TextNormalizer.matchKey(word)] = entry.kind
            }
        }
        columnKindByKey = kindByKey
        columnFirstWordKeys = Set(
            columnSynonyms.flatMap { entry in
                entry.words.compactMap { $0.split(separator: " ").first.map { TextNormalizer.matchKey(String($0)) } }
            })
        // Roles: the shared vocabulary decides what a spelling means; the profile adds spellings the
        // vocabulary does not know, and says which roles decide (`authoritative`).
        var roles: [String: DocumentProfile.RoleSpec] = [:]
        let deciding = Dictionary(
            profile.consultations.roles.map { (TextNormalizer.matchKey($0.role), $0.authoritative ?? false) }
        ) { first, _ in first }
        for entry in sharedRoles?.entries ?? [] {
            let spec = DocumentProfile.RoleSpec(
                role: entry.code, raw: entry.match,
                authoritative: deciding[TextNormalizer.matchKey(entry.code)] ?? false)
            for raw in [entry.code] + entry.match { roles[TextNormalizer.matchKey(raw)] = spec }
        }
        for spec in profile.consultations.roles {
            for raw in [spec.role] + (spec.raw ?? []) {
                let key = TextNormalizer.matchKey(raw)
                if roles[key] == nil { roles[key] = spec }
            }
        }
        roleByKey = roles
        publicKeys = Set(profile.publicVocabulary.public.map(TextNormalizer.matchKey))
        nonPublicKeys = Set(profile.publicVocabulary.nonPublic.map(TextNormalizer.matchKey))
        labels = LabelPatterns(profile.allLabels) { label in
            let escaped = NSRegularExpression.escapedPattern(for: label.trimmedWhitespaces())
                .replacingOccurrences(of: " ", with: "\\s+")
            // The boundaries (labelStart, labelEnd) are checked on each match: LabelPatterns.
            return escaped
        }
        referenceRegexes = (profile.reference?.patterns ?? []).compactMap { try? NSRegularExpression(pattern: $0) }
        valuePatterns = profile.fields.compactMapValues { spec in
            spec.valuePattern.flatMap { try? NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }
        }
        agendaItemRegex = try? NSRegularExpression(
            pattern: profile.consultations.agendaItemPattern ?? #"^[0-9]{1,3}[a-z]?(\.[0-9]{1,3})*\.?$"#)
    }

    // MARK: Label boundaries

    /// The word boundary before a label: no letter or digit may precede it. Written as regex
    /// lookarounds, which is what ``LabelPatterns`` checks on each match (and its tests hold
    /// against these).
    ///
    /// The label regexes are case-insensitive, and ICU closes every character set of a
    /// case-insensitive pattern over case, which for `\p{L}` means walking all letters of Unicode
    /// (about 2 M instructions per set, most of the vocabulary's start-up cost). The boundary sets
    /// are therefore compiled case-sensitively (`(?-i:…)`): the case closure of `[\p{L}\p{N}]` adds
    /// exactly one character, U+0345 COMBINING GREEK YPOGEGRAMMENI (it folds to "ι"), which is
    /// listed explicitly so that the sets match the same characters as before (checked over every
    /// Unicode scalar).
    static let labelStart = #"(?-i:(?<![\p{L}\p{N}\x{0345}]))"#
    /// The word boundary after a label that ends in a letter: no letter may follow
    /// (case-sensitive, see ``labelStart``).
    static let labelEnd = #"(?-i:(?![\p{L}\x{0345}]))"#

    // MARK: Headings

    /// The section heading `text` is, if any. `seen` holds sections already opened (for `once`).
    func heading(_ text: String, seen: Set<Int>) -> HeadingMatch? {
        // A line of more than 160 characters is never a heading: more than 640 UTF-8 bytes cannot
        // be 160 characters, so a long paragraph line is left without counting its characters.
        guard !text.isEmpty, text.utf8.count <= Self.longestHeadingLine * 4 else { return nil }
        let line = TextNormalizer.collapseSpaces(text)
        // Most lines are Latin-1: their length and lower case come from the bytes.
        let latin = TextNormalizer.latin1Lowered(line)
        let length = latin?.characters ?? line.count
        guard length > 0, length <= Self.longestHeadingLine else { return nil }
        // A whole-line heading is short; a longer line can only be a heading with text after it.
        let key = length <= longestHeading + 8 ? TextNormalizer.matchKey(line) : nil
        if let key, consultationHeadingKeys.contains(key) { return HeadingMatch(section: nil, remainder: "") }
        // Only the start of the line is compared with the headings, by characters where its bytes
        // start with a heading's. A line of plain scalars (Latin-1 among them) is NFC, so its bytes
        // start with the NFC bytes of every heading it starts with; other lines are compared by
        // characters only.
        var loweredPrefix: String?
        func lowered() -> String {
            if let loweredPrefix { return loweredPrefix }
            let prefix = TextNormalizer.lowercased(String(line.prefix(longestHeading + 1)))
            loweredPrefix = prefix
            return prefix
        }
        let loweredBytes: [UInt8]?
        if let latin {
            loweredBytes = latin.bytes
        } else {
            let prefix = lowered()
            loweredBytes = prefix.unicodeScalars.allSatisfy(TextNormalizer.isPlain) ? Array(prefix.utf8) : nil
        }
        for entry in sectionKeys {
            if entry.once && seen.contains(entry.index) { continue }
            if let key, entry.keys.contains(key) { return HeadingMatch(section: entry.index, remainder: "") }
            for bare in entry.bareLowered
            where (loweredBytes?.starts(with: bare.bytes) ?? true) && lowered().hasPrefix(bare.text) {
                if let remainder = Self.remainder(
                    of: line, afterCharacters: bare.count, inline: entry.inline)
                {
                    return HeadingMatch(section: entry.index, remainder: remainder)
                }
            }
        }
        guard !sectionPatterns.isEmpty else { return nil }
        let probe = LabelProbe(line)
        let range = NSRange(line.startIndex..., in: line)
        for entry in sectionPatterns where probe.mayContain(entry.anchor) {
            if entry.once && seen.contains(entry.index) { continue }
            if let match = entry.regex.firstMatch(in: line, range: range), match.range == range {
                return HeadingMatch(section: entry.index, remainder: "")
            }
        }
        return nil
    }

    /// A heading without surrounding spaces and trailing colons.
    static func bareHeading(_ heading: String) -> String {
        var bare = heading.trimmedWhitespaces()
        while bare.hasSuffix(":") { bare.removeLast() }
        return bare
    }

    /// The text after a heading of `count` characters that `line` starts with:
    /// "Beschlussvorschlag: Der Rat ..." → "Der Rat ..."; with `inline`, also "Heading rest".
    static func remainder(of line: String, afterCharacters count: Int, inline: Bool) -> String? {
        let rest = line.dropFirst(count)
        guard let first = rest.first else { return nil }
        if first == ":" { return rest.dropFirst().trimmedWhitespaces() }
        if inline && (first == " " || first == "\t") { return rest.trimmedWhitespaces() }
        return nil
    }

    // MARK: Beratungsfolge columns

    /// The column kinds printed in one header cell, left to right, when the cell consists only of
    /// column headers ("Datum Gremium" → [date, organization]). Nil when anything else is in it.
    func columnKinds(inHeaderCell text: String) -> [ColumnKind]? {
        // A header cell holds a few column names: anything long is data.
        // (80 UTF-8 bytes are never more than 80 characters: most cells are not counted.)
        guard text.utf8.count <= 80 || text.count <= 80 else { return nil }
        let collapsed = TextNormalizer.collapseSpaces(text)
        // The first word decides before the cell is split into words: in plain text, up to the
        // first space byte (a space there is a character of its own).
        let first: Substring
        if collapsed.unicodeScalars.allSatisfy(TextNormalizer.isPlain) {
            first = collapsed[..<(collapsed.utf8.firstIndex(of: UInt8(ascii: " ")) ?? collapsed.endIndex)]
        } else {
            first = collapsed.split(separator: " ", maxSplits: 1).first ?? ""
        }
        guard !first.isEmpty, columnFirstWordKeys.contains(TextNormalizer.matchKey(String(first))) else { return nil }
        let words = TextNormalizer.words(collapsed)
        guard words.count <= 12 else { return nil }
        var kinds: [ColumnKind] = []
        var index = 0
        outer: while index < words.count {
            for length in stride(from: min(4, words.count - index), through: 1, by: -1) {
                let key = TextNormalizer.matchKey(words[index..<(index + length)].joined(separator: " "))
                if let kind = columnKindByKey[key] {
                    kinds.append(kind)
                    index += length
                    continue outer
                }
            }
            return nil
        }
        return kinds.isEmpty ? nil : kinds
    }

    // MARK: Values

    /// Normalizes a printed role. Unknown roles come back raw with `known == false`.
    func role(_ raw: String) -> (role: String, authoritative: Bool, known: Bool) {
        let key = TextNormalizer.matchKey(raw)
        if let spec = roleByKey[key] { return (spec.role, spec.authoritative ?? false, true) }
        return (TextNormalizer.collapseSpaces(raw), false, false)
    }

    func isRole(_ text: String) -> Bool { roleByKey[TextNormalizer.matchKey(text)] != nil }

    /// The longest known role at the end of `text`, with the text before it.
    func trailingRole(in text: String) -> (head: String, role: String)? {
        let words = TextNormalizer.words(text)
        for count in stride(from: min(5, words.count), through: 1, by: -1) {
            let tail = words.suffix(count).joined(separator: " ")
            if isRole(tail) { return (words.dropLast(count).joined(separator: " "), tail) }
        }
        return nil
    }

    /// The longest known role at the start of `text`, with the text after it.
    func leadingRole(in text: String) -> (role: String, tail: String)? {
        let words = TextNormalizer.words(text)
        for count in stride(from: min(5, words.count), through: 1, by: -1) {
            let head = words.prefix(count).joined(separator: " ")
            if isRole(head) { return (head, words.dropFirst(count).joined(separator: " ")) }
        }
        return nil
    }

    /// true / false for the public vocabulary, nil otherwise.
    func publicFlag(_ text: String) -> Bool? {
        let key = TextNormalizer.matchKey(text)
        if publicKeys.contains(key) { return true }
        if nonPublicKeys.contains(key) { return false }
        return nil
    }

    /// True for a cross ("x", "☒"), false for an empty box ("☐"), nil for anything else.
    func mark(_ text: String) -> Bool? {
        let key = TextNormalizer.matchKey(text)
        if markKeys.contains(key) { return true }
        if emptyMarkKeys.contains(key) { return false }
        return nil
    }

    /// The code of a printed result, when the result vocabulary knows it.
    func resultCode(_ text: String) -> String? { results?.code(for: text) }

    /// A printed result at the end of `text` ("Hauptausschuss vorberaten" → "vorberaten"): the
    /// longest tail of at most `maximumResultWords` words that is exactly a phrase of the result
    /// vocabulary, with the text before it.
    func trailingResult(in text: String) -> (head: String, result: String)? {
        guard let results else { return nil }
        let words = TextNormalizer.words(text)
        for count in stride(from: min(Self.maximumResultWords, words.count), through: 1, by: -1) {
            let tail = words.suffix(count).joined(separator: " ")
            if results.exactCode(for: tail) != nil { return (words.dropLast(count).joined(separator: " "), tail) }
        }
        return nil
    }

    /// True when `text` is exactly a phrase of the result vocabulary.
    func isResult(_ text: String) -> Bool { results?.exactCode(for: text) != nil }

    /// The longest printed result the parser looks for at a line end.
    static let maximumResultWords = 4

    func isAgendaItemNumber(_ text: String) -> Bool {
        guard let regex = agendaItemRegex else { return false }
        let range = NSRange(text.startIndex..., in: text)
        return regex.firstMatch(in: text, range: range)?.range == range
    }
}

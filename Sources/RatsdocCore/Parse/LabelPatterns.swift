import Foundation

/// A profile's field labels as regular expressions, tried on a row only where they can match.
///
/// A header row is searched for every label of its profile (dozens), and ICU's matcher costs
/// thousands of instructions a label even where the label is absent. Each label therefore has an
/// anchor: its longest run of ASCII letters ("Vorlage Nr." → "vorlage"). In a row whose text is
/// ``LabelProbe/isSimple`` a case-insensitive match of the label must contain the anchor letter
/// for letter, ASCII case aside, so a byte search rules most labels out before the regex runs.
/// Each regex is compiled the first time its anchor is found: a profile whose labels never
/// occur in a batch never compiles them.
///
/// A label's regex is its text alone; the word boundaries around it (``Vocabulary/labelStart``,
/// ``Vocabulary/labelEnd``: no letter or digit before, no letter after one that ends in a letter)
/// are checked on each match, and a match that fails them is searched again one character
/// further on, which finds what the regex with the boundaries as lookarounds finds (a label's
/// match at a position has one extent: its spaces run up to the next literal). Compiling a
/// Unicode letter class into every label cost ICU about 800,000 instructions a label; the two
/// classes are compiled once per process here (``boundaryBefore``, ``boundaryAfter``).
struct LabelPatterns: Sendable {
    struct Label {
        var field: String
        /// The label's text as a regex, without boundaries.
        var pattern: String
        /// The label ends in a letter: no letter may follow it.
        var endsInLetter: Bool
        /// Lower-case ASCII letters every match contains (nil: the label has none of two or more).
        var anchor: [UInt8]?
    }

    let labels: [Label]

    /// Runs shorter than this many letters are no anchor (too common to rule anything out).
    static let shortestAnchor = 2

    /// `labels` in the order they are tried (longest first); `pattern` makes a label's regex
    /// (without boundaries).
    init(_ labels: [(field: String, label: String)], pattern: (String) -> String) {
        self.labels = labels.map { field, label in
            Label(
                field: field, pattern: pattern(label), endsInLetter: label.last?.isLetter == true,
                anchor: Self.anchor(of: label))
        }
    }

    /// What may not stand before a label: a letter, a digit, or U+0345 (see ``Vocabulary/labelStart``).
    static let boundaryBefore = try? NSRegularExpression(pattern: #"[\p{L}\p{N}\x{0345}]"#)
    /// What may not follow a label that ends in a letter (see ``Vocabulary/labelEnd``).
    static let boundaryAfter = try? NSRegularExpression(pattern: #"[\p{L}\x{0345}]"#)

    /// The UTF-16 range of the code point that ends right before `offset` (or starts at it).
    static func codePoint(in text: NSString, endingAt offset: Int) -> NSRange {
        if offset >= 2, UTF16.isTrailSurrogate(text.character(at: offset - 1)),
            UTF16.isLeadSurrogate(text.character(at: offset - 2))
        {
            return NSRange(location: offset - 2, length: 2)
        }
        return NSRange(location: offset - 1, length: 1)
    }

    static func codePoint(in text: NSString, startingAt offset: Int) -> NSRange {
        if offset + 1 < text.length, UTF16.isLeadSurrogate(text.character(at: offset)),
            UTF16.isTrailSurrogate(text.character(at: offset + 1))
        {
            return NSRange(location: offset, length: 2)
        }
        return NSRange(location: offset, length: 1)
    }

    /// Whether `match` of `label` in `text` stands between word boundaries.
    static func hasBoundaries(_ match: NSRange, of label: Label, in text: String, _ nsText: NSString) -> Bool {
        if match.location > 0, let before = boundaryBefore,
            before.firstMatch(in: text, range: codePoint(in: nsText, endingAt: match.location)) != nil
        {
            return false
        }
        let end = match.location + match.length
        if label.endsInLetter, end < nsText.length, let after = boundaryAfter,
            after.firstMatch(in: text, range: codePoint(in: nsText, startingAt: end)) != nil
        {
            return false
        }
        return true
    }

    /// The longest run of ASCII letters in `label`, lower-cased (the first of equal length).
    static func anchor(of label: String) -> [UInt8]? {
        var best: [UInt8] = []
        var run: [UInt8] = []
        for byte in label.utf8 {
            if let letter = LabelProbe.asciiLetterLowered(byte) {
                run.append(letter)
            } else {
                if run.count > best.count { best = run }
                run.removeAll(keepingCapacity: true)
            }
        }
        if run.count > best.count { best = run }
        return best.count >= shortestAnchor ? best : nil
    }

    /// The anchor of a regular expression: the longest run of ASCII letters in the literal text it
    /// starts with ("^Antrag an (den|die)…" → "antrag"), which every match holds. Nil where the
    /// pattern has an alternative at its top level ("a|b"), quotes (\Q…\E) or comments, starts
    /// with anything but literal letters, digits and spaces, or its literal start holds no run of
    /// two letters. A letter followed by a quantifier is not literal.
    static func anchor(ofPattern pattern: String) -> [UInt8]? {
        // Quoted text and comments hide what they hold from the scan below: no anchor.
        guard !pattern.contains("\\Q"), !pattern.contains("(?#") else { return nil }
        let bytes = Array(pattern.utf8)
        // An alternative at depth 0 makes the start optional.
        var depth = 0
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 1
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"): depth -= 1
            case UInt8(ascii: "|") where depth <= 0: return nil
            case UInt8(ascii: "["):
                // A class ends at the first "]" after its first member; escapes skip a byte.
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "^") { index += 1 }
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1 }
                while index < bytes.count, bytes[index] != UInt8(ascii: "]") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    index += 1
                }
            default: break
            }
            index += 1
        }
        var literal: [UInt8] = []
        var position = bytes.first == UInt8(ascii: "^") ? 1 : 0
        while position < bytes.count {
            let byte = bytes[position]
            let isLiteral =
                LabelProbe.asciiLetterLowered(byte) != nil || byte == UInt8(ascii: " ")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            guard isLiteral else {
                if !literal.isEmpty,
                    [UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "{")].contains(byte)
                {
                    literal.removeLast()
                }
                break
            }
            literal.append(byte)
            position += 1
        }
        return anchor(of: String(decoding: literal, as: UTF8.self))
    }

    /// The compiled regex of label `index` (case-insensitive, compiled once per process by
    /// ``CompiledPatterns``); nil when it does not compile.
    func regex(_ index: Int) -> NSRegularExpression? {
        CompiledPatterns.shared.regex(labels[index].pattern, caseInsensitive: true)
    }

    /// Every label match in `text`, as the regexes alone would find them: labels in order, a
    /// match dropped where it overlaps one found before. Sorted by position.
    func matches(in text: String) -> [(range: NSRange, field: String)] {
        let probe = LabelProbe(text)
        let nsText = text as NSString
        let length = nsText.length
        var found: [(range: NSRange, field: String)] = []
        for (index, label) in labels.enumerated() where probe.mayContain(label.anchor) {
            guard let regex = regex(index) else { continue }
            var start = 0
            while start < length,
                let match = regex.firstMatch(in: text, range: NSRange(location: start, length: length - start))?.range
            {
                guard Self.hasBoundaries(match, of: label, in: text, nsText) else {
                    // The lookbehind would have failed here: the next try starts one code point on.
                    start = match.location + Self.codePoint(in: nsText, startingAt: match.location).length
                    continue
                }
                if !found.contains(where: { NSIntersectionRange($0.range, match).length > 0 }) {
                    found.append((match, label.field))
                }
                start = match.location + max(match.length, 1)
            }
        }
        found.sort { $0.range.location < $1.range.location }
        return found
    }
}

/// The bytes of a text with ASCII letters lower-cased, and what its scalars allow to conclude
/// from a byte search (see ``LabelPatterns``).
struct LabelProbe {
    private(set) var lowered: [UInt8]
    /// Every scalar is below U+0100 or in ``TextNormalizer/plainBlocks``: none of them folds to
    /// an ASCII letter under Unicode case folding except the letters themselves and "ß" (to "ss").
    private(set) var isSimple = true
    /// The text holds "ß", which matches "ss" case-insensitively.
    private(set) var hasSharpS = false

    init(_ text: String) {
        lowered = Array(text.utf8)
        for index in lowered.indices {
            if let letter = Self.asciiLetterLowered(lowered[index]) { lowered[index] = letter }
        }
        for scalar in text.unicodeScalars where scalar.value >= 0x80 {
            if scalar.value == 0xDF { hasSharpS = true }
            // Latin Extended (U+0100–U+02FF) holds "ſ", "İ" and "ŉ", which fold to ASCII letters.
            if scalar.value >= 0x100 && (scalar.value < 0x300 || !TextNormalizer.isPlain(scalar)) {
                isSimple = false
                break
            }
        }
    }

    /// False only when a case-insensitive match containing `anchor` cannot be in the text.
    func mayContain(_ anchor: [UInt8]?) -> Bool {
        guard let anchor, isSimple else { return true }
        if hasSharpS, ByteSearch.contains(anchor[...], [UInt8(ascii: "s"), UInt8(ascii: "s")]) { return true }
        return ByteSearch.contains(lowered[...], anchor)
    }

    static func asciiLetterLowered(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 32
        default: nil
        }
    }
}

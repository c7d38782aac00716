import Foundation

/// Text clean-up shared by every stage: Unicode normalization and German line joining.
public enum TextNormalizer {
    /// Normalizes one line of extracted text:
    /// - ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) are expanded;
    /// - NBSP and the other Unicode space characters become plain spaces, tabs are kept;
    /// - soft hyphens, zero-width characters, BOMs and control characters are dropped;
    /// - the result is NFC.
    ///
    /// Check-box glyphs (☐ ☒ ☑) and an "X" mark are ordinary characters and are kept.
    public static func normalize(_ text: String) -> String {
        // Most lines are already clean: ASCII, Latin-1 letters, dashes, quotes, € and boxes. Such a
        // line comes back as it is, and a line that only needs scalars mapped skips Foundation's
        // NFC, which cannot change a string of plain scalars (see ``isPlain(_:)``).
        var needsMapping = false
        var needsComposition = false
        for scalar in text.unicodeScalars where scalar.value < 0x20 || scalar.value >= 0x7F {
            if !isKept(scalar) { needsMapping = true }
            if !isPlain(scalar) {
                needsComposition = true
                break
            }
        }
        guard needsMapping || needsComposition else { return text }
        var output = String.UnicodeScalarView()
        output.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            appendNormalized(scalar, to: &output)
        }
        let mapped = String(output)
        return needsComposition ? mapped.precomposedStringWithCanonicalMapping : mapped
    }

    /// True when ``appendNormalized(_:to:)`` appends `scalar` itself (it is neither dropped nor replaced).
    static func isKept(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: true
        case 0x00...0x1F, 0x7F...0x9F, 0xA0, 0xAD, 0x1680, 0x2000...0x200D, 0x2010, 0x2011, 0x202F, 0x205F, 0x2060,
            0x3000, 0xFB00...0xFB06, 0xFEFF:
            false
        default: true
        }
    }

    /// Blocks of scalars that are plain: below U+0300 (Latin up to the combining marks), general
    /// punctuation from U+2010 (dashes, quotes, bullets), currency signs, arrows and technical
    /// symbols, box drawing to dingbats (☐ ☒), and the private use area (symbol-font bullets).
    static let plainBlocks: [ClosedRange<UInt32>] = [
        0x2010...0x205F, 0x20A0...0x20C0, 0x2190...0x2328, 0x232B...0x23FF, 0x2500...0x27BF, 0xE000...0xF8FF,
    ]

    /// True for a plain scalar (``plainBlocks``, or below U+0300): it is its own NFC (no canonical
    /// decomposition that NFC keeps apart, combining class 0, never the second half of a
    /// composition), and it never shares a grapheme cluster with a space or tab beside it (no
    /// combining mark, joiner or prepended mark). A string of plain scalars is therefore NFC,
    /// and its spaces and tabs are characters of their own. Checked scalar by scalar in
    /// `TextNormalizerTests`.
    @inline(__always)
    static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x300 { return true }
        if value < plainBlocks[0].lowerBound { return false }
        return plainBlocks.contains { $0.contains(value) }
    }

    /// Appends the normalized form of one scalar (see ``normalize(_:)``), without NFC composition.
    public static func appendNormalized(_ scalar: Unicode.Scalar, to output: inout String.UnicodeScalarView) {
        switch scalar.value {
        case 0x09: output.append(scalar)
        case 0x0A, 0x0D: output.append(" ")
        case 0x00...0x1F, 0x7F...0x9F: break
        case 0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: break
        case 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: output.append(" ")
        case 0xFB00: output.append(contentsOf: "ff".unicodeScalars)
        case 0xFB01: output.append(contentsOf: "fi".unicodeScalars)
        case 0xFB02: output.append(contentsOf: "fl".unicodeScalars)
        case 0xFB03: output.append(contentsOf: "ffi".unicodeScalars)
        case 0xFB04: output.append(contentsOf: "ffl".unicodeScalars)
        case 0xFB05, 0xFB06: output.append(contentsOf: "st".unicodeScalars)
        case 0x2010, 0x2011: output.append("-")
        default: output.append(scalar)
        }
    }

    /// Collapses runs of spaces into one and trims the ends.
    public static func collapseSpaces(_ text: String) -> String {
        // Byte by byte over the UTF-8, which equals character by character as long as every space
        // or tab stands between plain scalars (``isPlain(_:)``): then it is a character of its own.
        // Only the scalars beside a space are decoded; the text between spaces is copied whole.
        var source = text
        // Most lines have nothing to collapse: no tab, no two spaces in a row, no space at either
        // end. They come back as they are (every space in them is kept, whatever stands beside it).
        let unchanged = source.withUTF8 { bytes -> Bool in
            guard let first = bytes.first, let last = bytes.last else { return true }
            if first == 0x20 || last == 0x20 { return false }
            var previous: UInt8 = 0
            for byte in bytes {
                if byte == 0x09 || (byte == 0x20 && previous == 0x20) { return false }
                previous = byte
            }
            return true
        }
        if unchanged { return text }
        let collapsed: String? = source.withUTF8 { bytes in
            var result = [UInt8]()
            result.reserveCapacity(bytes.count)
            var runStart = -1  // where the current text between spaces starts; -1: in spaces
            var lastScalarStart = -1  // the last scalar of that text
            var afterSpace = false
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x20 || byte == 0x09 {
                    if runStart >= 0 {
                        if !isPlain(Self.scalar(in: bytes, at: lastScalarStart)) { return nil }
                        if !result.isEmpty { result.append(0x20) }
                        result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                        runStart = -1
                    }
                    afterSpace = true
                    index += 1
                    continue
                }
                if runStart < 0 {
                    if afterSpace, !isPlain(Self.scalar(in: bytes, at: index)) { return nil }
                    runStart = index
                }
                if byte < 0x80 || byte >= 0xC0 { lastScalarStart = index }
                afterSpace = false
                index += 1
            }
            if runStart >= 0 {
                if !result.isEmpty { result.append(0x20) }
                result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
            }
            return String(decoding: result, as: UTF8.self)
        }
        return collapsed ?? collapseSpacesByCharacter(text)
    }

    /// Whether every scalar of valid UTF-8 `bytes` is plain (``isPlain(_:)``). Scalars below
    /// U+0300 (plain) have lead bytes below 0xCC, and continuation bytes lie below it too: only
    /// scalars whose lead byte is 0xCC or more are decoded.
    static func isPlainUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            guard lead >= 0xCC else {
                index += 1
                continue
            }
            guard isPlain(scalar(in: bytes, at: index)) else { return false }
            index += lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        }
        return true
    }

    /// The scalar whose UTF-8 starts at `start` (the buffer holds valid UTF-8, as a String's does).
    @inline(__always)
    private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Unicode.Scalar {
        let lead = UInt32(bytes[start])
        func continuation(_ offset: Int) -> UInt32 {
            start + offset < bytes.count ? UInt32(bytes[start + offset]) & 0x3F : 0
        }
        let value: UInt32
        switch lead {
        case ..<0x80: value = lead
        case ..<0xE0: value = (lead & 0x1F) << 6 | continuation(1)
        case ..<0xF0: value = (lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2)
        default: value = (lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3)
        }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// ``collapseSpaces(_:)`` character by character, for text where a space may be part of a
    /// larger grapheme cluster (a space followed by a combining mark is not a space).
    static func collapseSpacesByCharacter(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text {
            if character == " " || character == "\t" {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    /// Words after a line-end hyphen that show the hyphen is a German elision ("Bau- und
    /// Umweltausschuss"), not a word broken at the line end.
    static let elisionConjunctions: Set<String> = [
        "und", "oder", "bzw", "bzw.", "sowie", "bis", "als", "noch", "wie", "u.", "o.", "resp.",
    ]

    /// Joins physical lines into one paragraph, with German line-end de-hyphenation:
    /// - "Wal-" + "denserschule" → "Waldenserschule" (lower-case continuation: a word break);
    /// - "Bau-" + "und Umweltausschuss" → "Bau- und Umweltausschuss" (elision before a conjunction);
    /// - "Heinz-" + "Barth-Schule" → "Heinz-Barth-Schule" (upper-case or digit continuation: a real hyphen);
    /// - "Personal-/" + "Sachaufwand" → "Personal-/ Sachaufwand";
    /// - a line ending in a soft hyphen joins without one.
    /// Other lines are joined with one space. Umlauts and ß count as letters throughout.
    public static func joinLines(_ lines: [String]) -> String {
        var result = ""
        for raw in lines {
            let line = collapseSpaces(raw)
            if line.isEmpty { continue }
            if result.isEmpty {
                result = line
                continue
            }
            result = join(result, line)
        }
        return result
    }

    /// Joins `next` onto `text` following the rules of ``joinLines(_:)``.
    public static func join(_ text: String, _ next: String) -> String {
        guard let last = text.last, let first = next.first else { return text + next }
        if last == "\u{AD}" { return String(text.dropLast()) + next }
        // A subscript that an extractor put on a line of its own: "CO" + "2" + "-Relevanz".
        if next.count <= 2, next.allSatisfy(\.isNumber), last.isUppercase { return text + next }
        if first == "-", next.dropFirst().first?.isLetter == true, last.isNumber || last.isLetter, !text.hasSuffix(" ")
        {
            return text + next
        }
        guard last == "-" else { return text + " " + next }
        let beforeHyphen = text.dropLast().last
        guard let before = beforeHyphen, before.isLetter else {
            // A free-standing dash ("+ Verbesserung / -" + "Verschlechterung") keeps its space.
            if let before = beforeHyphen, before == " " { return text + " " + next }
            // "2025-" + "2026", "/-": keep the hyphen, no space.
            return text + next
        }
        let firstWord = next.prefix { !$0.isWhitespace }.lowercased()
        if elisionConjunctions.contains(firstWord) || firstWord.hasPrefix(",") {
            return text + " " + next
        }
        if first.isLowercase {
            return String(text.dropLast()) + next
        }
        // Upper case, digit or symbol after the hyphen: a compound written with a hyphen.
        return text + next
    }

    /// Repairs words broken at a line end that an extractor already joined with a space:
    /// "Fortgeschriebe- ner Ansatz" → "Fortgeschriebener Ansatz", "Folgekos- ten" → "Folgekosten".
    /// Elisions ("Schul- und Sportamt", "Bau- bzw. Planungsrecht") and "Personal-/ Sachaufwand" are kept.
    public static func dehyphenateInline(_ text: String) -> String {
        // The byte search rules out most lines; Foundation's search (which compares characters)
        // decides the rest.
        guard containsBytes(text, "- "), text.contains("- ") else { return text }
        var words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var index = 0
        while index + 1 < words.count {
            let word = words[index]
            let next = words[index + 1]
            if word.count >= 3, word.hasSuffix("-"), let before = word.dropLast().last, before.isLetter,
                let first = next.first, first.isLowercase,
                !elisionConjunctions.contains(next.lowercased())
            {
                words[index] = String(word.dropLast()) + next
                words.remove(at: index + 1)
                continue
            }
            index += 1
        }
        return words.joined(separator: " ")
    }

    /// Calls `body` with the scalars of `scalar.properties.lowercaseMapping`, which is what
    /// `String.lowercased()` appends for each scalar; ASCII and Latin-1 are mapped directly.
    @inline(__always)
    public static func appendLowercased(_ scalar: Unicode.Scalar, _ body: (Unicode.Scalar) -> Void) {
        let value = scalar.value
        switch value {
        case 0x41...0x5A, 0xC0...0xD6, 0xD8...0xDE:
            body(Unicode.Scalar(UInt8(truncatingIfNeeded: value + 0x20)))
        case 0x00...0xFF:
            body(scalar)
        default:
            for lower in scalar.properties.lowercaseMapping.unicodeScalars { body(lower) }
        }
    }

    /// `text.lowercased()`, scalar by scalar (``appendLowercased(_:_:)``): the same string, without
    /// the standard library's slow path for text beyond ASCII.
    public static func lowercased(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            appendLowercased(scalar) { lower in
                if lower.value < 0x80 {
                    output.append(UInt8(truncatingIfNeeded: lower.value))
                } else {
                    UTF8.encode(lower) { output.append($0) }
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// For text whose scalars all lie below U+0100 and which holds no carriage return: its UTF-8
    /// lower-cased (what `lowercased()` gives, byte for byte) and its number of characters (each
    /// scalar is one). Nil for any other text.
    public static func latin1Lowered(_ text: String) -> (bytes: [UInt8], characters: Int)? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var characters = 0
        var lead: UInt8 = 0
        for byte in text.utf8 {
            if lead != 0 {
                // À–Þ (U+00C0–U+00DE) but × (U+00D7) lower-case to U+00E0–U+00FE.
                let upper = lead == 0xC3 && byte >= 0x80 && byte <= 0x9E && byte != 0x97
                bytes.append(upper ? byte + 0x20 : byte)
                lead = 0
                continue
            }
            switch byte {
            case 0x0D: return nil
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 0x20)
            case ..<0x80: bytes.append(byte)
            case 0xC2, 0xC3:
                bytes.append(byte)
                lead = byte
            default: return nil
            }
            characters += 1
        }
        return (bytes, characters)
    }

    /// `text.split(separator: " ").map(String.init)`: the words between spaces. In plain text
    /// (every scalar ``isPlain(_:)``, so every space a character of its own) split at the space
    /// bytes, without walking the characters.
    public static func words(_ text: String) -> [String] {
        guard text.unicodeScalars.allSatisfy(isPlain) else { return text.split(separator: " ").map(String.init) }
        return text.utf8.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the UTF-8 bytes of `needle` occur in those of `text`. Unlike Foundation's
    /// `contains`, which compares characters, this can be true where `needle` ends inside a
    /// character of `text` (before a combining mark); never false where Foundation finds it.
    public static func containsBytes(_ text: String, _ needle: String) -> Bool {
        var text = text
        var needle = needle
        return text.withUTF8 { haystack in needle.withUTF8 { ByteSearch.contains(haystack, $0) } }
    }

    /// A comparison key for labels, headings and column headers: NFC, lower case, inline
    /// hyphenation repaired, whitespace removed, trailing colons dropped. "Ö / N" and "ö/n" match.
    public static func matchKey(_ text: String) -> String {
        asciiMatchKey(text) ?? generalMatchKey(text)
    }

    /// ``matchKey(_:)`` of printable ASCII text (tabs allowed), where normalizing changes nothing
    /// and lower-casing and dropping whitespace are one pass over the bytes; nil for other text.
    static func asciiMatchKey(_ text: String) -> String? {
        guard text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }) else { return nil }
        let cleaned = dehyphenateInline(collapseSpaces(text))
        var key: [UInt8] = []
        key.reserveCapacity(cleaned.utf8.count)
        for byte in cleaned.utf8 {
            switch byte {
            case 0x09, 0x20: continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): key.append(byte + 0x20)
            default: key.append(byte)
            }
        }
        while key.last == UInt8(ascii: ":") { key.removeLast() }
        return String(decoding: key, as: UTF8.self)
    }

    /// ``matchKey(_:)`` of any text.
    static func generalMatchKey(_ text: String) -> String {
        let cleaned = dehyphenateInline(collapseSpaces(normalize(text)))
        var key = removingWhitespace(cleaned.lowercased())
        while key.hasSuffix(":") { key.removeLast() }
        return key
    }

    /// `text` without its whitespace characters. In a string of plain scalars (``isPlain(_:)``)
    /// every whitespace scalar is a character of its own, so the scalars are filtered directly.
    static func removingWhitespace(_ text: String) -> String {
        guard text.unicodeScalars.allSatisfy(isPlain) else { return String(text.filter { !$0.isWhitespace }) }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isWhitespace(scalar) { scalars.append(scalar) }
        return String(scalars)
    }

    /// `scalar.properties.isWhitespace`, answered without the property table (about 300
    /// instructions a call) for ASCII and Latin-1: there only U+0009–U+000D, U+0020, U+0085 and
    /// U+00A0 are whitespace.
    @inline(__always)
    public static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0: true
        case 0x00...0xFF: false
        default: scalar.properties.isWhitespace
        }
    }
}

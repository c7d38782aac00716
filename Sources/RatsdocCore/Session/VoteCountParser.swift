import Foundation

/// Reads vote counts from a TOP result text:
/// "10 Ja-Stimmen, 13 Nein-Stimmen, 1 Enthaltung", "Einstimmige Zustimmung (45 Ja)",
/// "einstimmig, ohne Enthaltung", "Einstimmig15-Ja-Stimmen, 0 Nein-Stimmen, 0 Enthaltungen".
///
/// Returns nil when the text gives no count and no "einstimmig", and when it gives more than
/// one count of the same kind (several votes in one text, "a) … b) …"): those stay raw text only.
/// Flattened vote tables ("JaNeinEnthaltungBM1CDU…Gesamt2331") are not read: the digits cannot
/// be split safely.
public enum VoteCountParser {
    public static func parse(_ text: String) -> VoteCount? {
        // Fast exit: no digit and no "einstimmig" means nothing to read.
        let hasDigit = text.utf8.contains { (0x30...0x39).contains($0) }
        guard
            hasDigit || containsASCIICaseInsensitive(text, "instimmig")
                || containsASCIICaseInsensitive(text, "nthaltung")
        else { return nil }
        let folded = ValueVocabulary.fold(text)
        if folded.contains("janeinenthaltung") { return nil }
        var yes: [Int] = []
        var no: [Int] = []
        var abstain: [Int] = []
        let tokens = tokenize(folded)
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard case .number(let count) = tokens[index], index + 1 < tokens.count,
                case .word(let word) = tokens[index + 1]
            else { continue }
            switch kind(of: word) {
            case .yes: yes.append(count)
            case .no: no.append(count)
            case .abstain: abstain.append(count)
            case nil: continue
            }
        }
        // "ohne Enthaltung(en)", "keine Enthaltung(en)"
        for (offset, token) in tokens.enumerated() where offset + 1 < tokens.count {
            guard case .word(let word) = token, word == "ohne" || word == "keine",
                case .word(let next) = tokens[offset + 1], kind(of: next) == .abstain
            else { continue }
            abstain.append(0)
        }
        let unanimous = folded.contains("einstimmig") || folded.contains("einstimmige")
        guard yes.count <= 1, no.count <= 1, abstain.count <= 1 else { return nil }
        guard unanimous || !yes.isEmpty || !no.isEmpty || !abstain.isEmpty else { return nil }
        return VoteCount(yes: yes.first, no: no.first, abstain: abstain.first, unanimous: unanimous ? true : nil)
    }

    /// Byte search, ASCII letters compared case-insensitively; `needle` is lower-case ASCII.
    static func containsASCIICaseInsensitive(_ text: String, _ needle: String) -> Bool {
        let needleBytes = Array(needle.utf8)
        var matched = 0
        var start = 0
        let bytes = Array(text.utf8)
        while start + needleBytes.count <= bytes.count {
            matched = 0
            while matched < needleBytes.count {
                let byte = bytes[start + matched]
                let lower = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
                if lower != needleBytes[matched] { break }
                matched += 1
            }
            if matched == needleBytes.count { return true }
            start += 1
        }
        return false
    }

    private enum Token: Equatable {
        case number(Int)
        case word(String)
    }

    private enum Kind { case yes, no, abstain }

    private static func kind(of word: String) -> Kind? {
        switch word {
        case "ja", "ja-stimme", "ja-stimmen", "jastimme", "jastimmen", "dafür", "für": .yes
        case "nein", "nein-stimme", "nein-stimmen", "neinstimme", "neinstimmen", "gegenstimme", "gegenstimmen",
            "dagegen":
            .no
        case "enthaltung", "enthaltungen", "stimmenthaltung", "stimmenthaltungen": .abstain
        default: nil
        }
    }

    /// Splits into numbers and words (letters and inner hyphens); "15-Ja-Stimmen" → 15, "ja-stimmen".
    private static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var digits = ""
        var word = ""
        func flush() {
            if !digits.isEmpty, let value = Int(digits), digits.count <= 6 { tokens.append(.number(value)) }
            digits = ""
            let trimmed = word.trimmingHyphens()
            if !trimmed.isEmpty { tokens.append(.word(trimmed)) }
            word = ""
        }
        for character in text {
            if character.isASCII, character.isNumber {
                if !word.isEmpty { flush() }
                digits.append(character)
            } else if character.isLetter || (character == "-" && !word.isEmpty) {
                if !digits.isEmpty { flush() }
                word.append(character)
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }
}

extension String {
    fileprivate func trimmingHyphens() -> String {
        var slice = Substring(self)
        while slice.hasPrefix("-") { slice = slice.dropFirst() }
        while slice.hasSuffix("-") { slice = slice.dropLast() }
        return String(slice)
    }
}

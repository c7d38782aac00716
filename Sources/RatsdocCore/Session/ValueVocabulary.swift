import Foundation
import Yams

/// A table that maps raw strings (a TOP result, a Beratungsfolge role) to normalized codes.
///
/// Loaded from YAML (`Pipelines/vocabulary/results.yml`, `roles.yml`):
/// ```yaml
/// name: results
/// entries:
///   - code: approvedUnchanged
///     match: ["ungeändert beschlossen", "unverändert beschlossen"]
/// ```
/// Matching folds case and whitespace (inputs are expected in NFC, as the readers produce them). An exact match of any entry wins; otherwise the first
/// entry (in file order) with a phrase contained in the text as whole words wins, so list
/// specific phrases before general ones.
public struct ValueVocabulary: Hashable, Sendable, Codable {
    public struct Entry: Hashable, Sendable, Codable {
        public var code: String
        public var match: [String]

        public init(code: String, match: [String]) {
            self.code = code
            self.match = match
        }
    }

    public var name: String
    public var entries: [Entry] {
        didSet { index = Self.makeIndex(entries) }
    }
    /// Folded phrase → code for exact matches, and the word-folded phrases in entry order.
    private var index: Index

    private struct Index: Hashable, Sendable {
        var exact: [String: String]
        var words: [(phrase: String, code: String)]

        static func == (lhs: Index, rhs: Index) -> Bool { lhs.exact == rhs.exact }
        func hash(into hasher: inout Hasher) { hasher.combine(exact) }
    }

    public init(name: String, entries: [Entry]) {
        self.name = name
        self.entries = entries
        self.index = Self.makeIndex(entries)
    }

    enum CodingKeys: String, CodingKey { case name, entries }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            entries: try container.decode([Entry].self, forKey: .entries))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(entries, forKey: .entries)
    }

    private static func makeIndex(_ entries: [Entry]) -> Index {
        var exact: [String: String] = [:]
        var words: [(String, String)] = []
        for entry in entries {
            for phrase in entry.match {
                let folded = fold(phrase)
                if exact[folded] == nil { exact[folded] = entry.code }
                let wordFolded = fold(phrase, keepingWordsOnly: true)
                if !wordFolded.isEmpty { words.append((" " + wordFolded + " ", entry.code)) }
            }
        }
        return Index(exact: exact, words: words)
    }

    /// Decodes a vocabulary from YAML text.
    /// - Throws: a decoding error when the YAML does not have the vocabulary shape.
    public init(yaml: String) throws {
        self = try YAMLDecoder().decode(ValueVocabulary.self, from: yaml)
    }

    /// Loads `<directory>/<name>.yml`.
    public init(contentsOf url: URL) throws {
        try self.init(yaml: String(contentsOf: url, encoding: .utf8))
    }

    /// The code for a raw string, or nil when no entry matches.
    public func code(for raw: String) -> String? {
        let text = Self.fold(raw)
        guard !text.isEmpty else { return nil }
        if let code = index.exact[text] { return code }
        let padded = " " + Self.fold(raw, keepingWordsOnly: true) + " "
        return index.words.first { padded.contains($0.phrase) }?.code
    }

    /// The code when `raw` is exactly one of the phrases (case and whitespace folded), else nil.
    public func exactCode(for raw: String) -> String? {
        index.exact[Self.fold(raw)]
    }

    /// Lower-cased, whitespace runs folded to one space, trimmed. With `keepingWordsOnly`,
    /// punctuation also becomes a space, so phrases match as whole words.
    static func fold(_ text: String, keepingWordsOnly: Bool = false) -> String {
        if let ascii = foldASCII(text, keepingWordsOnly: keepingWordsOnly) { return ascii }
        var output = String.UnicodeScalarView()
        var pendingSpace = false
        let lowered = text.lowercased()
        for scalar in lowered.unicodeScalars {
            let isSeparator: Bool
            if scalar.isASCII {
                let value = scalar.value
                let isWord =
                    (0x61...0x7A).contains(value) || (0x30...0x39).contains(value) || (0x41...0x5A).contains(value)
                isSeparator =
                    value == 0x20 || value == 0x09 || value == 0x0A || value == 0x0D
                    || (keepingWordsOnly && !isWord)
            } else {
                isSeparator =
                    scalar.properties.isWhitespace
                    || (keepingWordsOnly && !scalar.properties.isAlphabetic && scalar.properties.numericType == nil)
            }
            if isSeparator {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.append(" ") }
                pendingSpace = false
                output.append(scalar)
            }
        }
        return String(output)
    }

    /// ``fold(_:keepingWordsOnly:)`` on UTF-8 bytes for ASCII text; nil when the text is not ASCII.
    private static func foldASCII(_ text: String, keepingWordsOnly: Bool) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            let lower = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
            let isWord = (0x61...0x7A).contains(lower) || (0x30...0x39).contains(lower)
            let isSeparator =
                lower == 0x20 || lower == 0x09 || lower == 0x0A || lower == 0x0D || (keepingWordsOnly && !isWord)
            if isSeparator {
                pendingSpace = !bytes.isEmpty
            } else {
                if pendingSpace { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(lower)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

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
/// Matching folds case and whitespace. An exact match of any entry wins; otherwise the first
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
    public var entries: [Entry]

    public init(name: String, entries: [Entry]) {
        self.name = name
        self.entries = entries
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
        for entry in entries where entry.match.contains(where: { Self.fold($0) == text }) {
            return entry.code
        }
        let padded = " " + Self.fold(raw, keepingWordsOnly: true) + " "
        for entry in entries {
            for phrase in entry.match {
                let needle = " " + Self.fold(phrase, keepingWordsOnly: true) + " "
                if needle.count > 2, padded.contains(needle) { return entry.code }
            }
        }
        return nil
    }

    /// Lower-cased, NFC, whitespace runs folded to one space, trimmed. With `keepingWordsOnly`,
    /// punctuation also becomes a space, so phrases match as whole words.
    static func fold(_ text: String, keepingWordsOnly: Bool = false) -> String {
        var output = ""
        var pendingSpace = false
        for character in text.precomposedStringWithCanonicalMapping.lowercased() {
            let isSeparator =
                character.isWhitespace || (keepingWordsOnly && !character.isLetter && !character.isNumber)
            if isSeparator {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.append(" ") }
                pendingSpace = false
                output.append(character)
            }
        }
        return output
    }
}

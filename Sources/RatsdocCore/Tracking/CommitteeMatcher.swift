public import Foundation
import Yams

/// Tells when two spellings name one committee: "Ausschuss f. Umwelt und Gesundheit (AUG)", "AUG"
/// and "Ausschuss für Umwelt und Gesundheit" are one; so are "BV Mitte" and "Bezirksvertretung
/// Mitte". The rules are data (`Pipelines/vocabulary/committees.yml`): word expansions and alias
/// groups. The raw names are kept by the callers; a key is only for comparing.
public struct CommitteeMatcher: Sendable {
    /// A committee name reduced for comparison, with the abbreviation it was printed with.
    public struct Key: Hashable, Sendable {
        /// The folded, expanded name (or its alias group's first spelling).
        public var name: String
        /// The parenthesised abbreviation ("aug"), or the name itself when it is one word in capitals.
        public var abbreviation: String?
    }

    struct File: Decodable {
        var name: String?
        var expansions: [String: String]?
        var aliases: [[String]]?
    }

    private let expansions: [String: String]
    private let groups: [String: String]

    public init(expansions: [String: String] = [:], aliases: [[String]] = []) {
        var folded: [String: String] = [:]
        for (word, replacement) in expansions { folded[Self.fold(word)] = Self.fold(replacement) }
        self.expansions = folded
        var groups: [String: String] = [:]
        for group in aliases {
            let spellings = group.map { Self.expand(Self.fold($0), folded) }
            guard let first = spellings.first else { continue }
            for spelling in spellings where groups[spelling] == nil { groups[spelling] = first }
        }
        self.groups = groups
    }

    /// Reads `committees.yml`.
    /// - Throws: when the file is unreadable or not the expected YAML.
    public init(contentsOf url: URL) throws {
        let file = try YAMLDecoder().decode(File.self, from: String(contentsOf: url, encoding: .utf8))
        self.init(expansions: file.expansions ?? [:], aliases: file.aliases ?? [])
    }

    /// The matcher of a Pipelines folder: `vocabulary/committees.yml`, or plain folding without it.
    public static func load(pipelinesDirectory: URL) throws -> CommitteeMatcher {
        let url = pipelinesDirectory.appendingPathComponent("vocabulary/committees.yml")
        guard FileManager.default.fileExists(atPath: url.path) else { return CommitteeMatcher() }
        return try CommitteeMatcher(contentsOf: url)
    }

    public func key(_ raw: String) -> Key {
        var text = raw.precomposedStringWithCanonicalMapping
        var abbreviation: String?
        // "Ausschuss für Umwelt und Gesundheit (AUG)": the abbreviation is an alias.
        if let open = text.lastIndex(of: "("), let close = text[open...].firstIndex(of: ")"), close > open {
            let inner = text[text.index(after: open)..<close].trimmedWhitespaces()
            if Self.looksLikeAbbreviation(inner) {
                abbreviation = Self.fold(inner)
                text.removeSubrange(open...close)
            }
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if abbreviation == nil, trimmed.count <= 8, trimmed == trimmed.uppercased(), Self.looksLikeAbbreviation(trimmed)
        {
            abbreviation = Self.fold(trimmed)
        }
        let name = Self.expand(Self.fold(text), expansions)
        return Key(name: groups[name] ?? name, abbreviation: abbreviation)
    }

    /// True when `a` and `b` name one committee.
    public func matches(_ a: String, _ b: String) -> Bool { Self.same(key(a), key(b)) }

    /// Equal names match; so does a name written as the other's abbreviation ("AUG" and
    /// "Ausschuss für Umwelt und Gesundheit (AUG)"). Two full names that differ do not match
    /// because their abbreviations agree ("Bauausschuss (BA)", "Betriebsausschuss (BA)").
    public static func same(_ a: Key, _ b: Key) -> Bool {
        if !a.name.isEmpty, a.name == b.name { return true }
        if let abbreviation = a.abbreviation, abbreviation == b.name { return true }
        if let abbreviation = b.abbreviation, abbreviation == a.name { return true }
        return false
    }

    /// One word of at most 12 letters, digits or hyphens with a capital letter in it: "AUG", "PlA",
    /// "BV-Mitte"; not "neu" or "2020-2025".
    static func looksLikeAbbreviation(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 12
            && text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "-" }
            && text.unicodeScalars.contains { CharacterSet.uppercaseLetters.contains($0) }
    }

    /// Lower case, hyphens and punctuation as spaces, one space between words, "ß" kept.
    static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) { scalars.append(scalar) } else { scalars.append(" ") }
        }
        return String(scalars).split(separator: " ").joined(separator: " ")
    }

    static func expand(_ folded: String, _ expansions: [String: String]) -> String {
        folded.split(separator: " ").map { expansions[String($0)] ?? String($0) }.joined(separator: " ")
    }
}

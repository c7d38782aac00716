import Foundation

/// The parsers of a ``VorlageConverter``, one per profile, each built the first time a document
/// of its profile is parsed.
///
/// Building a parser compiles its profile's vocabulary (dozens of regular expressions), which costs
/// more than parsing a document; a process that converts one file, or a worker that only meets
/// one template, builds just the parser it needs.
final class PaperParserCache: @unchecked Sendable {
    // Invariant: `parsers` is only read or written while holding `lock`.
    private let lock = NSLock()
    private var parsers: [String: PaperParser] = [:]
    private let results: ValueVocabulary?
    private let roles: ValueVocabulary?

    /// - Parameter results: the result vocabulary every parser gets.
    init(results: ValueVocabulary?, roles: ValueVocabulary? = nil) {
        self.results = results
        self.roles = roles
    }

    /// The parser for `profile`, built on first use (under the lock, so it is built once).
    func parser(for profile: DocumentProfile) -> PaperParser {
        lock.lock()
        defer { lock.unlock() }
        if let parser = parsers[profile.name] { return parser }
        let parser = PaperParser(profile: profile, results: results, roles: roles)
        parsers[profile.name] = parser
        return parser
    }
}

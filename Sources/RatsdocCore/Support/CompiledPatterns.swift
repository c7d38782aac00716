import Foundation

/// Regular expressions compiled once per process, by pattern and case option.
///
/// The patterns come from the profiles (reference numbers, lines to ignore), a few dozen in all,
/// so the cache stays small; a pattern that does not compile is remembered as nil.
final class CompiledPatterns: @unchecked Sendable {
    static let shared = CompiledPatterns()

    struct Entry {
        var regex: NSRegularExpression?
        /// The names of the pattern's named groups, in order.
        var groupNames: [String]
    }

    private struct Key: Hashable {
        var pattern: String
        var caseInsensitive: Bool
    }

    // Invariant: `regexes` and `names` are only read or written while holding `lock`.
    private let lock = NSLock()
    private var regexes: [Key: NSRegularExpression?] = [:]
    private var names: [String: [String]] = [:]

    /// The compiled pattern and its group names.
    func entry(_ pattern: String, caseInsensitive: Bool = false) -> Entry {
        let regex = regex(pattern, caseInsensitive: caseInsensitive)
        lock.lock()
        defer { lock.unlock() }
        if let known = names[pattern] { return Entry(regex: regex, groupNames: known) }
        let found = Self.groupNames(in: pattern)
        names[pattern] = found
        return Entry(regex: regex, groupNames: found)
    }

    /// The compiled pattern; nil when it does not compile.
    func regex(_ pattern: String, caseInsensitive: Bool = false) -> NSRegularExpression? {
        let key = Key(pattern: pattern, caseInsensitive: caseInsensitive)
        lock.lock()
        defer { lock.unlock() }
        if let known = regexes[key] { return known }
        let regex = try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
        regexes[key] = regex
        return regex
    }

    /// The names of the named groups "(?<name>…)" of `pattern`.
    static func groupNames(in pattern: String) -> [String] {
        pattern.matches(of: #/\(\?<([A-Za-z][A-Za-z0-9]*)>/#).map { String($0.output.1) }
    }
}

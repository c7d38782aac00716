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

    // Invariant: `entries` is only read or written while holding `lock`.
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    /// The compiled pattern and its group names.
    func entry(_ pattern: String, caseInsensitive: Bool = false) -> Entry {
        let key = (caseInsensitive ? "i:" : "s:") + pattern
        lock.lock()
        defer { lock.unlock() }
        if let known = entries[key] { return known }
        let entry = Entry(
            regex: try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : []),
            groupNames: Self.groupNames(in: pattern))
        entries[key] = entry
        return entry
    }

    func regex(_ pattern: String, caseInsensitive: Bool = false) -> NSRegularExpression? {
        entry(pattern, caseInsensitive: caseInsensitive).regex
    }

    /// The names of the named groups "(?<name>…)" of `pattern`.
    static func groupNames(in pattern: String) -> [String] {
        pattern.matches(of: #/\(\?<([A-Za-z][A-Za-z0-9]*)>/#).map { String($0.output.1) }
    }
}

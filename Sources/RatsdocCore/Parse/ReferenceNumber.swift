import Foundation

/// Reference numbers ("FB 11/0298/WP17", "2026/0061") read with a profile's patterns.
public enum ReferenceNumber {
    /// The first pattern match in `text`: the matched reference and its named groups.
    public static func parse(_ text: String, patterns: [String]) -> (reference: String, parts: [String: String])? {
        let nsText = text as NSString
        for pattern in patterns {
            let compiled = CompiledPatterns.shared.entry(pattern)
            guard let regex = compiled.regex,
                let match = regex.firstMatch(in: text, range: NSRange(location: 0, length: nsText.length))
            else {
                continue
            }
            var parts: [String: String] = [:]
            for name in compiled.groupNames {
                let range = match.range(withName: name)
                if range.location != NSNotFound, range.length > 0 { parts[name] = nsText.substring(with: range) }
            }
            return (TextNormalizer.collapseSpaces(nsText.substring(with: match.range)), parts)
        }
        return nil
    }
}

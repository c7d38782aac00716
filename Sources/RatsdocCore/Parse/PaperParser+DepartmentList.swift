import Foundation

extension PaperParser {
    /// Splits a list of departments at the first separator that occurs in it. A comma (or any
    /// separator but the first) splits only when every part starts with a department prefix:
    /// department names contain commas themselves.
    static func departmentList(_ value: String, separators: [String], prefixes: [String]) -> [String] {
        func clean(_ parts: [String]) -> [String] {
            parts.map { TextNormalizer.collapseSpaces($0) }.filter { !$0.isEmpty }
        }
        let lowered = Set(prefixes.map { $0.lowercased() })
        func startsWithPrefix(_ part: String) -> Bool {
            lowered.contains(part.split(separator: " ").first.map { $0.lowercased() } ?? "")
        }
        for (index, separator) in separators.enumerated() where value.contains(separator) {
            let parts = clean(value.components(separatedBy: separator))
            if index == 0 { return parts }
            // A weaker separator (a comma) starts a new department only before a department
            // prefix; other parts belong to the name before ("Fachbereich Wirtschaft, Wissenschaft").
            guard parts.count > 1, startsWithPrefix(parts[0]), parts.dropFirst().contains(where: startsWithPrefix)
            else {
                continue
            }
            var names: [String] = []
            for part in parts {
                if startsWithPrefix(part) || names.isEmpty {
                    names.append(part)
                } else {
                    names[names.count - 1] += separator + " " + part
                }
            }
            return names.map { TextNormalizer.collapseSpaces($0) }
        }
        return clean([value])
    }
}

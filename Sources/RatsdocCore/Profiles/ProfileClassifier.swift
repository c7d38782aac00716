import Foundation

/// Scores every profile against a document: the share of the profile's distinctive features
/// (markers, field labels, section headings, Beratungsfolge column headers, reference pattern)
/// found in the text. The best non-generic profile at or above its threshold wins; otherwise
/// the generic fallback.
public struct ProfileClassifier: Sendable {
    /// One profile's score.
    public struct Score: Sendable, Hashable {
        public var profile: String
        /// 0…1: found features / all features (the reference pattern counts twice).
        public var score: Double
    }

    public let library: ProfileLibrary

    public init(library: ProfileLibrary) {
        self.library = library
    }

    /// Scores of every non-generic profile, best first (ties by name).
    public func scores(_ layout: LayoutDocument) -> [Score] {
        let text = layout.bodyBlocks.flatMap { block -> [String] in
            if let table = block.table { return table.rows.map { $0.texts.joined(separator: "\t") } }
            return block.lines.map(\.text)
        }.map { TextNormalizer.collapseSpaces(TextNormalizer.normalize($0)) }.joined(separator: "\n")
        let lowered = text.lowercased()
        // Byte search on the squeezed UTF-8 text: String.contains goes through Foundation here.
        let squeezed = Array(lowered.filter { !$0.isWhitespace }.utf8)
        func found(_ fragment: String) -> Bool {
            let key = Array(fragment.lowercased().filter { !$0.isWhitespace }.utf8)
            return !key.isEmpty && Self.contains(squeezed, key)
        }
        let loweredLines = lowered.split(separator: "\n").map(String.init)
        let lines = text.split(separator: "\n").map(String.init)
        return library.profiles.filter { !$0.isGeneric }.map { profile in
            var total = 0.0
            var hits = 0.0
            for marker in profile.markers ?? [] {
                total += 1
                if found(marker) { hits += 1 }
            }
            for (_, spec) in profile.fields {
                total += 1
                if spec.labels.contains(where: found) { hits += 1 }
            }
            for section in profile.sections {
                total += 1
                if (section.headings ?? []).contains(where: found) { hits += 1 }
            }
            for (_, words) in profile.consultations.columns {
                total += 1
                if words.contains(where: found) { hits += 1 }
            }
            if let patterns = profile.reference?.patterns, !patterns.isEmpty {
                total += 2
                let labels = (profile.fields["reference"]?.labels ?? []).map { Array($0.lowercased().utf8) }
                if zip(lines, loweredLines).contains(where: { line, lowerLine in
                    let bytes = Array(lowerLine.utf8)
                    return labels.contains { Self.contains(bytes, $0) }
                        && ReferenceNumber.parse(line, patterns: patterns) != nil
                }) {
                    hits += 2
                }
            }
            return Score(profile: profile.name, score: total > 0 ? hits / total : 0)
        }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.profile < $1.profile }
    }

    /// Whether `needle` occurs in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count, let first = needle.first else { return needle.isEmpty }
        var start = 0
        let last = haystack.count - needle.count
        while start <= last {
            if haystack[start] == first {
                var offset = 1
                while offset < needle.count, haystack[start + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    /// The chosen profile and its score; the generic profile (score of the best candidate) when
    /// nothing reaches its threshold. Nil only when the library is empty.
    public func classify(_ layout: LayoutDocument) -> (profile: DocumentProfile, score: Double)? {
        let ranked = scores(layout)
        if let best = ranked.first, let profile = library.profile(named: best.profile),
            best.score >= (profile.minimumScore ?? 0.5)
        {
            return (profile, best.score)
        }
        if let generic = library.genericProfile { return (generic, ranked.first?.score ?? 0) }
        if let best = ranked.first, let profile = library.profile(named: best.profile) { return (profile, best.score) }
        return nil
    }
}

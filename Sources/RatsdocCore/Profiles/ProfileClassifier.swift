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

    /// One non-generic profile's features as byte keys, built once per classifier: each key is
    /// the fragment lower-cased with its whitespace removed (an empty key is never found).
    struct Features: Sendable {
        var profile: String
        /// One key per marker; each counts as one feature.
        var markers: [[UInt8]]
        /// Per field, per section and per consultation column: the alternatives of one feature.
        var alternatives: [[[UInt8]]]
        /// The reference label keys (lower-cased, whitespace kept) and patterns; nil without patterns.
        var reference: (labels: [[UInt8]], patterns: [String])?

        init(_ profile: DocumentProfile) {
            self.profile = profile.name
            markers = (profile.markers ?? []).map(Self.key)
            alternatives =
                profile.fields.values.map { $0.labels.map(Self.key) }
                + profile.sections.map { ($0.headings ?? []).map(Self.key) }
                + profile.consultations.columns.values.map { $0.map(Self.key) }
            if let patterns = profile.reference?.patterns, !patterns.isEmpty {
                reference = ((profile.fields["reference"]?.labels ?? []).map { Array($0.lowercased().utf8) }, patterns)
            }
        }

        /// The search key of a fragment: lower case, whitespace removed, UTF-8.
        static func key(_ fragment: String) -> [UInt8] {
            Array(fragment.lowercased().filter { !$0.isWhitespace }.utf8)
        }
    }

    public let library: ProfileLibrary
    /// The features of every non-generic profile, in library order.
    let features: [Features]

    public init(library: ProfileLibrary) {
        self.library = library
        self.features = library.profiles.filter { !$0.isGeneric }.map(Features.init)
    }

    /// Scores of every non-generic profile, best first (ties by name).
    public func scores(_ layout: LayoutDocument) -> [Score] {
        let text = ClassifierText(layout)
        return features.map { features in
            var total = 0.0
            var hits = 0.0
            for marker in features.markers {
                total += 1
                if text.found(marker) { hits += 1 }
            }
            for alternatives in features.alternatives {
                total += 1
                if alternatives.contains(where: text.found) { hits += 1 }
            }
            if let (labels, patterns) = features.reference {
                total += 2
                if text.hasReferenceLine(labels: labels, patterns: patterns) { hits += 2 }
            }
            return Score(profile: features.profile, score: total > 0 ? hits / total : 0)
        }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.profile < $1.profile }
    }

    /// Whether `needle` occurs in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        contains(haystack[...], needle)
    }

    /// Whether `needle` occurs in `haystack` (an empty needle always does).
    static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        ByteSearch.contains(haystack, needle)
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

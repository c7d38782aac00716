import Foundation

/// The library front door for `ratsdoc convert`: classifies a laid-out document against the
/// profiles (or takes the forced one), parses it, and records profile, score and status.
public struct VorlageConverter: Sendable {
    public let profiles: ProfileLibrary
    public let forcedProfile: String?
    /// One parser per profile, built on first use: a parser compiles its profile's vocabulary.
    private let parsers: PaperParserCache
    /// The classifier, with every profile's feature keys built once.
    private let classifier: ProfileClassifier

    /// - Parameters:
    ///   - profiles: the template profiles, e.g. `ProfileLibrary(directory: Pipelines/profiles)`.
    ///   - forcedProfile: a profile name that overrides classification (`--profile NAME`).
    public init(profiles: ProfileLibrary, forcedProfile: String? = nil) {
        self.profiles = profiles
        self.forcedProfile = forcedProfile
        self.parsers = PaperParserCache(results: profiles.results, roles: profiles.roles)
        self.classifier = ProfileClassifier(library: profiles)
    }

    /// Converts one document. Never throws: an unknown forced profile or an empty library gives
    /// a `failure` record with a finding.
    public func convert(_ layout: LayoutDocument) -> PaperDocument {
        let chosen: (profile: DocumentProfile, score: Double)
        if let forcedProfile {
            guard let profile = profiles.profile(named: forcedProfile) else {
                return Self.failure(
                    source: layout.source,
                    error: ProfileError(path: forcedProfile, message: "no profile named '\(forcedProfile)'"))
            }
            let score = classifier.scores(layout).first { $0.profile == forcedProfile }?.score
            chosen = (profile, score ?? 0)
        } else {
            guard let classified = classifier.classify(layout) else {
                return Self.failure(source: layout.source, error: ProfileError(path: "", message: "no profiles loaded"))
            }
            chosen = classified
        }
        var document = parsers.parser(for: chosen.profile).parse(layout)
        document.profileScore = (chosen.score * 1000).rounded() / 1000
        return document
    }

    /// The record for an input that could not be read at all: status `failure`, one error finding.
    /// - Parameters:
    ///   - source: what is known about the input (path, hash, media type).
    ///   - error: the reason, written into the finding's message.
    public static func failure(source: SourceInfo, error: any Error) -> PaperDocument {
        PaperDocument(
            source: source, status: .failure, profile: nil, profileScore: nil, paper: nil,
            findings: [Finding(severity: .error, code: .unreadable, message: "\(error)")], provenance: [:])
    }
}

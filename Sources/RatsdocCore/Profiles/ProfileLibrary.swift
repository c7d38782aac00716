import Foundation
import Yams

/// A document-level failure while loading profiles: the file and the YAML problem.
public struct ProfileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// The set of template profiles ratsdoc can choose from.
public struct ProfileLibrary: Sendable {
    /// Profiles in name order; the generic fallback among them.
    public var profiles: [DocumentProfile]
    /// The result vocabulary (`Pipelines/vocabulary/results.yml`) that maps a result printed in a
    /// Beratungsfolge ("vorberaten", "Mehrheitlich zugestimmt") to its code, as the OParl reader does.
    public var results: ValueVocabulary?
    /// The role vocabulary (`Pipelines/vocabulary/roles.yml`), the one that maps a printed role to
    /// its normalized name for every profile and for the XML and OParl readers; a profile only adds
    /// raw spellings of its own and which roles decide.
    public var roles: ValueVocabulary?

    /// A library of already decoded profiles.
    public init(profiles: [DocumentProfile], results: ValueVocabulary? = nil, roles: ValueVocabulary? = nil) {
        self.roles = roles
        self.profiles = profiles.sorted { $0.name < $1.name }
        self.results = results
    }

    /// Loads every `*.yml` / `*.yaml` file in `directory`.
    /// - Throws: ``ProfileError`` naming the file and the YAML or schema problem, or a duplicate name.
    public init(directory: URL) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw ProfileError(path: directory.path, message: "cannot list profile directory: \(error)")
        }
        var loaded: [DocumentProfile] = []
        for name in names.sorted() where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            let url = directory.appendingPathComponent(name)
            loaded.append(try Self.load(url))
        }
        guard !loaded.isEmpty else { throw ProfileError(path: directory.path, message: "no *.yml profiles found") }
        var seen: Set<String> = []
        for profile in loaded {
            guard seen.insert(profile.name).inserted else {
                throw ProfileError(path: directory.path, message: "two profiles are named '\(profile.name)'")
            }
        }
        // The vocabularies sit beside the profiles: Pipelines/profiles and Pipelines/vocabulary.
        let resultsURL = directory.deletingLastPathComponent().appendingPathComponent("vocabulary/results.yml")
        var results: ValueVocabulary?
        if FileManager.default.fileExists(atPath: resultsURL.path) {
            do {
                results = try ValueVocabulary(contentsOf: resultsURL)
            } catch {
                throw ProfileError(path: resultsURL.path, message: "cannot read the result vocabulary: \(error)")
            }
        }
        let rolesURL = directory.deletingLastPathComponent().appendingPathComponent("vocabulary/roles.yml")
        var roles: ValueVocabulary?
        if FileManager.default.fileExists(atPath: rolesURL.path) {
            do {
                roles = try ValueVocabulary(contentsOf: rolesURL)
            } catch {
                throw ProfileError(path: rolesURL.path, message: "cannot read the role vocabulary: \(error)")
            }
        }
        self.init(profiles: loaded, results: results, roles: roles)
    }

    /// Decodes one profile file.
    /// - Throws: ``ProfileError`` naming the file and the problem.
    public static func load(_ url: URL) throws -> DocumentProfile {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ProfileError(path: url.path, message: "cannot read: \(error)")
        }
        return try decode(text, path: url.path)
    }

    /// Decodes one profile from YAML text; `path` names it in errors.
    /// - Throws: ``ProfileError``.
    public static func decode(_ yaml: String, path: String) throws -> DocumentProfile {
        let profile: DocumentProfile
        do {
            profile = try YAMLDecoder().decode(DocumentProfile.self, from: yaml)
        } catch let error as DecodingError {
            throw ProfileError(path: path, message: describe(error))
        } catch {
            throw ProfileError(path: path, message: "invalid YAML: \(error)")
        }
        for pattern in (profile.reference?.patterns ?? []) + (profile.ignoreLines ?? [])
            + profile.sections.flatMap({ $0.headingPatterns ?? [] })
            + [profile.consultations.agendaItemPattern].compactMap({ $0 })
        {
            do { _ = try NSRegularExpression(pattern: pattern) } catch {
                throw ProfileError(path: path, message: "invalid regular expression '\(pattern)'")
            }
        }
        let knownFields: Set<String> = [
            "summary", "decisionProposal", "explanation", "attachments", "finance", "ignore",
        ]
        for section in profile.sections where !knownFields.contains(section.field) {
            throw ProfileError(path: path, message: "unknown section field '\(section.field)'")
        }
        return profile
    }

    static func describe(_ error: DecodingError) -> String {
        func pathText(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key '\(pathText(context.codingPath + [key]))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at '\(pathText(context.codingPath))': \(context.debugDescription)"
        case .dataCorrupted(let context):
            return
                "invalid YAML at '\(pathText(context.codingPath))': \(context.debugDescription) \(context.underlyingError.map { "\($0)" } ?? "")"
        @unknown default:
            return "\(error)"
        }
    }

    /// The profile with this name.
    public func profile(named name: String) -> DocumentProfile? {
        profiles.first { $0.name == name }
    }

    /// The fallback profile (`generic: true`), if the library has one.
    public var genericProfile: DocumentProfile? {
        profiles.first { $0.isGeneric }
    }
}

import ArgumentParser
import Foundation
import RatsdocCore
import RatsdocPipeline

/// The pipeline a command runs: the Pipelines folder found, its profiles loaded, the forced
/// profile checked. Shared by `convert` and `ingest`, so both read documents the same way.
struct PipelineSetup {
    let pipelinesURL: URL
    let pipeline: Pipeline

    /// - Throws: `ValidationError` (exit status 2) when the Pipelines folder or the profile is missing.
    init(pipelines: String?, profile: String?, mapping: String?, recover: Bool) throws {
        let library: ProfileLibrary
        do {
            pipelinesURL = try PipelinesLocator.locate(pipelines)
            library = try ProfileLibrary(directory: pipelinesURL.appendingPathComponent("profiles"))
        } catch {
            throw ValidationError("\(error)")
        }
        if let profile, library.profile(named: profile) == nil {
            let names = library.profiles.map(\.name).sorted().joined(separator: ", ")
            throw ValidationError("no profile named '\(profile)'; available: \(names)")
        }
        pipeline = Pipeline(
            converter: VorlageConverter(profiles: library, forcedProfile: profile), pipelinesDirectory: pipelinesURL,
            mapping: mapping, recover: recover)
    }
}

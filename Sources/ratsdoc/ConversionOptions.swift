import ArgumentParser
import Foundation
import RatsdocPipeline

/// How documents are read and isolated: the options `convert` and `ingest` share (and pass on to
/// their worker processes).
struct ConversionOptions: ParsableArguments {
    @Option(help: "Use this template profile instead of choosing by score (a name from Pipelines/profiles).")
    var profile: String?

    @Option(
        help: "The Pipelines folder (profiles, XML mappings, vocabularies). Default: ./Pipelines or the checkout's.")
    var pipelines: String?

    @Option(help: "XML mapping to use (a name in Pipelines/xml or a file) instead of detecting the dialect.")
    var mapping: String?

    @Flag(
        help:
            "Repair broken XML markup (unescaped &, stray end tags, control characters); each repair becomes a finding."
    )
    var recover = false

    @Option(help: "Parallel workers (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Seconds one document may take before its worker is stopped.")
    var timeout: Double = 120

    @Option(help: "Memory limit of a worker process, in MiB.")
    var memoryLimit: Int = 4096

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        guard memoryLimit >= 256 else { throw ValidationError("--memory-limit must be at least 256 (MiB)") }
    }

    /// The pipeline these options describe.
    func setup() throws -> PipelineSetup {
        try PipelineSetup(pipelines: pipelines, profile: profile, mapping: mapping, recover: recover)
    }

    /// Copies the options into a batch's.
    func apply(to batch: inout BatchOptions) {
        batch.profile = profile
        batch.mapping = mapping
        batch.recover = recover
        batch.jobs = jobs
        batch.timeout = timeout
        batch.memoryLimit = memoryLimit
    }
}

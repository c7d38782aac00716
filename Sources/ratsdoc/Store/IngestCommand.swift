import ArgumentParser
import Foundation
import RatsdocCore
import RatsdocPipeline
import RatsdocStore

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Convert documents into a store (SQLite): versions, papers, meetings, incremental and crash-safe.",
        discussion: """
            SOURCE may be files or directories (searched recursively for .pdf, .txt, .xml and .json), as for \
            `convert`, and they are converted exactly as `convert` converts them: in worker processes with a \
            time and a memory limit each (--jobs, --timeout, --memory-limit). The records go into the store \
            (one SQLite file in WAL mode, created when missing), one transaction per document, written by this \
            process alone.

            Per input the store keeps its source (path, sha256, size, first and last seen) and one version \
            per content it had, with the record. Papers are filed by reference: the paper from a PDF and the \
            same paper from an OParl dump or an XML export meet under one reference, each kept with its \
            origin. Meetings, agenda items and organisations are filed by their id.

            A second run is incremental: inputs whose bytes match their current version are not read again \
            (only their last-seen time moves); a changed file gets a new version (see `ratsdoc history`). A \
            failure counts as current too (the same bytes fail again) unless --retry-failed. --force parses \
            every input again and adds a version where the record differs (a new ratsdoc). With --snapshot, \
            sources that are not inputs of this run are marked withdrawn; nothing is ever deleted.

            A run killed at any point leaves every document whole or absent; run it again. One ingest writes \
            to a store at a time: a second one is refused (exit status 3) or, with --wait, waits.

            Exit status: 0 every input is in the store with status success; 1 at least one input failed or \
            was partial (this run or unchanged since), so a cron job notices; 2 usage error; 3 the store is \
            busy or unusable.

            Examples:
              ratsdoc ingest Fixtures/pdf --store ratsdoc.sqlite
              ratsdoc ingest /srv/ris/nightly --store /var/lib/ratsdoc/ratsdoc.sqlite --snapshot --report run.json
              ratsdoc history "FB 11/0298/WP17" --store ratsdoc.sqlite
            """
    )

    @Argument(help: "Files or directories to ingest.")
    var sources: [String]

    @OptionGroup var store: StoreOption

    @OptionGroup var conversion: ConversionOptions


    @Flag(help: "Mark sources that are not inputs of this run as withdrawn (kept, never deleted).")
    var snapshot = false

    @Flag(help: "Parse inputs whose current version is a failure again.")
    var retryFailed = false

    @Flag(help: "Parse every input again; a version is added where the record differs.")
    var force = false

    @Flag(help: "Wait for another ingest into the same store to end instead of refusing.")
    var wait = false







    @Option(help: "Also write the run report (the inputs added, updated, unchanged, withdrawn, failed) as JSON here.")
    var report: String?

    @Flag(name: .shortAndLong, help: "No progress output on stderr (problems and the summary are still printed).")
    var quiet = false

    func run() throws {
        let setup = try conversion.setup()
        let converter = PaperFileConverter(
            pipeline: setup.pipeline, format: .jsonl, pretty: false, baseURL: BatchOptions(inputs: []).baseURL)
        var batch = BatchOptions(inputs: sources)
        conversion.apply(to: &batch)
        batch.force = force
        batch.version = Ratsdoc.configuration.version
        var options = StoreIngest.Options(batch: batch)
        options.snapshot = snapshot
        options.retryFailed = retryFailed
        options.wait = wait
        options.arguments = Array(CommandLine.arguments.dropFirst())
        let result: StoreIngest.Report
        do {
            result = try StoreIngest.run(
                storePath: store.path, options: options, pipelinesURL: setup.pipelinesURL,
                paperConverter: converter, observer: TerminalObserver(quiet: quiet))
        } catch let failure as ConvertFailure {
            throw ValidationError(failure.description)
        } catch let failure as StoreError {
            Output.error(failure.description)
            throw ExitCode(3)
        }
        for line in result.errors { Output.error(line) }
        if !result.withdrawn.isEmpty {
            Output.log(
                "withdrawn: " + result.withdrawn.prefix(5).joined(separator: ", ")
                    + (result.withdrawn.count > 5 ? ", … (\(result.withdrawn.count) in all)" : ""))
        }
        Output.log(result.summaryLine)
        if let report {
            do {
                try JSONOutput.data(result, pretty: true).write(to: URL(fileURLWithPath: report), options: .atomic)
            } catch {
                Output.error("cannot write the report \(report): \(error)")
                throw ExitCode(1)
            }
        }
        if result.hasProblems { throw ExitCode(1) }
    }
}

/// `--store FILE`, shared by the commands that use a store.
struct StoreOption: ParsableArguments {
    @Option(name: .long, help: "The store: a SQLite file (created by `ingest` when missing).")
    var store: String = "ratsdoc.sqlite"

    var path: String { store }

    /// Opens an existing store; a missing or broken one is exit status 3 with the reason.
    func open() throws -> Store {
        do {
            return try Store(path: store, create: false)
        } catch let failure as StoreError {
            Output.error(failure.description)
            throw ExitCode(3)
        }
    }
}

import ArgumentParser
import Foundation
import RatsdocCore
import RatsdocExtract
import RatsdocPipeline

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert Vorlagen (PDF, text) and session data (XML exports, OParl JSON) to normalized JSON.",
        discussion: """
            INPUT may be files or directories (searched recursively for .pdf, .txt, .xml and .json).

            Vorlagen are classified against the template profiles in Pipelines/profiles (or the one named \
            with --profile) and parsed into the ratsdoc JSON contract (schemas/paper-document.v1.schema.json). \
            XML exports are read with the mapping in Pipelines/xml that matches their root element (or \
            --mapping); OParl JSON is read as pages, single objects or a directory dump.

            Without --output, one JSON document per input is written to stdout, one per line (JSON Lines), \
            in input order. With --output DIR, each input becomes DIR/<its path under its argument>.json \
            (a.pdf -> DIR/a.pdf.json, archive/2024/b.txt given as archive -> DIR/2024/b.txt.json), written \
            atomically. A second run with the same DIR skips inputs whose output is up to date (same input \
            bytes, same profiles, options and ratsdoc build) and counts them with the status they had, so \
            it exits as the first did: runs are incremental and idempotent. Outputs of inputs that are gone \
            are listed (--prune removes them). --force converts everything again. The output folder and \
            dotfiles are never read as input.

            PDFs, texts, XML exports and OParl JSON are read in worker processes (--jobs of them, also for a single \
            file), each document with a time limit (--timeout) and a memory limit (--memory-limit): a \
            corrupt or hostile file that crashes or hangs a library costs only that document, which gets a \
            failure record. Workers end with the run. FIFOs, devices and other special files are refused \
            with a failure record, never opened. OParl JSON is read in the workers too; each reads the \
            run's JSON files once for the references between them. Progress and a summary go to stderr; every failed or partial input gets one line \
            there naming the file and the reason.

            Exit status: 0 every input converted with status success (this run or an earlier one); 1 at \
            least one partial or failure, now or unchanged since, or an input that got no record (a \
            warning line says why); 2 usage error (bad option, missing input, no Pipelines folder).

            Examples:
              ratsdoc convert Fixtures/pdf/aachen-vorlage-libreoffice.pdf
              ratsdoc convert archive/ --output out/ --jobs 2
              ratsdoc convert vorlage.pdf --format oparl --base-url https://ris.example.org/oparl
              ratsdoc convert export.xml --recover
            """
    )

    @Argument(help: "Files or directories to convert.")
    var inputs: [String]

    @OptionGroup var conversion: ConversionOptions

    @Option(
        name: .shortAndLong,
        help: "Write one <input name>.json per input into this directory instead of JSON Lines to stdout.")
    var output: String?

    @Option(
        name: .shortAndLong,
        help: "Record format: json (the ratsdoc contract), jsonl (the same, one line each), oparl (OParl 1.1 Paper).")
    var format: Format = .json


    @Option(help: "Base URL for the ids of OParl objects (--format oparl).")
    var baseURL: String = "https://ratsdoc.invalid/oparl"







    @Flag(
        help:
            "UNSAFE: convert in this process, without worker processes. No time or memory limit; a hostile file can crash or hang the run. For trusted inputs only."
    )
    var inProcess = false

    @Flag(help: "Convert every input again, even when its output is up to date.")
    var force = false

    @Flag(help: "Remove outputs (and their state) whose input no longer exists. Without it they are listed.")
    var prune = false

    @Option(help: "Also write a JSON run report (counts, per-file status, timings) to this file.")
    var report: String?

    @Flag(name: .shortAndLong, help: "No progress output on stderr (failures and the summary are still printed).")
    var quiet = false

    @Flag(help: .hidden)
    var worker = false

    /// For workers: a file with the run's OParl JSON paths (a JSON array), for references across files.
    @Option(help: .hidden)
    var oparlList: String?

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, jsonl, oparl
    }

    func run() throws {
        let setup = try conversion.setup()
        let pipelinesURL = setup.pipelinesURL
        let pipeline = setup.pipeline
        let recordFormat = RecordFormat(rawValue: format.rawValue) ?? .json
        let oparlPaths = oparlList.flatMap { FileManager.default.contents(atPath: $0) }.flatMap {
            try? JSONDecoder().decode([String].self, from: $0)
        } ?? []
        let paperConverter = PaperFileConverter(
            pipeline: pipeline, format: recordFormat, pretty: output != nil && recordFormat != .jsonl, baseURL: baseURL,
            oparlPaths: oparlPaths)

        if worker {
            WorkerMode.serve(memoryLimitMiB: conversion.memoryLimit, timeout: conversion.timeout) { path in
                SpecialFiles.refusal(path) ?? paperConverter.convert(path: path)
            }
            return
        }

        var options = BatchOptions(inputs: inputs)
        options.output = output
        options.format = recordFormat
        conversion.apply(to: &options)
        options.baseURL = baseURL
        options.inProcess = inProcess
        options.force = force
        options.prune = prune
        options.report = report
        options.version = Ratsdoc.configuration.version
        let run: BatchRun
        do {
            run = try BatchRun(
                options: options, pipelinesURL: pipelinesURL, paperConverter: paperConverter,
                observer: TerminalObserver(quiet: quiet))
        } catch let failure as ConvertFailure {
            throw ValidationError(failure.description)
        }
        let summary = try run.execute()
        if summary.hasProblems { throw ExitCode(1) }
    }
}

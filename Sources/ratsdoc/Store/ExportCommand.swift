import ArgumentParser
import Foundation
import RatsdocCore
import RatsdocPipeline
import RatsdocStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the store's current records out, as `convert` writes them.",
        discussion: """
            Every source that is not withdrawn, its current version's record, in the format asked: json \
            (the ratsdoc contract), jsonl (the same, compact) or oparl (an OParl 1.1 Paper per Vorlage). \
            With --output DIR each record goes to DIR/<its input path>.json, named as `convert --output` \
            names it, so an export and a convert of the same inputs are the same files. Without --output, \
            one record per line goes to stdout.

            Example:
              ratsdoc export --store ratsdoc.sqlite --format json --output out/
            """)

    @OptionGroup var store: StoreOption

    @Option(name: .shortAndLong, help: "Record format: json, jsonl or oparl.")
    var format: ConvertCommand.Format = .json

    @Option(help: "Base URL for the ids of OParl objects (--format oparl).")
    var baseURL: String = "https://ratsdoc.invalid/oparl"

    @Option(name: .shortAndLong, help: "Write one file per record into this directory instead of lines to stdout.")
    var output: String?

    func run() throws {
        let opened = try store.open()
        let count = try StoreExport.export(
            store: opened, format: RecordFormat(rawValue: format.rawValue) ?? .json, baseURL: baseURL,
            directory: output
        ) { line in Output.write(line + "\n") }
        Output.log("ratsdoc export: \(count) records" + (output.map { " written to \($0)" } ?? ""))
    }
}

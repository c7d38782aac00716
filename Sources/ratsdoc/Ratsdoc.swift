import ArgumentParser
import Foundation

@main
struct Ratsdoc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ratsdoc",
        abstract: "Turns German council documents (Vorlagen, session exports) into typed, normalized JSON.",
        discussion: """
            Start with `ratsdoc extract FILE.pdf` to see the layout ratsdoc reads (lines, columns, \
            tables), then `ratsdoc convert FILE.pdf` for the normalized record. `ratsdoc ingest` \
            keeps records in a store (SQLite) with their versions (`history`, `runs`, `export`); \
            `status`, `pending` and `agenda` tell where each paper sits in its consultation \
            sequence; `serve` offers all of it over HTTP (JSON, OParl, pages). `ratsdoc bench` \
            measures speed against pdftotext and the server under load.

            Data goes to stdout; progress, warnings and errors go to stderr.
            Exit status: 0 success, 1 some inputs failed or were only partly read, 2 usage error, \
            3 the store is busy or unusable.
            """,
        version: "0.1.0",
        subcommands: [
            ConvertCommand.self, ExtractCommand.self, IngestCommand.self, HistoryCommand.self, RunsCommand.self,
            ExportCommand.self, StatusCommand.self, PendingCommand.self, AgendaCommand.self, ServeCommand.self, BenchCommand.self,
        ]
    )

    /// Runs the command line, with usage errors mapped to exit status 2 (ArgumentParser uses 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

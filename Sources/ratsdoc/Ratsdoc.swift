import ArgumentParser
import Foundation

@main
struct Ratsdoc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ratsdoc",
        abstract: "Turns German council documents (Vorlagen, session exports) into typed, normalized JSON.",
        discussion: """
            Start with `ratsdoc extract FILE.pdf` to see the layout ratsdoc reads (lines, columns, \
            tables), then `ratsdoc convert FILE.pdf` for the normalized record. `ratsdoc bench` \
            measures speed against pdftotext.

            Data goes to stdout; progress, warnings and errors go to stderr.
            Exit status: 0 success, 1 some inputs failed or were only partly read, 2 usage error.
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

import ArgumentParser
import Foundation
import RatsdocCore
import RatsdocStore

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the ingest runs of a store, newest first.",
        discussion: """
            Each run with its start, its state (finished; running; interrupted: killed before it ended, \
            found by the run after it) and what it did: added, updated, unchanged, withdrawn, failed and \
            partial inputs.
            """)

    @OptionGroup var store: StoreOption

    @Option(help: "Show at most this many runs.")
    var limit: Int = 20

    @Flag(help: "Print the runs as JSON.")
    var json = false

    func run() throws {
        let runs = Array(try store.open().runs().prefix(max(0, limit)))
        if json {
            Output.write(try JSONOutput.encode(runs, pretty: true) + "\n")
            return
        }
        var text = "run  started                   state        added updated unchanged withdrawn failed partial\n"
        for run in runs {
            text += [
                String(run.id).padding(toLength: 4, withPad: " ", startingAt: 0),
                run.startedAt.padding(toLength: 25, withPad: " ", startingAt: 0),
                run.state.padding(toLength: 12, withPad: " ", startingAt: 0),
                String(format: "%5d %7d %9d %9d %6d %7d", run.added, run.updated, run.unchanged, run.withdrawn,
                    run.failed, run.partial),
            ].joined(separator: " ") + "\n"
        }
        Output.write(text)
    }
}

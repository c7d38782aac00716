import ArgumentParser
import Foundation
import RatsdocCore
import RatsdocStore

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show every version of a paper in the store, with the fields that changed.",
        discussion: """
            Lists, for each source that holds the paper (its PDF or text, an XML export, an OParl dump), \
            every version the store keeps, oldest first: when it was ingested, its sha256, its status, and \
            the fields that differ from the version before (as JSON pointers into the paper: /name, \
            /consultations/2/result). The version the paper is read from now is marked with *.

            Exit status: 0 shown; 1 no source holds the reference; 3 the store is missing or unusable.

            Example:
              ratsdoc history 2026/0061 --store ratsdoc.sqlite
            """)

    @Argument(help: "The paper's reference, as printed (\"FB 11/0298/WP17\", \"2026/0061\").")
    var reference: String

    @OptionGroup var store: StoreOption

    @Flag(help: "Print the history as JSON.")
    var json = false

    func run() throws {
        let opened = try store.open()
        guard let history = try PaperHistory.load(reference: reference, store: opened) else {
            Output.error("\(reference): no paper with this reference in \(store.path)")
            throw ExitCode(1)
        }
        if json {
            Output.write(try JSONOutput.encode(history, pretty: true) + "\n")
            return
        }
        var text = "\(history.reference): \(history.versions.count) versions\n"
        var lastSource = ""
        for version in history.versions {
            if version.source != lastSource {
                text += "\n\(version.source) (\(version.origin)\(version.withdrawn ? ", withdrawn" : ""))\n"
                lastSource = version.source
            }
            let mark = version.current ? "*" : " "
            text +=
                "\(mark) v\(version.number)  \(version.createdAt)  \(version.sha256.prefix(12))  \(version.status)"
                + "  run \(version.run)  \(version.reader ?? "-")\n"
            if let problem = version.problem { text += "      problem: \(problem)\n" }
            if version.number > 1 {
                if version.changed.isEmpty { text += "      changed: nothing in the paper (the bytes differ)\n" }
                for change in version.changed {
                    text += "      changed \(change.field): \(Self.shown(change.before)) → \(Self.shown(change.after))\n"
                }
            }
        }
        Output.write(text)
    }

    /// A value for one line: absent shown as such, long text cut.
    static func shown(_ value: String?) -> String {
        guard let value else { return "(absent)" }
        return value.count > 60 ? String(value.prefix(57)) + "…" : value
    }
}

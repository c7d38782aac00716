import ArgumentParser
import Foundation
import RatsdocCore
import RatsdocStore

/// What the tracking commands share: the store, the Pipelines folder (committee spellings), the
/// day that counts as today, and JSON output.
struct TrackingOptions: ParsableArguments {
    @OptionGroup var store: StoreOption

    @Option(help: "The Pipelines folder (vocabulary/committees.yml). Default: ./Pipelines or the checkout's.")
    var pipelines: String?

    @Option(help: "The day that counts as today, YYYY-MM-DD (default: today in Germany).")
    var today: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func queries() throws -> TrackingQueries {
        let opened = try store.open()
        let url: URL
        do { url = try PipelinesLocator.locate(pipelines) } catch { throw ValidationError("\(error)") }
        do {
            return TrackingQueries(store: opened, tracker: try StatusTracker.load(pipelinesDirectory: url))
        } catch {
            throw ValidationError("\(url.path)/vocabulary/committees.yml: \(error)")
        }
    }

    func day() throws -> CalendarDate {
        guard let today else { return CalendarDate.today() }
        guard let date = CalendarDate(iso: today) else { throw ValidationError("--today: not a date: \(today)") }
        return date
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show where a paper sits in its consultation sequence: its timeline from the store.",
        discussion: """
            Joins the paper's Beratungsfolge (from its PDF or text, or from OParl consultations) with the \
            meetings and agenda items in the store (XML exports, OParl dumps), by reference and by committee \
            and date. Each step shows its committee, planned date, role, meetings and state: planned (no \
            meeting yet), scheduled (on a published agenda), treated (with the result), postponed (vertagt, \
            zurückgestellt; the next meeting is tracked) or withdrawn. Above them: the current position, \
            the final decision and anomalies (a date passed with no result, steps treated out of order, a \
            result from a committee not in the Beratungsfolge, a Beratungsfolge that changed).

            Exit status: 0 shown; 1 no paper with this reference; 3 the store is missing or unusable.

            Example:
              ratsdoc status 2026/0061 --store ratsdoc.sqlite
            """)

    @Argument(help: "The paper's reference (\"2026/0061\", \"FB 11/0298/WP17\").")
    var reference: String

    @OptionGroup var options: TrackingOptions

    func run() throws {
        let queries = try options.queries()
        guard let status = try queries.status(reference, today: try options.day()) else {
            Output.error("\(reference): no paper with this reference in \(options.store.path)")
            throw ExitCode(1)
        }
        if options.json {
            Output.write(try JSONOutput.encode(status, pretty: true) + "\n")
        } else {
            Output.write(StatusText.timeline(status))
        }
    }
}

struct PendingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pending",
        abstract: "List the open papers and where each sits: the next committee and its date.",
        discussion: """
            Papers with an open step (planned, scheduled or postponed), ordered by the date of that step. \
            --committee takes any spelling of a committee ("AUG", "Ausschuss f. Umwelt ..."). A \
            ! marks a step whose date passed with no result.

            Example:
              ratsdoc pending --committee Gemeinderat --after 2026-04-01 --store ratsdoc.sqlite
            """)

    @OptionGroup var options: TrackingOptions

    @Option(help: "Only papers whose next step is at this committee.")
    var committee: String?

    @Option(help: "Only papers whose next step is dated before this day (YYYY-MM-DD).")
    var before: String?

    @Option(help: "Only papers whose next step is dated after this day (YYYY-MM-DD).")
    var after: String?

    @Option(help: "At most this many papers.")
    var limit: Int = 100

    func run() throws {
        let queries = try options.queries()
        func day(_ text: String?, _ name: String) throws -> CalendarDate? {
            guard let text else { return nil }
            guard let date = CalendarDate(iso: text) else { throw ValidationError("\(name): not a date: \(text)") }
            return date
        }
        let page = try queries.papers(
            state: "pending", committee: committee, before: try day(before, "--before"),
            after: try day(after, "--after"), limit: max(1, limit), today: try options.day())
        if options.json {
            Output.write(try JSONOutput.encode(page, pretty: true) + "\n")
            return
        }
        var text = "\(page.total) open papers" + (page.total > page.items.count ? " (first \(page.items.count))" : "") + "\n"
        for item in page.items {
            text +=
                "\(item.overdue ? "!" : " ") \(item.date ?? "(no date)".padded(10))  "
                + "\(item.reference.padded(16)) "
                + "\((item.organization ?? "?").padded(34)) "
                + "\((item.stepState ?? "").padded(10)) \(item.name ?? "")\n"
        }
        Output.write(text)
    }
}

struct AgendaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "Show what a committee's meeting on a day will treat, with each item's history.",
        discussion: """
            The agenda items of the committee's meetings on that day (from XML exports and OParl dumps), \
            and the papers whose Beratungsfolge plans them there but that no published agenda lists yet. \
            Each with its timeline so far.

            Example:
              ratsdoc agenda --committee Gemeinderat --date 2026-04-28 --store ratsdoc.sqlite
            """)

    @OptionGroup var options: TrackingOptions

    @Option(help: "The committee, in any spelling.")
    var committee: String

    @Option(help: "The meeting's day, YYYY-MM-DD.")
    var date: String

    func run() throws {
        guard let day = CalendarDate(iso: date) else { throw ValidationError("--date: not a date: \(date)") }
        let agenda = try options.queries().agenda(committee: committee, date: day, today: try options.day())
        if options.json {
            Output.write(try JSONOutput.encode(agenda, pretty: true) + "\n")
            return
        }
        var text = "\(agenda.committee), \(agenda.date): "
        text += agenda.meetings.isEmpty ? "no published agenda; planned by Beratungsfolgen\n" : agenda.meetings.joined(separator: "; ") + "\n"
        if agenda.entries.isEmpty { text += "  nothing found\n" }
        for entry in agenda.entries {
            text += "\nTOP \(entry.number ?? "-")  \(entry.reference ?? "")  \(entry.name ?? entry.status?.name ?? "")\n"
            if let result = entry.result { text += "  result: \(result)\n" }
            if let status = entry.status {
                for line in StatusText.steps(status) { text += "  " + line + "\n" }
            }
        }
        Output.write(text)
    }
}

/// A timeline as text, for the terminal.
enum StatusText {
    static func timeline(_ status: PaperStatus) -> String {
        var text = "\(status.reference)  \(status.name ?? "")\n"
        text += "state: \(status.state.rawValue)"
        if let current = status.current {
            text += "; next: \(current.organization ?? "?") \(current.date.map { "on \($0)" } ?? "(date open)") (\(current.state.rawValue))"
        }
        if let decision = status.finalDecision {
            text +=
                "; decided by \(decision.organization ?? "?") on \(decision.date.map { "\($0)" } ?? "?"): "
                + "\(decision.result ?? decision.resultCode ?? "")"
        }
        text += "\n\n"
        for line in steps(status) { text += line + "\n" }
        if !status.anomalies.isEmpty {
            text += "\nanomalies:\n"
            for anomaly in status.anomalies { text += "  \(anomaly.kind.rawValue): \(anomaly.message)\n" }
        }
        return text
    }

    static func steps(_ status: PaperStatus) -> [String] {
        var lines: [String] = []
        for (index, step) in status.steps.enumerated() {
            let marker =
                switch step.state {
                case .treated: "✓"
                case .withdrawn: "✗"
                case .postponed: "↻"
                case .scheduled: "•"
                case .planned: "○"
                }
            let here = status.current?.step == index ? " ← next" : ""
            var line =
                "\(marker) \((step.date.map { "\($0)" } ?? "(no date)").padded(10))  "
                + "\((step.organization ?? "?").padded(34)) "
                + "\((step.role ?? "").padded(13)) \(step.state.rawValue)"
            if let result = step.result ?? step.resultCode {
                line += ": \(result)" + (step.resultSource == "printed" ? " (printed)" : "")
            }
            if !step.planned { line += " (not in the Beratungsfolge)" }
            lines.append(line + here)
            if step.occurrences.count > 1 || step.occurrences.first?.date != step.plannedDate {
                for occurrence in step.occurrences {
                    lines.append(
                        "      \(occurrence.date.map { "\($0)" } ?? "?")  \(occurrence.meetingName ?? occurrence.meetingId ?? "")"
                            + (occurrence.agendaItemNumber.map { " TOP \($0)" } ?? "")
                            + (occurrence.result.map { ": \($0)" } ?? ""))
                }
            }
        }
        return lines
    }
}

extension String {
    /// Padded with spaces to `width` characters; a longer text is kept whole.
    fileprivate func padded(_ width: Int) -> String {
        count >= width ? self : padding(toLength: width, withPad: " ", startingAt: 0)
    }
}

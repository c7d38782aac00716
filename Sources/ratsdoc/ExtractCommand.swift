import ArgumentParser
import Foundation
import RatsdocCore
import RatsdocExtract
import RatsdocPipeline

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Show the layout ratsdoc sees: lines and blocks in reading order, tables as grids.",
        discussion: """
            Reads each PDF (or .txt) file, rebuilds words, lines, columns and tables from the character \
            boxes (and the ruling lines the page draws), and prints them. Running headers and footers are \
            marked [header] / [footer] and kept out of the body. This is the first command to run on a new \
            document template.

            Boxes in JSON are [x0, y0, x1, y1] in PDF points, origin at the TOP-LEFT of the page. With \
            --format json one file gives one pretty-printed document; several files give JSON Lines, one \
            document per line, in the order given.

            Each file is read in a worker process with a time limit (--timeout) and a memory limit \
            (--memory-limit), as `convert` does: a hostile PDF costs only its own output.

            Examples:
              ratsdoc extract Fixtures/pdf/aachen-vorlage-libreoffice.pdf
              ratsdoc extract --format json vorlage.pdf > layout.json
              ratsdoc extract --format json archive/*.pdf > layouts.jsonl

            Exit status: 0 when every file was read, 1 when at least one could not be read \
            (each such file gets one line on stderr naming it and the reason).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(name: .shortAndLong, help: "Output format: text (a readable view) or json (the full layout with boxes).")
    var format: Format = .text

    @Option(help: "Seconds one file may take before its worker is stopped.")
    var timeout: Double = 120

    @Option(help: "Memory limit of a worker process, in MiB.")
    var memoryLimit: Int = 4096

    @Flag(help: "UNSAFE: read in this process, without a worker (no time or memory limit). Trusted files only.")
    var inProcess = false

    @Flag(help: .hidden)
    var worker = false

    /// Set by the parent for its workers when the run writes JSON Lines.
    @Flag(help: .hidden)
    var jsonLines = false

    @Argument(help: "PDF or text files to read.")
    var files: [String] = []

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        guard memoryLimit >= 256 else { throw ValidationError("--memory-limit must be at least 256 (MiB)") }
        guard worker || !files.isEmpty else { throw ValidationError("give one or more PDF or text files") }
    }

    func run() throws {
        let lines = format == .json && (files.count > 1 || jsonLines)
        let render: @Sendable (String) -> ConvertedRecord = { [format] path in
            Self.extract(path: path, format: format, jsonLine: lines)
        }
        if worker {
            WorkerMode.serve(memoryLimitMiB: memoryLimit, timeout: timeout, convert: render)
            return
        }
        var results = [ConvertedRecord?](repeating: nil, count: files.count)
        let collected = ResultSlots(count: files.count)
        let paths = files
        // Special files are refused before anything opens them.
        var work: [Int] = []
        for (index, path) in paths.enumerated() {
            if let refused = SpecialFiles.refusal(path) { results[index] = refused } else { work.append(index) }
        }
        if inProcess {
            for index in work { results[index] = render(paths[index]) }
        } else if !work.isEmpty {
            var arguments = [
                "extract", "--worker", "--format", format.rawValue, "--timeout", String(timeout), "--memory-limit",
                String(memoryLimit),
            ]
            // The workers render for the whole run: one file pretty, several as lines.
            if lines { arguments.append("--json-lines") }
            let queued = work
            let pool = WorkerPool(executable: BatchRun.executablePath(), workerArguments: arguments, timeout: timeout)
            pool.run(paths: queued.map { paths[$0] }, concurrency: 1) { position, record in
                collected.set(queued[position], record)
            }
            for index in work { results[index] = collected.get(index) }
        }
        var failures = 0
        for (index, result) in results.enumerated() {
            guard let result, result.status != "failure" else {
                failures += 1
                Output.error(result?.problem ?? "\(paths[index]): no result")
                continue
            }
            Output.write(result.record)
        }
        if failures > 0 { throw ExitCode(1) }
    }

    /// One file's layout as text or JSON, or a failure naming the file and the reason.
    static func extract(path: String, format: Format, jsonLine: Bool) -> ConvertedRecord {
        do {
            let layout = try Pipeline.layout(path: path)
            let text: String
            switch format {
            case .text: text = LayoutTextRenderer.render(layout)
            case .json: text = try JSONOutput.encode(layout, pretty: !jsonLine) + "\n"
            }
            return ConvertedRecord(path: path, status: "success", record: text, problem: nil)
        } catch let error as ExtractionError {
            return ConvertedRecord(path: path, status: "failure", record: "", problem: "\(error)", transient: false)
        } catch {
            return ConvertedRecord(path: path, status: "failure", record: "", problem: "\(path): \(error)")
        }
    }
}

/// Results collected from worker threads, by input index.
final class ResultSlots: @unchecked Sendable {
    // Invariant: `slots` is only touched while holding `lock`.
    private let lock = NSLock()
    private var slots: [ConvertedRecord?]

    init(count: Int) { slots = [ConvertedRecord?](repeating: nil, count: count) }

    func set(_ index: Int, _ record: ConvertedRecord) { lock.withLock { slots[index] = record } }
    func get(_ index: Int) -> ConvertedRecord? { lock.withLock { slots[index] } }
}

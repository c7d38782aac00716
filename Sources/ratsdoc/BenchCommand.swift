import ArgumentParser
import Foundation
import RatsdocCore
import RatsdocExtract

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure extraction and layout speed and memory on PDFs, optionally against pdftotext.",
        discussion: """
            Runs extraction + layout over every PDF under the given paths (directories are searched \
            recursively), repeated --rounds times, in this process, one file after another. Prints pages, \
            seconds, pages/s and peak memory (max RSS). With --compare-pdftotext it also runs \
            `pdftotext -tsv FILE /dev/null` on the same files (one process per file, as a shell \
            script would) and prints the time ratio ratsdoc / pdftotext (below 1 means ratsdoc is faster).

            Files that fail to open are counted and skipped. Results go to stdout as a table.

            Example:
              ratsdoc bench Fixtures/pdf --compare-pdftotext --rounds 20
            """
    )

    @Argument(help: "PDF files or directories holding PDFs.")
    var paths: [String]

    @Flag(help: "Also time `pdftotext -tsv` on the same files and report the ratio.")
    var comparePdftotext = false

    @Option(help: "How many times to process the whole set (more gives steadier figures).")
    var rounds: Int = 5

    @Option(help: "The Pipelines folder, for the full pipeline (profiles). Default: ./Pipelines or the checkout's.")
    var pipelines: String?

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
    }

    func run() throws {
        let (files, missing) = InputFiles.expand(paths, extensions: ["pdf"])
        for path in missing { Output.error("\(path): no such file or directory") }
        guard !files.isEmpty else { throw ValidationError("no PDF files found under \(paths.joined(separator: ", "))") }

        // Read the bytes once, so both tools are timed on warm files.
        var inputs: [(path: String, data: Data)] = []
        for path in files {
            if let data = FileManager.default.contents(atPath: path) { inputs.append((path, data)) }
        }

        let library = try ProfileLibrary(directory: PipelinesLocator.locate(pipelines).appendingPathComponent("profiles"))
        let converter = VorlageConverter(profiles: library)
        let analyzer = LayoutAnalyzer()
        let extractor = PDFExtractor()
        var pages = 0
        var failed = 0
        var layoutSeconds = 0.0
        var parseSeconds = 0.0
        let start = Date()
        for round in 0..<rounds {
            for input in inputs {
                do {
                    let document = try extractor.extract(bytes: input.data, path: input.path)
                    let layoutStart = Date()
                    let layout = analyzer.analyze(document)
                    let parseStart = Date()
                    _ = try PaperDocumentEmitter.json(converter.convert(layout))
                    parseSeconds += Date().timeIntervalSince(parseStart)
                    layoutSeconds += parseStart.timeIntervalSince(layoutStart)
                    if round == 0 { pages += layout.pages.count }
                } catch {
                    if round == 0 { failed += 1 }
                }
            }
        }
        let full = Date().timeIntervalSince(start)
        let ours = full - parseSeconds
        let ourRSS = ResourceUsage.maxResidentMegabytes(children: false)

        let usable = inputs.count - failed
        var report = "files: \(inputs.count) (\(failed) unreadable, skipped), pages: \(pages), rounds: \(rounds)\n"
        report += Self.row("tool", "seconds", "pages/s", "peak RSS MB")
        report += Self.row(
            "ratsdoc extract+layout", String(format: "%.3f", ours),
            String(format: "%.0f", Double(pages * rounds) / max(ours, 1e-9)), String(format: "%.1f", ourRSS))

        report += String(format: "  of which poppler extraction %.3f s, layout analysis %.3f s\n", ours - layoutSeconds, layoutSeconds)
        report += Self.row(
            "ratsdoc full PDF → JSON", String(format: "%.3f", full),
            String(format: "%.0f", Double(pages * rounds) / max(full, 1e-9)), String(format: "%.1f", ourRSS))
        if comparePdftotext {
            guard let tool = Self.which("pdftotext") else {
                throw ValidationError("pdftotext not found on PATH (Debian: apt-get install poppler-utils)")
            }
            let startTool = Date()
            for _ in 0..<rounds {
                for input in inputs { try Self.runQuietly(tool, ["-q", "-tsv", input.path, "/dev/null"]) }
            }
            let theirs = Date().timeIntervalSince(startTool)
            // The peak RSS of a child cannot be read from this process (the kernel carries the
            // parent's high-water mark across exec), so GNU time measures one pass when present.
            var toolRSS = "n/a"
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/time") {
                var peak = 0.0
                for input in inputs {
                    let report = FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-bench-time.txt")
                    try Self.runQuietly("/usr/bin/time", ["-f", "%M", "-o", report.path, tool, "-q", "-tsv", input.path, "/dev/null"])
                    let text = (try? String(contentsOf: report, encoding: .utf8)) ?? ""
                    peak = max(peak, (Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) / 1024)
                }
                toolRSS = String(format: "%.1f", peak)
            }
            report += Self.row(
                "pdftotext -tsv", String(format: "%.3f", theirs),
                String(format: "%.0f", Double(pages * rounds) / max(theirs, 1e-9)), toolRSS)
            report += String(format: "ratio extract+layout / pdftotext: %.2f\n", ours / max(theirs, 1e-9))
            report += String(format: "ratio full PDF → JSON / pdftotext: %.2f\n", full / max(theirs, 1e-9))
        }
        _ = usable
        Output.write(report)
    }

    static func row(_ a: String, _ b: String, _ c: String, _ d: String) -> String {
        a.padding(toLength: 26, withPad: " ", startingAt: 0) + b.padding(toLength: 10, withPad: " ", startingAt: 0)
            + c.padding(toLength: 10, withPad: " ", startingAt: 0) + d + "\n"
    }

    static func runQuietly(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
    }

    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

enum ResourceUsage {
    /// Peak resident set size in MiB of this process, or of its waited-for children.
    static func maxResidentMegabytes(children: Bool) -> Double {
        var usage = rusage()
        getrusage(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

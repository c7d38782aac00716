import ArgumentParser
import Foundation
import RatsdocCore
import RatsdocExtract
import RatsdocPipeline
import RatsdocBench

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed and memory on PDFs (against pdftotext) and XML session exports (against xmllint).",
        discussion: """
            PDF mode: runs extraction (text, and the paths of pages that may hold a table, for rulings) + layout, and the full PDF → \
            JSON conversion (classify, parse, encode), over every PDF under the given paths \
            (directories are searched recursively), repeated --rounds times, in this process, on \
            --jobs threads. Prints pages, seconds, pages/s and peak memory (max RSS) for both, and \
            where the time goes (extraction, layout, parse + encode, as sums over the threads). With \
            --compare-pdftotext it also runs `pdftotext -tsv FILE /dev/null` on the same files, one \
            process per file with --jobs of them at a time (as `xargs -P` would), and `ratsdoc convert \
            --jobs N` on them as a user runs it (worker processes, output written to a temporary \
            folder), and prints the time ratios (below 1 means ratsdoc is faster). The same \
            parallelism on both sides.

            XML mode (inputs ending in .xml): streams each export through the full session import \
            (libxml2 reader, SHA-256 of the input, the mapping from Pipelines/xml detected by the root \
            element, result codes, vote counts, dates), keeping no records, and prints bytes, seconds, \
            MB/s (10^6 bytes), records and peak RSS. Each file is read once before timing, so both tools \
            see a warm page cache. With --compare-xmllint it also runs `xmllint --stream --noout FILE` \
            (one process per file and round), prints the same figures (peak RSS through \
            `/usr/bin/time -f %M` when it exists) and the time ratio ratsdoc / xmllint. --rounds \
            defaults to 1 for XML.

            Batch mode (--batch N): makes N Vorlage PDFs from the fixture PDFs (copies with their own \
            bytes; see BatchBench), then for --jobs 1 and 2 times `pdftotext -tsv` over them (as xargs -P \
            would), `ratsdoc convert --output` and `ratsdoc ingest` into a new store, and prints docs/s, \
            pages/s, the peak RSS of the ratsdoc process and of its largest worker, and the time ratio.

            Server mode (--serve-papers N): generates a store of N papers, starts `ratsdoc serve` on it, \
            times --requests sequential requests each to the overview page and the pending API (median \
            and p99) and, with wrk installed, loads them with 200 connections for --load-seconds each, \
            reporting requests/s, errors and the server's memory before and after.

            --generate-allris MB --to FILE writes a synthetic ALLRIS export (ISO-8859-1, umlauts, \
            12 agenda items per meeting, results with vote counts) of about MB megabytes, in constant \
            memory, and prints its size and record counts; no benchmark runs unless paths are given too.

            Files that fail to open are counted and skipped. Results go to stdout as a table.

            Examples:
              ratsdoc bench Fixtures/pdf --compare-pdftotext --rounds 20
              ratsdoc bench Fixtures/pdf --compare-pdftotext --jobs 2
              ratsdoc bench --generate-allris 200 --to /tmp/allris-200mb.xml
              ratsdoc bench /tmp/allris-200mb.xml --compare-xmllint
              ratsdoc bench --batch 2000
              ratsdoc bench --serve-papers 50000
            """
    )

    @Argument(help: "PDF or XML files, or directories holding them.")
    var paths: [String] = []

    @Flag(help: "Also time `pdftotext -tsv` on the same PDFs and report the ratio.")
    var comparePdftotext = false

    @Flag(help: "Also time `xmllint --stream --noout` on the same XML files and report the ratio.")
    var compareXmllint = false

    @Option(help: "How many times to process the whole set (default: 5 for PDFs, 1 for XML).")
    var rounds: Int?

    @Option(help: "PDFs processed at a time, by ratsdoc and by the tool compared against (default: 1).")
    var jobs: Int = 1

    @Option(help: "The Pipelines folder (profiles, XML mappings). Default: ./Pipelines or the checkout's.")
    var pipelines: String?

    @Option(
        name: .customLong("generate-allris"),
        help: ArgumentHelp(
            "Write a synthetic ALLRIS export of about this many megabytes (10^6 bytes) to --to.", valueName: "MB"))
    var generateAllris: Int?

    @Option(help: ArgumentHelp("The file --generate-allris writes.", valueName: "file"))
    var to: String?

    @Option(
        help: ArgumentHelp(
            "Make this many Vorlage PDFs from the fixture PDFs and time convert and ingest on them (jobs 1 and 2) against pdftotext.",
            valueName: "N"))
    var batch: Int?

    @Option(help: ArgumentHelp("Where --batch makes its files (default: a temporary folder).", valueName: "dir"))
    var batchDir: String?

    @Option(help: ArgumentHelp("The fixture PDFs --batch copies (default: the checkout's Fixtures/pdf).", valueName: "dir"))
    var batchFrom: String?

    @Flag(help: "Keep the files --batch made (PDFs, outputs, stores) instead of removing them.")
    var keepBatch = false

    @Option(
        help: ArgumentHelp(
            "Generate a store of this many papers, serve it, and time the overview page and the pending API (and load them with wrk).",
            valueName: "N"))
    var servePapers: Int?

    @Option(help: ArgumentHelp("Sequential requests per URL for --serve-papers.", valueName: "N"))
    var requests: Int = 300

    @Option(help: ArgumentHelp("Seconds of wrk load per URL for --serve-papers (0: none).", valueName: "seconds"))
    var loadSeconds: Int = 60

    @Option(help: ArgumentHelp("wrk rounds per URL for --serve-papers (the first warms up).", valueName: "N"))
    var loadRounds: Int = 2

    func validate() throws {
        if let rounds, rounds < 1 { throw ValidationError("--rounds must be at least 1") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let batch {
            guard batch >= 1 else { throw ValidationError("--batch needs at least 1 (document)") }
            return
        }
        if let servePapers {
            guard servePapers >= 1, requests >= 1, loadSeconds >= 0 else {
                throw ValidationError("--serve-papers and --requests need at least 1, --load-seconds at least 0")
            }
            return
        }
        if let generateAllris {
            guard generateAllris >= 1 else { throw ValidationError("--generate-allris needs at least 1 (megabyte)") }
            guard to != nil else { throw ValidationError("--generate-allris needs --to FILE") }
        } else {
            if to != nil { throw ValidationError("--to is only used with --generate-allris") }
            guard !paths.isEmpty else {
                throw ValidationError("give PDF or XML files (or --generate-allris MB --to FILE)")
            }
        }
    }

    func run() throws {
        if let servePapers {
            let directory =
                batchDir.map { URL(fileURLWithPath: $0) }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-serve-bench-\(getpid())")
            let bench = ServerBench(
                papers: servePapers, directory: directory, pipelines: pipelines, requests: requests,
                loadSeconds: loadSeconds, loadRounds: max(1, loadRounds), keep: keepBatch)
            Output.write(try bench.run())
            return
        }
        if let batch {
            let from =
                try batchFrom
                ?? PipelinesLocator.locate(pipelines).deletingLastPathComponent().appendingPathComponent("Fixtures/pdf").path
            let directory =
                batchDir.map { URL(fileURLWithPath: $0) }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-batch-\(getpid())")
            let bench = BatchBench(
                count: batch, directory: directory, sources: BatchBench.fixturePDFs(in: from), pipelines: pipelines,
                keep: keepBatch)
            Output.write(try bench.run())
            return
        }
        if let generateAllris, let to {
            let url = URL(fileURLWithPath: to)
            let started = Date()
            let written = try SyntheticExport.writeALLRIS(to: url, targetBytes: generateAllris * 1_000_000)
            Output.write(
                "wrote \(to): \(written.bytes) bytes, \(written.meetings) meetings, \(written.agendaItems) agenda items "
                    + "(\(written.agendaItemsWithVotes) with votes) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s\n"
            )
            if paths.isEmpty { return }
        }
        let (found, missing) = InputFiles.expand(paths, extensions: ["pdf", "xml"])
        for path in missing { Output.error("\(path): no such file or directory") }
        let xmlFiles = found.filter { $0.lowercased().hasSuffix(".xml") }
        let files = found.filter { !$0.lowercased().hasSuffix(".xml") }
        guard !files.isEmpty || !xmlFiles.isEmpty else {
            throw ValidationError("no PDF or XML files found under \(paths.joined(separator: ", "))")
        }
        if !xmlFiles.isEmpty { try benchXML(xmlFiles) }
        if !files.isEmpty { try benchPDF(files, rounds: rounds ?? 5) }
    }

    private func benchPDF(_ files: [String], rounds: Int) throws {

        // Read the bytes once, so both tools are timed on warm files.
        var inputs: [(path: String, data: Data)] = []
        for path in files {
            if let data = FileManager.default.contents(atPath: path) { inputs.append((path, data)) }
        }

        let library = try ProfileLibrary(
            directory: PipelinesLocator.locate(pipelines).appendingPathComponent("profiles"))
        let converter = VorlageConverter(profiles: library)
        let totals = BenchTotals()
        let jobs = self.jobs
        let warmInputs = inputs
        let start = Date()
        for round in 0..<rounds {
            let next = BenchTotals.Counter()
            DispatchQueue.concurrentPerform(iterations: jobs) { _ in
                let analyzer = LayoutAnalyzer()
                let extractor = PDFExtractor()
                while let index = next.take(below: warmInputs.count) {
                    let input = warmInputs[index]
                    do {
                        let extractStart = Date()
                        let document = try extractor.extract(bytes: input.data, path: input.path)
                        let layoutStart = Date()
                        let layout = analyzer.analyze(document)
                        let parseStart = Date()
                        _ = try PaperDocumentEmitter.json(converter.convert(layout))
                        let end = Date()
                        totals.add(
                            extract: layoutStart.timeIntervalSince(extractStart),
                            layout: parseStart.timeIntervalSince(layoutStart), parse: end.timeIntervalSince(parseStart),
                            pages: round == 0 ? layout.pages.count : 0)
                    } catch {
                        if round == 0 { totals.fail() }
                    }
                }
            }
        }
        let full = Date().timeIntervalSince(start)
        let sums = totals.snapshot()
        let pages = sums.pages
        // Wall time of extraction + layout: the full run less its share spent parsing and encoding.
        let cpu = max(sums.extract + sums.layout + sums.parse, 1e-9)
        let ours = full * (sums.extract + sums.layout) / cpu
        let ourRSS = PeakMemory.megabytes(children: false)

        var report = "files: \(inputs.count) (\(sums.failed) unreadable, skipped), pages: \(pages), rounds: \(rounds), jobs: \(jobs)\n"
        report += Self.row("tool", "seconds", "pages/s", "peak RSS MB")
        report += Self.row(
            "ratsdoc extract+layout", String(format: "%.3f", ours),
            String(format: "%.0f", Double(pages * rounds) / max(ours, 1e-9)), String(format: "%.1f", ourRSS))
        report += String(
            format: "  time in threads: extraction %.3f s (%.0f %%), layout %.3f s (%.0f %%), parse + encode %.3f s (%.0f %%)\n",
            sums.extract, 100 * sums.extract / cpu, sums.layout, 100 * sums.layout / cpu, sums.parse,
            100 * sums.parse / cpu)
        report += Self.row(
            "ratsdoc full PDF → JSON", String(format: "%.3f", full),
            String(format: "%.0f", Double(pages * rounds) / max(full, 1e-9)), String(format: "%.1f", ourRSS))
        if comparePdftotext {
            guard let tool = Self.which("pdftotext") else {
                throw ValidationError("pdftotext not found on PATH (Debian: apt-get install poppler-utils)")
            }
            let startTool = Date()
            for _ in 0..<rounds {
                try Self.runParallel(inputs.map { (tool, ["-q", "-tsv", $0.path, "/dev/null"]) }, jobs: jobs)
            }
            let theirs = Date().timeIntervalSince(startTool)
            // `ratsdoc convert` as a user runs it: worker processes, records written to a folder.
            let output = FileManager.default.temporaryDirectory.appendingPathComponent(
                "ratsdoc-bench-\(ProcessInfo.processInfo.processIdentifier)")
            defer { try? FileManager.default.removeItem(at: output) }
            var convertArguments = ["convert", "--quiet", "--force", "--jobs", "\(jobs)", "--output", output.path]
            if let pipelines { convertArguments += ["--pipelines", pipelines] }
            convertArguments += inputs.map { $0.path }
            let startConvert = Date()
            for _ in 0..<rounds { try Self.runParallel([(BatchRun.executablePath(), convertArguments)], jobs: 1) }
            let convertSeconds = Date().timeIntervalSince(startConvert)
            // The peak RSS of a child cannot be read from this process (the kernel carries the
            // parent's high-water mark across exec), so GNU time measures one pass when present.
            var toolRSS = "n/a"
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/time") {
                var peak = 0.0
                for input in inputs {
                    let report = FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-bench-time.txt")
                    try Self.runQuietly(
                        "/usr/bin/time", ["-f", "%M", "-o", report.path, tool, "-q", "-tsv", input.path, "/dev/null"])
                    let text = (try? String(contentsOf: report, encoding: .utf8)) ?? ""
                    peak = max(peak, (Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) / 1024)
                }
                toolRSS = String(format: "%.1f", peak)
            }
            report += Self.row(
                "pdftotext -tsv", String(format: "%.3f", theirs),
                String(format: "%.0f", Double(pages * rounds) / max(theirs, 1e-9)), toolRSS)
            report += Self.row(
                "ratsdoc convert --jobs \(jobs)", String(format: "%.3f", convertSeconds),
                String(format: "%.0f", Double(pages * rounds) / max(convertSeconds, 1e-9)), "-")
            report += String(format: "ratio extract+layout / pdftotext: %.2f\n", ours / max(theirs, 1e-9))
            report += String(format: "ratio full PDF → JSON / pdftotext: %.2f\n", full / max(theirs, 1e-9))
            report += String(
                format: "ratio ratsdoc convert / pdftotext (same parallelism, both as processes): %.2f\n",
                convertSeconds / max(theirs, 1e-9))
        }
        Output.write(report)
    }

    /// The XML mode: the full session import of each file against `xmllint --stream --noout`.
    private func benchXML(_ files: [String]) throws {
        let rounds = self.rounds ?? 1
        let importer = try SessionImporter(pipelinesDirectory: PipelinesLocator.locate(pipelines))
        for path in files { Self.warm(path) }
        var bytes = 0
        var records = 0
        var failed: [String] = []
        let start = Date()
        for round in 0..<rounds {
            for path in files {
                do throws(ExtractionError) {
                    let statistics = try importer.streamStatistics(path: path)
                    if round == 0 {
                        bytes += statistics.bytes
                        records += statistics.records
                    }
                } catch {
                    if round == 0 { failed.append("\(path): \(error)") }
                }
            }
        }
        let ours = Date().timeIntervalSince(start)
        let ourRSS = PeakMemory.megabytes(children: false)
        for failure in failed { Output.error(failure) }

        let megabytes = Double(bytes * rounds) / 1e6
        var report = "XML files: \(files.count) (\(failed.count) failed, skipped), bytes: \(bytes), rounds: \(rounds)\n"
        report += Self.xmlRow("tool", "bytes", "seconds", "MB/s", "records", "peak RSS MB")
        report += Self.xmlRow(
            "ratsdoc import (XML)", "\(bytes)", String(format: "%.3f", ours),
            String(format: "%.1f", megabytes / max(ours, 1e-9)),
            "\(records)", String(format: "%.1f", ourRSS))
        if compareXmllint {
            guard let tool = Self.which("xmllint") else {
                throw ValidationError("xmllint not found on PATH (Debian: apt-get install libxml2-utils)")
            }
            // The peak RSS of a child cannot be read from this process (the kernel carries the
            // parent's high-water mark across exec), so GNU time runs xmllint and reports it.
            let time = FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? "/usr/bin/time" : nil
            let timeReport = FileManager.default.temporaryDirectory.appendingPathComponent(
                "ratsdoc-bench-time-\(ProcessInfo.processInfo.processIdentifier).txt")
            defer { try? FileManager.default.removeItem(at: timeReport) }
            var peak = 0.0
            var theirs = 0.0
            for _ in 0..<rounds {
                for path in files {
                    let started = Date()
                    if let time {
                        try Self.runQuietly(
                            time, ["-f", "%M", "-o", timeReport.path, tool, "--stream", "--noout", path])
                    } else {
                        try Self.runQuietly(tool, ["--stream", "--noout", path])
                    }
                    theirs += Date().timeIntervalSince(started)
                    if time != nil {
                        let text = (try? String(contentsOf: timeReport, encoding: .utf8)) ?? ""
                        peak = max(peak, (Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) / 1024)
                    }
                }
            }
            report += Self.xmlRow(
                "xmllint --stream --noout", "\(bytes)", String(format: "%.3f", theirs),
                String(format: "%.1f", megabytes / max(theirs, 1e-9)), "-",
                time == nil ? "n/a" : String(format: "%.1f", peak))
            report += String(
                format: "ratio ratsdoc / xmllint (time): %.2f; ratsdoc reaches %.0f%% of xmllint's MB/s\n",
                ours / max(theirs, 1e-9), 100 * theirs / max(ours, 1e-9))
        }
        Output.write(report)
    }

    /// Reads a file once (in 1 MiB pieces, nothing kept) so the page cache is warm for both tools.
    static func warm(_ path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        while let data = try? handle.read(upToCount: 1 << 20), !data.isEmpty {}
    }

    static func xmlRow(_ a: String, _ b: String, _ c: String, _ d: String, _ e: String, _ f: String) -> String {
        a.padding(toLength: 26, withPad: " ", startingAt: 0) + b.padding(toLength: 12, withPad: " ", startingAt: 0)
            + c.padding(toLength: 10, withPad: " ", startingAt: 0) + d.padding(toLength: 9, withPad: " ", startingAt: 0)
            + e.padding(toLength: 9, withPad: " ", startingAt: 0) + f + "\n"
    }

    static func row(_ a: String, _ b: String, _ c: String, _ d: String) -> String {
        a.padding(toLength: 26, withPad: " ", startingAt: 0) + b.padding(toLength: 10, withPad: " ", startingAt: 0)
            + c.padding(toLength: 10, withPad: " ", startingAt: 0) + d + "\n"
    }

    /// Runs a tool with stdout and stderr on /dev/null and waits for it. Spawned with
    /// `posix_spawn` directly: Foundation's `Process` adds tens of milliseconds per start, which
    /// would make the tool we compare against look slower than it is.
    static func runQuietly(_ executable: String, _ arguments: [String]) throws {
        let pid = try spawnQuietly(executable, arguments)
        var exitStatus: Int32 = 0
        while waitpid(pid, &exitStatus, 0) < 0 && errno == EINTR {}
    }

    /// Starts a tool with stdout and stderr on /dev/null; returns its process id.
    static func spawnQuietly(_ executable: String, _ arguments: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard status == 0 else {
            throw ValidationError("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return pid
    }

    /// Runs the commands with at most `jobs` of them at a time, each as `runQuietly` does, and
    /// waits for all.
    static func runParallel(_ commands: [(String, [String])], jobs: Int) throws {
        var running: Set<pid_t> = []
        for (executable, arguments) in commands {
            while running.count >= jobs {
                var status: Int32 = 0
                let pid = waitpid(-1, &status, 0)
                if pid > 0 { running.remove(pid) } else if errno != EINTR { running.removeAll() }
            }
            running.insert(try spawnQuietly(executable, arguments))
        }
        for pid in running {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
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

/// Sums of the bench threads' timings, and the next input to take.
final class BenchTotals: @unchecked Sendable {
    private let lock = NSLock()
    private var extract = 0.0
    private var layout = 0.0
    private var parse = 0.0
    private var pages = 0
    private var failed = 0

    func add(extract: Double, layout: Double, parse: Double, pages: Int) {
        lock.lock()
        defer { lock.unlock() }
        self.extract += extract
        self.layout += layout
        self.parse += parse
        self.pages += pages
    }

    func fail() {
        lock.lock()
        defer { lock.unlock() }
        failed += 1
    }

    func snapshot() -> (extract: Double, layout: Double, parse: Double, pages: Int, failed: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (extract, layout, parse, pages, failed)
    }

    /// Hands out 0, 1, 2, ... to the threads.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0

        func take(below limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < limit else { return nil }
            next += 1
            return next - 1
        }
    }
}

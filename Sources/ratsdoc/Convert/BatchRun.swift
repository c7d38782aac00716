import Foundation
import RatsdocCore
import RatsdocExtract

/// One `ratsdoc convert` run: finds the inputs, skips those whose output is up to date, converts
/// the rest (Vorlagen in worker processes, session data in process), writes the records, and
/// reports what it did.
final class BatchRun: @unchecked Sendable {
    // Invariant: the mutable state below (`statuses`, `pending`, `nextToEmit`, `done`, the output
    // state) is only touched while holding `lock`; worker threads call `deliver`, which takes it.
    private let lock = NSLock()

    struct Summary {
        var success = 0
        var partial = 0
        var failure = 0
        var unchanged = 0
    }

    let command: ConvertCommand
    let pipelinesURL: URL
    let paperConverter: PaperFileConverter
    private let sink: OutputSink
    private let progress: Progress

    private var paperInputs: [String] = []
    private var sessionInputs: [String] = []
    private var statuses: [String: String] = [:]
    private var summary = Summary()

    init(command: ConvertCommand, pipelinesURL: URL, paperConverter: PaperFileConverter) throws {
        self.command = command
        self.pipelinesURL = pipelinesURL
        self.paperConverter = paperConverter
        let (files, missing) = InputFiles.expand(command.inputs, extensions: ["pdf", "txt", "xml", "json"])
        guard missing.isEmpty else {
            throw ConvertFailure(missing.map { "\($0): no such file or directory" }.joined(separator: "\n"))
        }
        guard !files.isEmpty else {
            throw ConvertFailure("no .pdf, .txt, .xml or .json files in \(command.inputs.joined(separator: ", "))")
        }
        for file in files {
            // XML goes to the workers with the Vorlagen; OParl JSON files refer to each other and are
            // read together in this process.
            if file.lowercased().hasSuffix(".json") { sessionInputs.append(file) } else { paperInputs.append(file) }
        }
        let fingerprint = try Self.fingerprint(pipelinesURL: pipelinesURL, command: command)
        if let directory = command.output {
            sink = try DirectorySink(directory: directory, inputs: files, fingerprint: fingerprint)
        } else {
            sink = StreamSink(count: files.count)
        }
        progress = Progress(total: files.count, quiet: command.quiet)
    }

    func execute() throws -> Summary {
        let started = Date()
        let allInputs = paperInputs + sessionInputs
        // Incremental: skip inputs whose output is current.
        var paperWork: [(index: Int, path: String)] = []
        var sessionWork: [(index: Int, path: String)] = []
        for (index, path) in allInputs.enumerated() {
            if !command.force, sink.isCurrent(path: path) {
                lock.withLock {
                    summary.unchanged += 1
                    statuses[path] = "unchanged"
                }
                sink.skip(index: index)
                progress.step(path: path, status: "unchanged")
                continue
            }
            if index < paperInputs.count { paperWork.append((index, path)) } else { sessionWork.append((index, path)) }
        }

        // Special files are refused before anything opens them.
        paperWork = paperWork.filter { item in
            guard let refused = SpecialFiles.refusal(item.path) else { return true }
            deliver(index: item.index, refused)
            return false
        }
        sessionWork = sessionWork.filter { item in
            guard let refused = SpecialFiles.refusal(item.path) else { return true }
            deliver(index: item.index, refused)
            return false
        }
        if !paperWork.isEmpty {
            if command.inProcess {
                let converter = paperConverter
                let work = paperWork
                let importer = try? SessionImporter(
                    pipelinesDirectory: pipelinesURL, mapping: command.mapping, recover: command.recover)
                let pretty = command.output != nil && command.format != .jsonl
                DispatchQueue.concurrentPerform(iterations: work.count) { position in
                    let item = work[position]
                    if SessionImporter.accepts(path: item.path), let importer {
                        self.deliver(
                            index: item.index,
                            Self.sessionRecord(path: item.path, importer: importer, context: OParlIndex(), pretty: pretty))
                    } else {
                        self.deliver(index: item.index, converter.convert(path: item.path))
                    }
                }
            } else {
                let pool = WorkerPool(
                    executable: Self.executablePath(), workerArguments: workerArguments(), timeout: command.timeout)
                let paths = paperWork.map(\.path)
                let indices = paperWork.map(\.index)
                pool.run(paths: paths, concurrency: command.jobs) { position, record in
                    self.deliver(index: indices[position], record)
                }
            }
        }
        if !sessionWork.isEmpty { convertSessionData(sessionWork) }

        try sink.finish()
        let elapsed = Date().timeIntervalSince(started)
        let final = lock.withLock { summary }
        progress.finish()
        Output.log(
            "ratsdoc: \(allInputs.count) inputs: \(final.success) success, \(final.partial) partial, "
                + "\(final.failure) failure, \(final.unchanged) unchanged (skipped) in "
                + String(format: "%.2f s", elapsed))
        if let reportPath = command.report { try writeReport(to: reportPath, summary: final, elapsed: elapsed) }
        return final
    }

    /// Receives one finished record (from any thread): counts it, reports problems, writes it.
    func deliver(index: Int, _ record: ConvertedRecord) {
        lock.withLock {
            switch record.status {
            case "success": summary.success += 1
            case "partial": summary.partial += 1
            default: summary.failure += 1
            }
            statuses[record.path] = record.status
        }
        if let problem = record.problem { Output.error(problem) }
        do {
            try sink.write(index: index, record: record)
        } catch {
            Output.error("\(record.path): cannot write the output: \(error)")
            lock.withLock {
                summary.failure += 1
                statuses[record.path] = "failure"
            }
        }
        progress.step(path: record.path, status: record.status)
    }

    private func convertSessionData(_ work: [(index: Int, path: String)]) {
        let importer: SessionImporter
        do {
            importer = try SessionImporter(
                pipelinesDirectory: pipelinesURL, mapping: command.mapping, recover: command.recover)
        } catch {
            for item in work {
                deliver(index: item.index, WorkerPool.failure(item.path, code: "configuration", reason: "\(error)"))
            }
            return
        }
        // OParl references (organizations, meetings) are resolved across all JSON inputs of the run.
        let context = importer.oparlIndex(paths: work.map(\.path).filter { $0.lowercased().hasSuffix(".json") })
        let pretty = command.output != nil && command.format != .jsonl
        for item in work {
            deliver(index: item.index, Self.sessionRecord(path: item.path, importer: importer, context: context, pretty: pretty))
        }
    }

    /// One session input (XML export or OParl JSON) as a record; never throws.
    static func sessionRecord(path: String, importer: SessionImporter, context: OParlIndex, pretty: Bool)
        -> ConvertedRecord
    {
        let document: SessionDocument
        do {
            document = try importer.importFile(at: path, context: context)
        } catch {
            return WorkerPool.failure(path, code: error.code.rawValue, reason: error.message, transient: false)
        }
        let text = (try? JSONOutput.encode(document, pretty: pretty)) ?? "{}"
        let problem = PaperFileConverter.problem(path: path, status: document.status, findings: document.findings)
        return ConvertedRecord(path: path, status: document.status.rawValue, record: text, problem: problem)
    }

    private func workerArguments() -> [String] {
        var arguments = [
            "convert", "--worker", "--pipelines", pipelinesURL.path, "--format", command.format.rawValue,
            "--base-url", command.baseURL, "--memory-limit", String(command.memoryLimit),
            "--timeout", String(command.timeout),
        ]
        if let profile = command.profile { arguments += ["--profile", profile] }
        if let mapping = command.mapping { arguments += ["--mapping", mapping] }
        if command.recover { arguments.append("--recover") }
        if let output = command.output { arguments += ["--output", output] }
        arguments.append("-")
        return arguments
    }

    static func executablePath() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    /// Identifies everything that shapes the output besides the input bytes: the profiles, mappings
    /// and vocabularies, the options, and the ratsdoc version. A change re-converts every input.
    static func fingerprint(pipelinesURL: URL, command: ConvertCommand) throws -> String {
        var material = Data(
            "ratsdoc \(Ratsdoc.configuration.version)|\(command.format.rawValue)|\(command.profile ?? "")|\(command.baseURL)|\(command.mapping ?? "")|\(command.recover)"
                .utf8)
        let files = InputFiles.expand([pipelinesURL.path], extensions: ["yml", "yaml"]).files
        for file in files {
            material.append(Data(file.utf8))
            material.append((try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data())
        }
        return SHA256Digest.hex(of: material)
    }

    private func writeReport(to path: String, summary: Summary, elapsed: TimeInterval) throws {
        let files = lock.withLock { statuses }
        let report: [String: Any] = [
            "inputs": files.count,
            "success": summary.success, "partial": summary.partial, "failure": summary.failure,
            "unchanged": summary.unchanged, "seconds": (elapsed * 1000).rounded() / 1000,
            "files": files,
        ]
        let data = try JSONSerialization.data(
            withJSONObject: report, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// Progress on stderr: a line every two seconds (or per file when stderr is a terminal).
final class Progress: @unchecked Sendable {
    // Invariant: `done` and `lastPrint` are only touched while holding `lock`.
    private let lock = NSLock()
    private var done = 0
    private var lastPrint = Date.distantPast
    private let total: Int
    private let quiet: Bool
    private let interactive = isatty(2) != 0
    private let started = Date()

    init(total: Int, quiet: Bool) {
        self.total = total
        self.quiet = quiet
    }

    func step(path: String, status: String) {
        lock.withLock {
            done += 1
            guard !quiet, total > 1 else { return }
            let now = Date()
            guard interactive || now.timeIntervalSince(lastPrint) >= 2 || done == total else { return }
            lastPrint = now
            let rate = Double(done) / max(now.timeIntervalSince(started), 0.001)
            let line = String(format: "[%d/%d] %.1f files/s  %@: %@", done, total, rate, path, status)
            FileHandle.standardError.write(
                Data(((interactive ? "\r\u{1B}[K" : "") + line + (interactive ? "" : "\n")).utf8))
        }
    }

    func finish() {
        lock.withLock {
            if interactive, !quiet, total > 1 { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }
}

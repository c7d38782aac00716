public import Foundation
import RatsdocCore
import RatsdocExtract

/// One `ratsdoc convert` run: finds the inputs, skips those whose output is up to date, converts
/// the rest (Vorlagen in worker processes, session data in process), writes the records, and
/// reports what it did.
public final class BatchRun: @unchecked Sendable {
    // Invariant: the mutable state below (`statuses`, `pending`, `nextToEmit`, `done`, the output
    // state) is only touched while holding `lock`; worker threads call `deliver`, which takes it.
    private let lock = NSLock()

    public struct Summary: Sendable {
        public var success = 0
        public var partial = 0
        public var failure = 0
        public var unchanged = 0
        /// Unchanged inputs whose output is a partial or failure record: they still count, so a
        /// rerun exits as the run that made them did.
        public var unchangedProblems = 0
        /// Inputs that got no record: a warning line each (dangling links, clashing output names).
        public var refused = 0

        public var hasProblems: Bool { partial + failure + unchangedProblems + refused > 0 }
    }

    let command: BatchOptions
    let pipelinesURL: URL
    let paperConverter: PaperFileConverter
    private let observer: any BatchObserver
    private let sink: any RecordSink
    private let directorySink: DirectorySink?

    private var paperInputs: [String] = []
    private var sessionInputs: [String] = []
    private var statuses: [String: String] = [:]
    private var summary = Summary()
    public private(set) var warnings: [String] = []

    /// - Parameter sink: where the records go instead of `options.output` or stdout (the store).
    ///   It is asked which inputs are current; `options.force` converts them anyway.
    /// - Throws: ``ConvertFailure`` when an input is missing or there is nothing to convert.
    public init(
        options command: BatchOptions, pipelinesURL: URL, paperConverter: PaperFileConverter,
        observer: any BatchObserver, sink customSink: (any RecordSink)? = nil
    ) throws {
        self.command = command
        self.observer = observer
        self.pipelinesURL = pipelinesURL
        self.paperConverter = paperConverter
        let found = InputFiles.collect(
            command.inputs, extensions: ["pdf", "txt", "xml", "json"], excluding: command.output.map { [$0] } ?? [])
        guard found.missing.isEmpty else {
            throw ConvertFailure(found.missing.map { "\($0): no such file or directory" }.joined(separator: "\n"))
        }
        guard !found.files.isEmpty || !found.warnings.isEmpty else {
            throw ConvertFailure("no .pdf, .txt, .xml or .json files in \(command.inputs.joined(separator: ", "))")
        }
        warnings = found.warnings
        // Output names (relative path, NFC): two inputs with one name (an NFC and an NFD copy, a
        // file given twice) would overwrite each other; the later ones are refused with a warning.
        var names: [String: String] = [:]
        var owner: [String: String] = [:]
        var files: [String] = []
        for input in found.files {
            let name = DirectorySink.outputName(for: input.relative)
            if let first = owner[name] {
                // Swift compares strings by canonical equivalence; the file system by bytes.
                if !first.utf8.elementsEqual(input.path.utf8) {
                    warnings.append("\(input.path): its output name \(name) is taken by \(first) (names compare in NFC); not converted")
                }
                continue
            }
            owner[name] = input.path
            names[input.path] = name
            files.append(input.path)
        }
        for file in files {
            // XML goes to the workers with the Vorlagen; OParl JSON files refer to each other and are
            // read together in this process.
            if file.lowercased().hasSuffix(".json") { sessionInputs.append(file) } else { paperInputs.append(file) }
        }
        let fingerprint = try Self.fingerprint(pipelinesURL: pipelinesURL, command: command)
        if let customSink {
            directorySink = nil
            sink = customSink
            customSink.begin(outputNames: names)
        } else if let directory = command.output {
            let directorySink = try DirectorySink(directory: directory, outputNames: names, fingerprint: fingerprint)
            self.directorySink = directorySink
            sink = directorySink
        } else {
            directorySink = nil
            sink = StreamSink(count: files.count)
        }
        observer.begin(total: files.count)
    }

    public func execute() throws -> Summary {
        let started = Date()
        let allInputs = paperInputs + sessionInputs
        if let notice = directorySink?.stateNotice { observer.problem(notice) }
        for warning in warnings { observer.problem(warning) }
        lock.withLock { summary.refused = warnings.count }
        // Incremental: skip inputs whose output is current; they keep the status they had.
        var paperWork: [(index: Int, path: String)] = []
        var sessionWork: [(index: Int, path: String)] = []
        for (index, path) in allInputs.enumerated() {
            if !command.force, let previous = sink.previousStatus(path: path) {
                lock.withLock {
                    summary.unchanged += 1
                    if previous != "success" { summary.unchangedProblems += 1 }
                    statuses[path] = "unchanged (\(previous))"
                }
                if previous != "success" { observer.problem("\(path): unchanged, still \(previous) (see its record)") }
                sink.skip(index: index, path: path)
                observer.progress(path: path, status: "unchanged")
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
                DispatchQueue.concurrentPerform(iterations: work.count) { position in
                    let item = work[position]
                    self.deliver(index: item.index, converter.convert(path: item.path))
                }
            }
        }
        if command.inProcess {
            if !sessionWork.isEmpty { convertSessionData(sessionWork) }
        } else if !paperWork.isEmpty || !sessionWork.isEmpty {
            // Every input in a worker, OParl JSON too: the workers read the run's JSON files for
            // the references between them from a list (temporary file) passed to them.
            let work = paperWork + sessionWork
            // The context is every OParl file of the run, also those skipped as unchanged: a file's
            // record must not depend on which of the others happen to be converted again.
            let contextList = try writeOParlList(
                sessionWork.isEmpty ? [] : sessionInputs.filter { SpecialFiles.refusal($0) == nil })
            defer { if let contextList { try? FileManager.default.removeItem(atPath: contextList) } }
            let pool = WorkerPool(
                executable: command.workerExecutable ?? Self.executablePath(),
                workerArguments: workerArguments(oparlList: contextList),
                timeout: command.timeout)
            let paths = work.map(\.path)
            let indices = work.map(\.index)
            pool.run(paths: paths, concurrency: command.jobs) { position, record in
                self.deliver(index: indices[position], record)
            }
        }

        var finishError: (any Error)?
        do { try sink.finish() } catch { finishError = error }
        let stale = directorySink?.staleOutputs(remove: command.prune) ?? []
        if !stale.isEmpty {
            observer.problem(
                "\(stale.count) outputs whose input is gone\(command.prune ? " removed" : " (--prune removes them)"): "
                    + stale.prefix(5).joined(separator: ", ") + (stale.count > 5 ? ", …" : ""))
        }
        if command.prune { do { try sink.finish() } catch { finishError = finishError ?? error } }
        let elapsed = Date().timeIntervalSince(started)
        observer.end()
        if let finishError {
            observer.problem("cannot save the run state in \(command.output ?? "the output folder"): \(finishError)")
            lock.withLock { summary.failure += 1 }
        }
        let final = lock.withLock { summary }
        var line =
            "ratsdoc: \(allInputs.count + final.refused) inputs: \(final.success) success, \(final.partial) partial, "
            + "\(final.failure) failure, \(final.unchanged) unchanged (skipped"
        line += final.unchangedProblems > 0 ? "; \(final.unchangedProblems) of them partial or failure)" : ")"
        if final.refused > 0 { line += ", \(final.refused) not converted (see the warnings)" }
        observer.summary(line + " in " + String(format: "%.2f s", elapsed))
        if let reportPath = command.report {
            do {
                try writeReport(to: reportPath, summary: final, elapsed: elapsed, stale: stale)
            } catch {
                observer.problem("cannot write the report \(reportPath): \(error)")
            }
        }
        return final
    }

    /// Receives one finished record (from any thread): counts it, reports problems, writes it.
    /// A record counts with its own status only once it is written; a write error makes it a failure.
    func deliver(index: Int, _ record: ConvertedRecord) {
        if let problem = record.problem { observer.problem(problem) }
        var status = record.status
        do {
            try sink.write(index: index, record: record)
        } catch {
            observer.problem("\(record.path): cannot write the output: \(error)")
            status = "failure"
        }
        lock.withLock {
            switch status {
            case "success": summary.success += 1
            case "partial": summary.partial += 1
            default: summary.failure += 1
            }
            statuses[record.path] = status
        }
        observer.progress(path: record.path, status: status)
    }

    /// OParl JSON in this process (`--in-process` only): the same conversion as in the workers,
    /// with the run's JSON files as the context of their references.
    private func convertSessionData(_ work: [(index: Int, path: String)]) {
        let converter = PaperFileConverter(
            pipeline: paperConverter.pipeline, format: paperConverter.format, pretty: paperConverter.pretty,
            baseURL: paperConverter.baseURL, oparlPaths: sessionInputs.filter { SpecialFiles.refusal($0) == nil })
        for item in work { deliver(index: item.index, converter.convert(path: item.path)) }
    }

    /// The run's OParl JSON paths as a JSON array in a temporary file, for the workers; nil without any.
    private func writeOParlList(_ paths: [String]) throws -> String? {
        guard !paths.isEmpty else { return nil }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ratsdoc-oparl-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).json")
        try JSONOutput.data(paths, pretty: false).write(to: url)
        return url.path
    }

    private func workerArguments(oparlList: String? = nil) -> [String] {
        var arguments = [
            command.workerCommand, "--worker", "--pipelines", pipelinesURL.path, "--format", command.format.rawValue,
            "--base-url", command.baseURL, "--memory-limit", String(command.memoryLimit),
            "--timeout", String(command.timeout),
        ]
        if let profile = command.profile { arguments += ["--profile", profile] }
        if let mapping = command.mapping { arguments += ["--mapping", mapping] }
        if command.recover { arguments.append("--recover") }
        if let output = command.output { arguments += ["--output", output] }
        if let oparlList { arguments += ["--oparl-list", oparlList] }
        arguments.append("-")
        return arguments
    }

    public static func executablePath() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    /// Identifies everything that shapes the output besides the input bytes: the profiles, mappings
    /// and vocabularies, the options, and the ratsdoc build (``buildIdentifier()``). A change
    /// re-converts every input.
    static func fingerprint(pipelinesURL: URL, command: BatchOptions) throws -> String {
        var material = Data(
            "ratsdoc \(command.version)|\(buildIdentifier())|\(command.format.rawValue)|\(command.profile ?? "")|\(command.baseURL)|\(command.mapping ?? "")|\(command.recover)"
                .utf8)
        let files = InputFiles.expand([pipelinesURL.path], extensions: ["yml", "yaml"]).files
        for file in files {
            material.append(Data(file.utf8))
            material.append((try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data())
        }
        return SHA256Digest.hex(of: material)
    }

    /// The running executable's identity: its size and modification time. Every build writes a new
    /// binary, so an upgraded ratsdoc never takes the outputs of the one before as current.
    public static func buildIdentifier() -> String {
        var info = stat()
        guard stat(executablePath(), &info) == 0 else { return "unknown-build" }
        return "\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    /// The run report (`--report`): counts, per-file status, inputs not converted, stale outputs.
    struct RunReport: Encodable {
        var inputs: Int
        var success: Int
        var partial: Int
        var failure: Int
        var unchanged: Int
        var unchangedPartialOrFailure: Int
        var notConverted: [String]
        var staleOutputs: [String]
        var seconds: Double
        /// Peak RSS in MiB of this process and of its largest worker (ended workers only).
        var peakResidentMiB: [String: Double]
        var files: [String: String]
    }

    private func writeReport(to path: String, summary: Summary, elapsed: TimeInterval, stale: [String]) throws {
        let files = lock.withLock { statuses }
        let report = RunReport(
            inputs: files.count + summary.refused, success: summary.success, partial: summary.partial,
            failure: summary.failure, unchanged: summary.unchanged,
            unchangedPartialOrFailure: summary.unchangedProblems, notConverted: warnings, staleOutputs: stale,
            seconds: (elapsed * 1000).rounded() / 1000,
            peakResidentMiB: [
                "parent": PeakMemory.megabytes(children: false), "workers": PeakMemory.megabytes(children: true),
            ], files: files)
        try JSONOutput.data(report, pretty: true).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}


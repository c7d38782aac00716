public import Foundation
import RatsdocCore
import RatsdocExtract

/// Runs conversions in child `ratsdoc convert --worker` processes, so that a document that
/// crashes poppler, hangs it, or exhausts memory costs only that document.
///
/// Each worker thread owns one child process and feeds it one path at a time over stdin; the
/// child answers with one JSON line. A child that does not answer within `timeout` is killed; a
/// child that exits (crash, memory limit) is replaced. Either way the document gets a failure
/// record and the batch goes on. Children are also replaced every `recycleAfter` documents, so
/// that no allocator or cache growth builds up over a long batch.
public final class WorkerPool: @unchecked Sendable {
    // Invariant: `nextIndex` is read and written only while holding `lock`; each worker thread
    // owns its child process and touches no other thread's state.
    private let lock = NSLock()
    private var nextIndex = 0

    let executable: String
    let workerArguments: [String]
    let timeout: TimeInterval
    let recycleAfter: Int

    public init(executable: String, workerArguments: [String], timeout: TimeInterval, recycleAfter: Int = 200) {
        self.executable = executable
        self.workerArguments = workerArguments
        self.timeout = timeout
        self.recycleAfter = recycleAfter
    }

    /// Converts every path with `concurrency` workers; `deliver` is called once per path (index
    /// into `paths`), from worker threads.
    public func run(paths: [String], concurrency: Int, deliver: @escaping @Sendable (Int, ConvertedRecord) -> Void) {
        let group = DispatchGroup()
        for _ in 0..<max(1, min(concurrency, paths.count)) {
            group.enter()
            let thread = Thread { [self] in
                workerLoop(paths: paths, deliver: deliver)
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
    }

    private func takeIndex(limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < limit else { return nil }
        defer { nextIndex += 1 }
        return nextIndex
    }

    private func workerLoop(paths: [String], deliver: @Sendable (Int, ConvertedRecord) -> Void) {
        var child: WorkerProcess?
        var served = 0
        while let index = takeIndex(limit: paths.count) {
            let path = paths[index]
            // An answer that is garbage or names another input recycles the worker; the input is
            // tried once more with a fresh one.
            var attempts = 0
            while true {
                attempts += 1
                if child == nil || served >= recycleAfter {
                    child?.finish()
                    child = nil
                    served = 0
                    do {
                        child = try WorkerProcess(executable: executable, arguments: workerArguments)
                    } catch {
                        deliver(
                            index,
                            Self.failure(path, code: .crashed, reason: "cannot start a worker process: \(error)"))
                        break
                    }
                }
                guard let worker = child else { break }
                served += 1
                switch worker.request(path, timeout: timeout) {
                case .answer(let record):
                    if let record, record.path == path {
                        deliver(index, record)
                        break
                    }
                    worker.kill()
                    child = nil
                    if attempts < 2 { continue }
                    deliver(
                        index,
                        Self.failure(
                            path, code: .crashed, reason: "the worker answered with garbage or for another input, twice"))
                case .timedOut:
                    worker.kill()
                    child = nil
                    deliver(
                        index,
                        Self.failure(
                            path, code: .timeout, reason: "no result after \(timeout.formatted()) s; worker stopped"))
                case .exited(let status):
                    child = nil
                    deliver(
                        index,
                        Self.failure(path, code: .crashed, reason: "worker process died (\(status)) on this document"))
                }
                break
            }
        }
        child?.finish()
    }

    /// The failure record for an input that gave no record of its own (its worker crashed or
    /// timed out, it could not be read or is not a regular file): typed by the input's family, a
    /// ``SessionDocument`` for XML and OParl JSON, a ``PaperDocument`` otherwise, with one error
    /// finding. `transient` failures (the run's, not the document's) are tried again next run.
    public static func failure(_ path: String, code: FindingCode, reason: String, transient: Bool = true) -> ConvertedRecord {
        let mediaType = PaperFileConverter.mediaType(path)
        let source = SourceInfo(path: path, sha256: PaperFileConverter.digest(path), mediaType: mediaType, pages: 0)
        let finding = Finding(severity: .error, code: code, message: reason)
        let text: String?
        if MediaTypeSniffer.isSessionData(mediaType) {
            text = try? JSONOutput.encode(
                SessionDocument(source: source, status: .failure, dialect: nil, findings: [finding]), pretty: false)
        } else {
            let document = PaperDocument(
                source: source, status: .failure, profile: nil, profileScore: nil, paper: nil, findings: [finding],
                provenance: [:])
            text = try? JSONOutput.encode(document, pretty: false)
        }
        return ConvertedRecord(
            path: path, status: "failure", record: text ?? "{}", problem: "\(path): \(code.rawValue): \(reason)",
            transient: transient, sha256: source.sha256)
    }
}

/// One child process speaking the worker protocol: a JSON-encoded path per line in, a
/// ``WorkerFrame`` out.
final class WorkerProcess {
    enum Response {
        /// A frame, or nil when the answer was garbage.
        case answer(ConvertedRecord?)
        case timedOut
        case exited(String)
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = [UInt8]()

    init(executable: String, arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        // A crashing worker is reported as one failure line; the Swift runtime's backtrace of
        // it would bury that line in the batch's stderr.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        try process.run()
    }

    func request(_ path: String, timeout: TimeInterval) -> Response {
        // The path as bytes would break on a newline in a name; as a JSON string it cannot.
        let encoded = (try? JSONOutput.encode(path, pretty: false)) ?? "\"\""
        do {
            try input.fileHandleForWriting.write(contentsOf: Data((encoded + "\n").utf8))
        } catch {
            return .exited(exitDescription())
        }
        let deadline = Date().addingTimeInterval(timeout)
        let descriptor = output.fileHandleForReading.fileDescriptor
        // A frame: a header line, then `recordBytes` bytes of record text.
        var header: WorkerFrame.Header?
        var bodyStart = 0
        while true {
            if header == nil, let newline = buffer.firstIndex(of: 0x0A) {
                guard let parsed = WorkerFrame.header(Array(buffer[..<newline])), parsed.recordBytes >= 0 else {
                    buffer.removeSubrange(...newline)
                    return .answer(nil)
                }
                header = parsed
                bodyStart = newline + 1
            }
            if let header, buffer.count - bodyStart >= header.recordBytes {
                let body = Array(buffer[bodyStart..<(bodyStart + header.recordBytes)])
                buffer.removeSubrange(..<(bodyStart + header.recordBytes))
                return .answer(WorkerFrame.record(header, body: body))
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return .timedOut }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(remaining, 1) * 1000))
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = read(descriptor, &chunk, chunk.count)
            if count <= 0 { return .exited(exitDescription()) }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    private func exitDescription() -> String {
        process.waitUntilExit()
        switch process.terminationReason {
        case .uncaughtSignal: return "signal \(process.terminationStatus)"
        default: return "exit status \(process.terminationStatus)"
        }
    }

    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Closes stdin so the child ends, and waits for it.
    func finish() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

public import Foundation
import RatsdocCore
import RatsdocExtract

/// Runs conversions in child `ratsdoc convert --worker` processes, so that a document that
/// crashes poppler, hangs it, or exhausts memory costs only that document.
///
/// Each worker thread owns one child process and feeds it one path at a time over stdin; the
/// child answers with one JSON line. A child that does not answer within `timeout` is killed; a
/// child that exits (crash, memory limit) is replaced. Either way the document gets a failure
/// record and the batch goes on. Children are also replaced when they have grown past
/// `recycleAboveBytes` of resident memory (looked at every ``memoryCheckInterval`` documents) or
/// have served `recycleAfter` documents, so that no allocator or cache growth builds up over a
/// long batch. A new child costs its start and its first document's set-up (profiles, poppler's
/// tables), so children are not replaced more often than that.
///
/// Records are delivered on one serial queue, not on the worker threads: a child gets its next
/// path while the previous record is written (a file, or a store transaction). At most
/// ``pendingPerWorker`` records per worker wait for delivery, so a slow sink slows the workers
/// instead of filling the memory.
public final class WorkerPool: @unchecked Sendable {
    // Invariant: `nextIndex` is read and written only while holding `lock`; each worker thread
    // owns its child process and touches no other thread's state.
    private let lock = NSLock()
    private var nextIndex = 0
    private var started = 0

    /// Child processes started so far (the first of each worker thread and every replacement).
    public var workersStarted: Int { lock.withLock { started } }

    let executable: String
    let workerArguments: [String]
    let timeout: TimeInterval
    let recycleAfter: Int
    let recycleAboveBytes: Int
    /// Documents between two looks at a child's resident memory.
    static let memoryCheckInterval = 20
    /// Documents after which a child is replaced where its resident memory cannot be read.
    static let recycleWithoutMemoryReading = 200

    /// Records that may wait for delivery, per worker.
    static let pendingPerWorker = 2

    public init(
        executable: String, workerArguments: [String], timeout: TimeInterval, recycleAfter: Int = 2_000,
        recycleAboveBytes: Int = 256 << 20
    ) {
        self.executable = executable
        self.workerArguments = workerArguments
        self.timeout = timeout
        self.recycleAfter = recycleAfter
        self.recycleAboveBytes = recycleAboveBytes
    }

    /// Converts every path with `concurrency` workers; `deliver` is called once per path (index
    /// into `paths`), in the order the records come, from one delivery queue; it has been
    /// called for every path when this returns.
    public func run(paths: [String], concurrency: Int, deliver: @escaping @Sendable (Int, ConvertedRecord) -> Void) {
        let group = DispatchGroup()
        let workers = max(1, min(concurrency, paths.count))
        let delivery = DispatchQueue(label: "ratsdoc.worker-pool.delivery")
        let room = DispatchSemaphore(value: workers * Self.pendingPerWorker)
        let handOver: @Sendable (Int, ConvertedRecord) -> Void = { index, record in
            room.wait()
            delivery.async {
                deliver(index, record)
                room.signal()
            }
        }
        for _ in 0..<workers {
            group.enter()
            let thread = Thread { [self] in
                workerLoop(paths: paths, deliver: handOver)
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        // Every record handed over is delivered before the run ends.
        delivery.sync {}
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
                // Where the resident size cannot be read (no /proc), every few hundred documents.
                let grown =
                    served > 0 && served % Self.memoryCheckInterval == 0
                    && (child?.residentBytes.map { $0 > recycleAboveBytes } ?? (served >= Self.recycleWithoutMemoryReading))
                if child == nil || served >= recycleAfter || grown {
                    child?.finish()
                    child = nil
                    served = 0
                    do {
                        child = try WorkerProcess(executable: executable, arguments: workerArguments)
                        lock.withLock { started += 1 }
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
        let mediaType = MediaTypeSniffer.mediaType(path: path)
        let source = SourceInfo(path: path, sha256: Pipeline.digest(path), mediaType: mediaType, pages: 0)
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

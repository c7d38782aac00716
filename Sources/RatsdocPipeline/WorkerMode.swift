public import Foundation
import RatsdocCore

/// The child side of ``WorkerPool``: reads JSON-encoded paths from stdin, one per line, and
/// answers each with one ``WorkerFrame`` on stdout.
///
/// A worker guards itself too: it dies when its parent dies (a watchdog thread sees the parent
/// change), and it ends itself when one document runs far past the parent's time limit (a parent
/// that is stuck cannot kill it). The address space is limited to `--memory-limit`.
public enum WorkerMode {
    /// How long past the parent's timeout a worker lets one document run before it ends itself.
    static let selfDeadlineFactor = 2.0
    /// How often the watchdog looks at the parent and the clock.
    static let watchdogInterval: TimeInterval = 0.25

    public static func serve(
        memoryLimitMiB: Int, timeout: TimeInterval, convert: @escaping @Sendable (String) -> ConvertedRecord
    ) {
        var limit = rlimit()
        let bytes = rlim_t(memoryLimitMiB) * 1024 * 1024
        limit.rlim_cur = bytes
        limit.rlim_max = bytes
        setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        let watchdog = Watchdog(parent: getppid(), limit: timeout * selfDeadlineFactor + 5)
        watchdog.start()

        // Fault injection for the end-to-end tests: a worker asked for a path containing a marker
        // dies the way a poppler crash kills it (SIGABRT), hangs the way a poppler loop does,
        // allocates until its memory limit stops it, or answers for another path.
        func marker(_ name: String) -> String? {
            ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        let crashMarker = marker("RATSDOC_TEST_CRASH_MARKER")
        let hangMarker = marker("RATSDOC_TEST_HANG_MARKER")
        let memoryMarker = marker("RATSDOC_TEST_MEMORY_MARKER")
        let wrongPathMarker = marker("RATSDOC_TEST_WRONG_PATH_MARKER")
        while let line = readLine(strippingNewline: true) {
            guard let path = try? JSONDecoder().decode(String.self, from: Data(line.utf8)) else { continue }
            if let crashMarker, path.contains(crashMarker) { abort() }
            watchdog.begin()
            if let hangMarker, path.contains(hangMarker) { while true { sleep(60) } }
            if let memoryMarker, path.contains(memoryMarker) { exhaustMemory() }
            var record = convert(path)
            watchdog.end()
            if let wrongPathMarker, path.contains(wrongPathMarker) { record.path += ".elsewhere" }
            FileHandle.standardOutput.write(WorkerFrame.encode(record))
        }
    }

    /// Allocates and touches memory in 64 MiB blocks until the address-space limit refuses a block;
    /// the worker then dies as a library that runs out of memory does.
    static func exhaustMemory() -> Never {
        let block = 64 << 20
        var blocks: [UnsafeMutableRawPointer] = []
        while let pointer = malloc(block) {
            memset(pointer, 1, block)
            blocks.append(pointer)
        }
        FileHandle.standardError.write(Data("ratsdoc worker: out of memory after \(blocks.count * 64) MiB\n".utf8))
        abort()
    }

    /// Ends the worker when its parent is gone or one document has run past `limit` seconds.
    final class Watchdog: @unchecked Sendable {
        // Invariant: `started` is only touched while holding `lock`.
        private let lock = NSLock()
        private var started: Date?
        private let parent: pid_t
        private let limit: TimeInterval

        init(parent: pid_t, limit: TimeInterval) {
            self.parent = parent
            self.limit = limit
        }

        func begin() { lock.withLock { started = Date() } }
        func end() { lock.withLock { started = nil } }

        func start() {
            let thread = Thread { [self] in
                while true {
                    Thread.sleep(forTimeInterval: WorkerMode.watchdogInterval)
                    // Re-parented (to init or a subreaper): the parent died.
                    if getppid() != parent { _exit(3) }
                    let overdue = lock.withLock { started.map { Date().timeIntervalSince($0) > limit } ?? false }
                    if overdue { _exit(4) }
                }
            }
            thread.stackSize = 1 << 16
            thread.start()
        }
    }
}

import Foundation
import RatsdocPipeline

/// The terminal side of a batch: problems and the summary on stderr, progress as
/// ``Progress`` prints it.
final class TerminalObserver: BatchObserver, @unchecked Sendable {
    // Invariant: `progress` is set once in `begin` (before any worker thread runs) and read after.
    private var progress: Progress?
    private let quiet: Bool

    init(quiet: Bool) { self.quiet = quiet }

    func begin(total: Int) { progress = Progress(total: total, quiet: quiet) }
    func problem(_ line: String) { Output.error(line) }
    func progress(path: String, status: String) { progress?.step(path: path, status: status) }
    func summary(_ line: String) { Output.log(line) }
    func end() { progress?.finish() }
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

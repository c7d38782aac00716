import Foundation
import RatsdocCore

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

    /// The child's resident memory in bytes (`/proc/<pid>/statm`), nil when it cannot be read.
    var residentBytes: Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/statm", encoding: .utf8)
        else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
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

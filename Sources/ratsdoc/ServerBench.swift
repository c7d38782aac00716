import ArgumentParser
import Foundation
import RatsdocCore
import RatsdocPipeline
import RatsdocStore

/// `ratsdoc bench --serve-papers N`: the server over a generated store of N papers.
///
/// Generates the store (``SyntheticStore``), starts `ratsdoc serve` on it as users run it, then
/// times sequential requests to the overview page and to `GET /api/papers?state=pending` (median,
/// p99), and, when `wrk` is installed, loads `/api/papers?state=pending` and `/` with 200
/// concurrent connections and reports requests/s, errors and the server's resident memory before
/// and after the load.
struct ServerBench {
    let papers: Int
    let directory: URL
    let pipelines: String?
    let requests: Int
    let loadSeconds: Int
    /// Load rounds per URL: the first warms the server up, the later ones show whether memory grows.
    let loadRounds: Int
    let keep: Bool

    static let today = "2026-06-01"

    func run() throws -> String {
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        let storePath = directory.appendingPathComponent("papers-\(papers).sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: storePath + suffix) }
        let pipelinesURL = try PipelinesLocator.locate(pipelines)
        let made = Date()
        let store = try Store(path: storePath)
        let pending = try SyntheticStore.fill(
            store: store, papers: papers, today: CalendarDate(iso: Self.today) ?? CalendarDate.today(),
            tracker: try StatusTracker.load(pipelinesDirectory: pipelinesURL))
        var report = String(
            format: "store: %d papers (%d pending), made in %.1f s: %@\n", papers, pending,
            Date().timeIntervalSince(made), storePath)

        let port = Self.freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: BatchRun.executablePath())
        server.arguments = [
            "serve", "--store", storePath, "--port", String(port), "--today", Self.today, "--pipelines",
            pipelinesURL.path,
        ]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
            if !keep { for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: storePath + suffix) } }
        }
        let deadline = Date().addingTimeInterval(30)
        while (try? Self.get(port: port, path: "/healthz").status) != 200 {
            guard Date() < deadline, server.isRunning else { throw ValidationError("the server did not start") }
            Thread.sleep(forTimeInterval: 0.1)
        }
        report += "server: pid \(server.processIdentifier), port \(port), RSS \(Self.residentMiB(server.processIdentifier)) MiB after start\n"
        report += "sequential requests (\(requests) each, after 20 to warm up):\n"
        for path in ["/", "/api/papers?state=pending", "/api/papers?state=pending&committee=Gemeinderat&offset=500"] {
            for _ in 0..<20 { _ = try Self.get(port: port, path: path) }
            var times: [Double] = []
            var bytes = 0
            for _ in 0..<requests {
                let started = Date()
                let response = try Self.get(port: port, path: path)
                times.append(Date().timeIntervalSince(started) * 1000)
                guard response.status == 200 else { throw ValidationError("\(path): status \(response.status)") }
                bytes = response.bytes
            }
            times.sort()
            let median = times[times.count / 2]
            let p99 = times[min(times.count - 1, Int(Double(times.count) * 0.99))]
            report += "  GET \(path.padding(toLength: 62, withPad: " ", startingAt: 0)) median \(String(format: "%6.1f", median)) ms   p99 \(String(format: "%6.1f", p99)) ms   \(bytes) bytes\n"
        }
        if let wrk = BenchCommand.which("wrk"), loadSeconds > 0 {
            // Each URL is loaded `loadRounds` times: the first round warms the server's pools and
            // caches, the later ones show whether memory still grows under the same load.
            for path in ["/api/papers?state=pending", "/"] {
                for round in 1...loadRounds {
                    let before = Self.residentMiB(server.processIdentifier)
                    let output = try Self.capture(
                        wrk, ["-t2", "-c200", "-d\(loadSeconds)s", "--timeout", "10s", "http://127.0.0.1:\(port)\(path)"])
                    let after = Self.residentMiB(server.processIdentifier)
                    let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                    let summary = lines.filter {
                        $0.hasPrefix("Requests/sec") || $0.contains("requests in") || $0.hasPrefix("Socket errors")
                            || $0.hasPrefix("Non-2xx") || $0.hasPrefix("Latency")
                    }
                    report += "load \(round)/\(loadRounds): wrk -t2 -c200 -d\(loadSeconds)s GET \(path): RSS \(before) → \(after) MiB\n"
                    for line in summary { report += "  \(line)\n" }
                    if !lines.contains(where: { $0.hasPrefix("Socket errors") || $0.hasPrefix("Non-2xx") }) {
                        report += "  no socket errors, no non-2xx responses\n"
                    }
                }
            }
            report += "server peak RSS (VmHWM): \(Self.residentMiB(server.processIdentifier, field: "VmHWM")) MiB\n"
        } else if loadSeconds > 0 {
            report += "load: wrk is not installed (Debian: apt-get install wrk); skipped\n"
        }
        return report
    }

    /// One HTTP/1.1 GET on a new connection; the status and the response's size.
    static func get(port: Int, path: String) throws -> (status: Int, bytes: Int) {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ValidationError("socket: \(String(cString: strerror(errno)))") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw ValidationError("connect: \(String(cString: strerror(errno)))") }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            response += buffer.prefix(count)
        }
        let head = String(decoding: response.prefix(32), as: UTF8.self)
        let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return (status, response.count)
    }

    static func freePort() -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A process's resident memory in MiB from /proc (VmRSS, or VmHWM for the peak).
    static func residentMiB(_ pid: Int32, field: String = "VmRSS") -> String {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") })
        else { return "?" }
        let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return String(format: "%.1f", kilobytes / 1024)
    }

    static func capture(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

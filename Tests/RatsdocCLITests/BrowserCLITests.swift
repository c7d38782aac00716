import Foundation
import RatsdocTestSupport
import Testing

/// The pages in a real browser: `ratsdoc serve` as users run it, and Debian's headless Chromium
/// loading the overview and a timeline. The screenshots are kept in `.build/screenshots/`.
@Suite("The pages in Chromium", .serialized)
struct BrowserCLITests {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A port nobody listens on now.
    static func freePort() -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// True once something accepts connections on the port.
    static func listening(_ port: Int) -> Bool {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Width, height and the number of distinct colours of a PNG (8-bit RGB or RGBA), decoded
    /// with Python's zlib: a blank page has one colour.
    static let pngStatistics = #"""
        import sys, zlib, struct
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\x89PNG\r\n\x1a\n'
        pos, idat, width, height, ctype = 8, b'', 0, 0, 0
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8])
            chunk = data[pos + 8:pos + 8 + length]
            if kind == b'IHDR':
                width, height, depth, ctype = struct.unpack('>IIBB', chunk[:10])
            elif kind == b'IDAT':
                idat += chunk
            pos += 12 + length
        bpp = {2: 3, 6: 4}[ctype]
        raw = zlib.decompress(idat)
        stride = width * bpp
        prev = bytearray(stride)
        colours = set()
        for y in range(height):
            f = raw[y * (stride + 1)]
            line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 2: line[x] = (line[x] + b) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            if y % 4 == 0:
                for x in range(0, stride, bpp * 4):
                    colours.add(bytes(line[x:x + 3]))
            prev = line
        print(width, height, len(colours))
        """#

    @Test func theOverviewAndATimelineRenderInChromium() throws {
        guard let chromium = Self.chromium else {
            print("skipped: chromium is not installed (.ci/run installs it)")
            return
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let store = work.appendingPathComponent("store.sqlite").path
        let ingest = try runRatsdoc([
            "ingest", "--quiet", FixturePaths.fixture("pdf/karlsruhe-vorlage-libreoffice.pdf").path,
            FixturePaths.fixture("text/aachen-FB-11-0298-WP17.txt").path,
            FixturePaths.fixture("xml/ratsdoc-export.xml").path, "--store", store,
        ])
        #expect(ingest.status == 0, "\(ingest.stderr)")

        let port = Self.freePort()
        let server = Process()
        server.executableURL = ratsdocBinary()
        server.arguments = ["serve", "--store", store, "--port", String(port), "--today", "2018-06-01"]
        server.currentDirectoryURL = FixturePaths.packageRoot
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(20)
        while !Self.listening(port) && Date() < deadline && server.isRunning { Thread.sleep(forTimeInterval: 0.1) }
        #expect(Self.listening(port))

        let screenshots = FixturePaths.packageRoot.appendingPathComponent(".build/screenshots")
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
        let profile = work.appendingPathComponent("chromium-profile").path
        let pages = [
            ("overview", "/", ["Offene Vorlagen nach Gremium", "Personal- und Verwaltungsausschuss", "FB 11/0298/WP17"]),
            ("timeline", "/vorlagen/2026%2F0061", ["Beratungsfolge", "Ortschaftsrat Wettersbach", "Einstimmige Zustimmung (45 Ja)"]),
        ]
        for (name, path, expected) in pages {
            let url = "http://127.0.0.1:\(port)\(path)"
            let common = [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(profile)",
            ]
            let dom = try runCommand(chromium, common + ["--dump-dom", url], environment: ["HOME": work.path])
            for text in expected { #expect(dom.stdout.contains(text), "\(name): \(text)") }
            #expect(dom.stdout.contains("<main id=\"inhalt\""))
            let png = screenshots.appendingPathComponent("\(name).png")
            try? FileManager.default.removeItem(at: png)
            _ = try runCommand(
                chromium, common + ["--window-size=1280,900", "--screenshot=\(png.path)", url], environment: ["HOME": work.path])
            #expect(FileManager.default.fileExists(atPath: png.path), "\(name): no screenshot")
            let statistics = try runCommand("/usr/bin/env", ["python3", "-c", Self.pngStatistics, png.path])
            let numbers = statistics.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            #expect(numbers.count == 3, "\(statistics.stderr)")
            if numbers.count == 3 {
                #expect(numbers[0] == 1280 && numbers[1] == 900)
                // Text, links, borders and the timeline's marks: many colours, never a blank page.
                #expect(numbers[2] > 20, "\(name): \(numbers[2]) colours")
            }
        }
    }

    /// `ratsdoc serve` logs one JSON line per request on stderr and ends cleanly on SIGTERM.
    @Test func theServerLogsEachRequestAndStopsOnSIGTERM() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-sigterm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let store = work.appendingPathComponent("store.sqlite").path
        #expect(try runRatsdoc(["ingest", "--quiet", FixturePaths.fixture("text/karlsruhe-676088.txt").path, "--store", store]).status == 0)
        let port = Self.freePort()
        let server = Process()
        server.executableURL = ratsdocBinary()
        server.arguments = ["serve", "--store", store, "--port", String(port)]
        server.currentDirectoryURL = FixturePaths.packageRoot
        let errors = Pipe()
        server.standardError = errors
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        let deadline = Date().addingTimeInterval(20)
        while !Self.listening(port) && Date() < deadline && server.isRunning { Thread.sleep(forTimeInterval: 0.1) }
        let health = try runCommand("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/healthz"])
        #expect(health.stdout == "200")
        let started = Date()
        server.terminate()
        server.waitUntilExit()
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(server.terminationReason == .exit)
        #expect(server.terminationStatus == 0)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = log.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ratsdoc serve: http://127.0.0.1:\(port)/") == true)
        let access = try lines.compactMap { line -> [String: Any]? in
            guard line.hasPrefix("{") else { return nil }
            return try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
        let entry = try #require(access.first { $0["path"] as? String == "/healthz" })
        #expect(entry["method"] as? String == "GET")
        #expect(entry["status"] as? Int == 200)
        #expect(entry["ms"] is Double || entry["ms"] is Int)
        #expect(entry["time"] is String)
    }
}

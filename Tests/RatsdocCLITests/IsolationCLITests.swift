import Foundation
import RatsdocPipeline
import RatsdocTestSupport
import Testing

/// Every untrusted input runs in a worker; special files are never opened; workers end with
/// their parent; hostile PDFs cost only their own record.
@Suite("Isolation of untrusted inputs")
struct IsolationCLITests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-iso-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func records(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func workersAreReplacedWhenTheyHaveGrownAndEveryRecordComesOnce() throws {
        let texts = try FileManager.default.contentsOfDirectory(
            at: FixturePaths.fixture("text"), includingPropertiesForKeys: nil
        ).filter { $0.pathExtension == "txt" }.map(\.path).sorted()
        // 46 inputs, each text twice: one worker looks at its memory after 20 and 40 documents.
        let paths = texts + texts
        #expect(paths.count == 46)
        let arguments = [
            "convert", "--worker", "--pipelines", FixturePaths.packageRoot.appendingPathComponent("Pipelines").path,
            "--format", "json", "-",
        ]
        final class Delivered: @unchecked Sendable {
            let lock = NSLock()
            var indices: [Int] = []
            var statuses: Set<String> = []
        }
        for (limit, expectedStarts) in [(1, 3), (256 << 20, 1)] {
            let delivered = Delivered()
            let pool = WorkerPool(
                executable: ratsdocBinary().path, workerArguments: arguments, timeout: 60, recycleAboveBytes: limit)
            pool.run(paths: paths, concurrency: 1) { index, record in
                delivered.lock.withLock {
                    delivered.indices.append(index)
                    delivered.statuses.insert(record.status)
                }
            }
            // Every record once, in input order (one worker), none lost to a replacement.
            #expect(delivered.indices == Array(paths.indices), "limit \(limit)")
            #expect(!delivered.statuses.contains("failure"), "limit \(limit)")
            #expect(pool.workersStarted == expectedStarts, "limit \(limit)")
        }
    }

    @Test func aFIFONamedLikeAnExportIsRefusedWithARecordAndTheBatchGoesOn() throws {
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(mkfifo(folder.appendingPathComponent("p.xml").path, 0o600) == 0)
        try FileManager.default.copyItem(
            at: FixturePaths.fixture("text/karlsruhe-676088.txt"), to: folder.appendingPathComponent("v.txt"))
        let started = Date()
        let result = try runRatsdoc(["convert", "--timeout", "10", folder.path])
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(result.status == 1)
        let records = try Self.records(result.stdout)
        #expect(records.map { $0["status"] as? String } == ["failure", "success"])
        let fifo = records[0]
        #expect((fifo["findings"] as? [[String: Any]])?.first?["code"] as? String == "notARegularFile")
        // A session-family record (the name says XML), not a Paper-shaped one.
        #expect(fifo["meetings"] is [Any])
        #expect((fifo["source"] as? [String: Any])?["mediaType"] as? String == "application/xml")
        #expect(result.stderr.contains("p.xml: notARegularFile: a FIFO"))
    }

    @Test func anElementWithEightyThousandAttributesIsRefusedAtOnce() throws {
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let attributes = (0..<80_000).map { "a\($0)=\"\($0)\"" }.joined(separator: " ")
        let file = folder.appendingPathComponent("export.xml")
        try "<?xml version=\"1.0\"?><si010><item \(attributes)/></si010>".write(
            to: file, atomically: true, encoding: .utf8)
        let started = Date()
        let result = try runRatsdoc(["convert", "--timeout", "30", file.path])
        #expect(Date().timeIntervalSince(started) < 10)
        let record = try #require(try Self.records(result.stdout).first)
        #expect(record["status"] as? String == "failure")
        let finding = (record["findings"] as? [[String: Any]])?.first
        #expect(finding?["code"] as? String == "tooLarge")
        #expect(finding?["message"] as? String == "an element has more than 1000 attributes; refused")
    }

    /// gutter-3e8 is no Vorlage once its glyphs far off the page are left out (a failure);
    /// mediabox-neg has no text on its clipped page (a failure); widewidth has glyphs wider than
    /// the page, so its text layer is corrupt (a failure, `malformed`).
    @Test(arguments: [
        ("gutter-3e8.pdf", "failure", "notAVorlage"), ("mediabox-neg.pdf", "failure", "noText"),
        ("widewidth.pdf", "failure", "malformed"),
    ])
    func aHostilePDFGivesARecordInTimeAndTheParentStaysSmall(name: String, status: String, code: String) throws {
        let hostile = FixturePaths.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/hostile/\(name)")
        guard FileManager.default.fileExists(atPath: hostile.path) else {
            print("skipped: ../shared/hostile is absent")
            return
        }
        let timeTool = "/usr/bin/time"
        let hasTime = FileManager.default.isExecutableFile(atPath: timeTool)
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-rss-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: report) }
        let started = Date()
        let result: CommandResult
        if hasTime {
            result = try runCommand(
                timeTool, ["-f", "%M", "-o", report.path, ratsdocBinary().path, "convert", "--jobs", "1", "--timeout", "5", hostile.path])
        } else {
            result = try runRatsdoc(["convert", "--jobs", "1", "--timeout", "5", hostile.path])
        }
        #expect(Date().timeIntervalSince(started) < 15)
        let record = try #require(try Self.records(result.stdout).first)
        #expect(record["status"] as? String == status)
        #expect((record["findings"] as? [[String: Any]])?.contains { $0["code"] as? String == code } == true)
        #expect(result.stderr.contains(name))
        if hasTime {
            // GNU time writes "Command exited with non-zero status 1" first when the exit status is not 0.
            let lastLine = (try String(contentsOf: report, encoding: .utf8)).split(separator: "\n").last ?? ""
            let kilobytes = Double(lastLine.trimmingCharacters(in: .whitespaces)) ?? .infinity
            #expect(kilobytes < 200 * 1024, "parent peak RSS \(kilobytes) KB")
        }
    }

    @Test func workersEndWhenTheirParentIsKilled() throws {
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for index in 0..<40 {
            try FileManager.default.copyItem(
                at: FixturePaths.fixture("pdf/aachen-vorlage-chromium.pdf"),
                to: input.appendingPathComponent("v\(index).pdf"))
        }
        let output = folder.appendingPathComponent("out-\(UUID().uuidString)").path
        let parent = Process()
        parent.executableURL = ratsdocBinary()
        parent.arguments = ["convert", "--jobs", "2", "--quiet", "--output", output, input.path]
        parent.standardOutput = FileHandle.nullDevice
        parent.standardError = FileHandle.nullDevice
        try parent.run()
        // Wait until the workers run (their command line names the output folder).
        var deadline = Date().addingTimeInterval(20)
        while Self.workers(naming: output).isEmpty, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!Self.workers(naming: output).isEmpty)
        kill(parent.processIdentifier, SIGKILL)
        parent.waitUntilExit()
        deadline = Date().addingTimeInterval(5)
        while !Self.workers(naming: output).isEmpty, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(Self.workers(naming: output).isEmpty, "orphaned workers: \(Self.workers(naming: output))")
    }

    /// Process ids of running `ratsdoc convert --worker` processes whose command line contains `marker`
    /// (read from the process table in /proc).
    static func workers(naming marker: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard arguments.contains("--worker"), arguments.contains(marker) else { return nil }
            // A zombie has exited; only living processes count.
            let status = (try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8)) ?? ""
            return status.contains(") Z ") ? nil : pid
        }
    }

    @Test func oparlJSONReadInWorkersResolvesReferencesAcrossFilesAsInProcess() throws {
        let sample = FixturePaths.packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/samples/karlsruhe-oparl-syndication")
        guard FileManager.default.fileExists(atPath: sample.path) else {
            print("skipped: ../shared/samples is absent")
            return
        }
        let isolated = try runRatsdoc(["convert", "--quiet", "--jobs", "2", sample.path])
        let inProcess = try runRatsdoc(["convert", "--quiet", "--in-process", sample.path])
        #expect(!isolated.stdout.isEmpty)
        #expect(isolated.stdout == inProcess.stdout)
        #expect(isolated.status == inProcess.status)
    }
}

import Foundation
import RatsdocTestSupport
import Testing

/// Reruns tell the truth: exit codes, output names, outputs inside inputs, names in NFC and NFD,
/// corrupt state, stale outputs, a new build, a worker answering for another input.
@Suite("Honest batches")
struct HonestBatchCLITests {
    /// Files under `url`, relative, sorted (the state file included).
    static func files(_ url: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: url.path)
        var found: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: url.appendingPathComponent(relative).path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { found.append(relative) }
        }
        return found.sorted()
    }

    @Test func aRerunExitsAsTheRunThatMadeTheOutputs() throws {
        let work = try TestFolders.make("batch")
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("in")
        try TestFolders.copyFixture("text/karlsruhe-676088.txt", to: input.appendingPathComponent("good.txt"))
        try TestFolders.copyFixture("pdf/encrypted.pdf", to: input.appendingPathComponent("bad.pdf"))
        let output = work.appendingPathComponent("out").path
        let first = try runRatsdoc(["convert", "--quiet", input.path, "--output", output])
        #expect(first.status == 1)
        let second = try runRatsdoc(["convert", "--quiet", input.path, "--output", output])
        #expect(second.status == 1)
        #expect(second.stderr.contains("2 unchanged (skipped; 1 of them partial or failure)"))
        #expect(second.stderr.contains("bad.pdf: unchanged, still failure"))
    }

    @Test func outputsAreNamedAfterTheWholeInputPathAndNeverReadBack() throws {
        let work = try TestFolders.make("batch")
        defer { try? FileManager.default.removeItem(at: work) }
        try TestFolders.copyFixture("text/karlsruhe-676088.txt", to: work.appendingPathComponent("a.txt"))
        try TestFolders.copyFixture("pdf/aachen-vorlage-libreoffice.pdf", to: work.appendingPathComponent("a.pdf"))
        try TestFolders.copyFixture("text/aachen-FB-11-0298-WP17.txt", to: work.appendingPathComponent("2024/b.txt"))
        try "ignored".write(to: work.appendingPathComponent(".hidden.txt"), atomically: true, encoding: .utf8)
        let output = work.appendingPathComponent("out")
        for run in 1...3 {
            let result = try runRatsdoc(["convert", "--quiet", work.path, "--output", output.path])
            #expect(result.status == 0, "run \(run): \(result.stderr)")
            #expect(result.stderr.contains("3 inputs:"), "run \(run)")
        }
        #expect(Self.files(output) == [".ratsdoc-state.json", "2024/b.txt.json", "a.pdf.json", "a.txt.json"])
    }

    @Test func namesInNFCAndNFDAreOneOutputAndTheSecondGetsAWarning() throws {
        let work = try TestFolders.make("batch")
        defer { try? FileManager.default.removeItem(at: work) }
        let composed = "Gr\u{FC}n.txt"
        let decomposed = "Gru\u{308}n.txt"
        // Created through their bytes: Swift treats the two strings as equal.
        for name in [composed, decomposed] {
            let path = work.path + "/" + name
            #expect(FileManager.default.createFile(atPath: path, contents: try Data(contentsOf: FixturePaths.fixture("text/karlsruhe-676088.txt"))))
        }
        let result = try runRatsdoc(["convert", "--quiet", work.path, "--output", work.appendingPathComponent("out").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("(names compare in NFC); not converted"))
        #expect(result.stderr.contains("2 inputs: 1 success, 0 partial, 0 failure, 0 unchanged (skipped), 1 not converted"))
    }

    @Test func aCorruptStateFileGivesOneWarningAndAFullRun() throws {
        let work = try TestFolders.make("batch")
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("v.txt")
        try TestFolders.copyFixture("text/karlsruhe-676088.txt", to: input)
        let output = work.appendingPathComponent("out")
        _ = try runRatsdoc(["convert", "--quiet", input.path, "--output", output.path])
        try "{ not json".write(to: output.appendingPathComponent(".ratsdoc-state.json"), atomically: true, encoding: .utf8)
        let result = try runRatsdoc(["convert", "--quiet", input.path, "--output", output.path])
        #expect(result.status == 0)
        #expect(result.stderr.components(separatedBy: "unreadable or of an older format").count == 2)
        #expect(result.stderr.contains("1 inputs: 1 success"))
    }

    @Test func outputsOfInputsThatAreGoneAreListedAndPruned() throws {
        let work = try TestFolders.make("batch")
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("in")
        try TestFolders.copyFixture("text/karlsruhe-676088.txt", to: input.appendingPathComponent("keep.txt"))
        try TestFolders.copyFixture("text/aachen-FB-11-0298-WP17.txt", to: input.appendingPathComponent("gone.txt"))
        let output = work.appendingPathComponent("out")
        _ = try runRatsdoc(["convert", "--quiet", input.path, "--output", output.path])
        try FileManager.default.removeItem(at: input.appendingPathComponent("gone.txt"))
        let listed = try runRatsdoc(["convert", "--quiet", input.path, "--output", output.path])
        #expect(listed.stderr.contains("1 outputs whose input is gone (--prune removes them): gone.txt.json"))
        #expect(Self.files(output).contains("gone.txt.json"))
        let pruned = try runRatsdoc(["convert", "--quiet", "--prune", input.path, "--output", output.path])
        #expect(pruned.stderr.contains("1 outputs whose input is gone removed: gone.txt.json"))
        #expect(Self.files(output) == [".ratsdoc-state.json", "keep.txt.json"])
    }

    @Test func aNewBuildConvertsEverythingAgain() throws {
        let work = try TestFolders.make("batch")
        defer { try? FileManager.default.removeItem(at: work) }
        let binary = work.appendingPathComponent("ratsdoc")
        try FileManager.default.copyItem(at: ratsdocBinary(), to: binary)
        let input = work.appendingPathComponent("v.txt")
        try TestFolders.copyFixture("text/karlsruhe-676088.txt", to: input)
        let arguments = [
            "convert", "--quiet", "--pipelines", FixturePaths.packageRoot.appendingPathComponent("Pipelines").path,
            input.path, "--output", work.appendingPathComponent("out").path,
        ]
        _ = try runCommand(binary.path, arguments)
        let unchanged = try runCommand(binary.path, arguments)
        #expect(unchanged.stderr.contains("1 unchanged"))
        // Another build: the binary's bytes and time stamp change.
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: binary.path)
        let rebuilt = try runCommand(binary.path, arguments)
        #expect(rebuilt.stderr.contains("the ratsdoc build changed"))
        #expect(rebuilt.stderr.contains("1 inputs: 1 success"))
    }

    @Test func aWorkerAnsweringForAnotherInputIsReplacedAndTheInputFails() throws {
        let work = try TestFolders.make("batch")
        defer { try? FileManager.default.removeItem(at: work) }
        let liar = work.appendingPathComponent("liar-here.txt")
        try TestFolders.copyFixture("text/karlsruhe-676088.txt", to: liar)
        let honest = work.appendingPathComponent("honest.txt")
        try TestFolders.copyFixture("text/aachen-FB-11-0298-WP17.txt", to: honest)
        let result = try runRatsdoc(
            ["convert", "--jobs", "1", liar.path, honest.path], environment: ["RATSDOC_TEST_WRONG_PATH_MARKER": "liar-here"])
        #expect(result.status == 1)
        let records = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(records.map { $0["status"] as? String } == ["failure", "success"])
        #expect(((records[1]["source"] as? [String: Any])?["path"] as? String) == honest.path)
        #expect(result.stderr.contains("liar-here.txt: crashed: the worker answered with garbage or for another input, twice"))
    }

    @Test func aWriteErrorIsAFailureNotASuccess() throws {
        let work = try TestFolders.make("batch")
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("v.txt")
        try TestFolders.copyFixture("text/karlsruhe-676088.txt", to: input)
        let output = work.appendingPathComponent("out")
        // A folder where the output file goes: the rename fails.
        try FileManager.default.createDirectory(
            at: output.appendingPathComponent("v.txt.json/blocker"), withIntermediateDirectories: true)
        let result = try runRatsdoc(["convert", "--quiet", input.path, "--output", output.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("v.txt: cannot write the output"))
        #expect(result.stderr.contains("1 inputs: 0 success, 0 partial, 1 failure"))
        #expect(!Self.files(output).contains { $0.hasSuffix(".ratsdoc-tmp") })
    }

    @Test func aDanglingLinkAndANameThatIsNotUTF8EachGetAWarningLine() throws {
        let work = try TestFolders.make("batch")
        defer { try? FileManager.default.removeItem(at: work) }
        try TestFolders.copyFixture("text/karlsruhe-676088.txt", to: work.appendingPathComponent("ok.txt"))
        try FileManager.default.createSymbolicLink(
            atPath: work.appendingPathComponent("gone.pdf").path, withDestinationPath: "/nonexistent/file.pdf")
        // A name with the byte 0xFF, made through the C API (a Swift String cannot hold it).
        let bytes: [UInt8] = Array((work.path + "/bad").utf8) + [0xFF] + Array(".txt".utf8) + [0]
        let descriptor = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { $0.withMemoryRebound(to: CChar.self, capacity: bytes.count) { open($0, O_CREAT | O_WRONLY, 0o644) } } ?? -1
        }
        #expect(descriptor >= 0)
        close(descriptor)
        let result = try runRatsdoc(["convert", "--quiet", work.path, "--output", work.appendingPathComponent("out").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("gone.pdf: a symbolic link to nothing; skipped"))
        #expect(result.stderr.contains("the file name is not valid UTF-8; skipped (rename it)"))
        #expect(result.stderr.contains("3 inputs: 1 success, 0 partial, 0 failure, 0 unchanged (skipped), 2 not converted"))
    }
}

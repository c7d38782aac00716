import Foundation
import RatsdocTestSupport
import Testing

/// Mutated fixture PDFs (byte flips, truncations, absurd MediaBox and Widths, huge coordinates),
/// made by Tests/Fuzz/mutate_pdfs.py with a fixed seed, through the built binary: one record per
/// input, in bounded time, a small parent, no workers left. CI runs this small set; the README
/// gives the figures of a 1,000-mutant run.
@Suite("Fuzzed PDFs")
struct FuzzCLITests {
    static let mutants = 60
    static let seed = 20261201

    @Test func everyMutantGetsOneRecordInBoundedTimeAndMemory() throws {
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) ?? ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map({ "\($0)/python3" }).first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else {
            print("skipped: python3 is not installed (the mutator is a Python script)")
            return
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("in")
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: FixturePaths.fixture("pdf").path)
            .filter { $0.hasSuffix(".pdf") && $0.contains("vorlage") }.sorted()
            .map { FixturePaths.fixture("pdf/" + $0).path }
        let made = try runCommand(
            python, [FixturePaths.packageRoot.appendingPathComponent("Tests/Fuzz/mutate_pdfs.py").path, input.path,
                String(Self.mutants), String(Self.seed)] + fixtures)
        #expect(made.status == 0, "\(made.stderr)")
        let output = work.appendingPathComponent("out-\(UUID().uuidString)")
        let report = work.appendingPathComponent("rss.txt")
        let hasTime = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
        let arguments = ["convert", "--quiet", "--jobs", "2", "--timeout", "10", "--output", output.path, input.path]
        let started = Date()
        let result =
            hasTime
            ? try runCommand("/usr/bin/time", ["-f", "%M", "-o", report.path, ratsdocBinary().path] + arguments)
            : try runRatsdoc(arguments)
        #expect(Date().timeIntervalSince(started) < 180)
        #expect([0, 1].contains(result.status), "\(result.stderr.suffix(500))")
        let records = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
        #expect(records.count == Self.mutants)
        for name in records {
            let data = try Data(contentsOf: output.appendingPathComponent(name))
            let record = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect(["success", "partial", "failure"].contains(record?["status"] as? String), "\(name)")
        }
        #expect(result.stderr.contains("\(Self.mutants) inputs:"))
        if hasTime {
            let last = (try String(contentsOf: report, encoding: .utf8)).split(separator: "\n").last ?? ""
            let kilobytes = Double(last.trimmingCharacters(in: .whitespaces)) ?? .infinity
            #expect(kilobytes < 200 * 1024, "parent peak RSS \(kilobytes) KB")
        }
        #expect(IsolationCLITests.workers(naming: output.path).isEmpty)
    }
}

import Foundation
import RatsdocStore
import RatsdocTestSupport
import Testing

/// The store survives a killed ingest and two ingests at once. Each trial kills `ratsdoc ingest`
/// with SIGKILL at a random moment (one to three times), runs it again to the end, and compares
/// the store with one made by a single clean run.
@Suite("The store under SIGKILL and concurrency", .serialized)
struct StoreCrashTests {
    static let corpusSize = 200
    static let trials = 20

    /// 200 inputs of every family: the fixture PDFs (good and broken), texts and XML exports, the
    /// Karlsruhe OParl dump and real Karlsruhe texts when `../shared` is there, filled up with copies
    /// of fixture texts and PDFs under other names (the same paper from several sources).
    static func corpus(in folder: URL) throws -> Int {
        let manager = FileManager.default
        var count = 0
        func add(_ source: URL, as name: String) throws {
            guard count < corpusSize else { return }
            let target = folder.appendingPathComponent(name)
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try manager.copyItem(at: source, to: target)
            count += 1
        }
        func files(_ directory: URL, _ suffix: String) throws -> [URL] {
            try manager.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.lastPathComponent.hasSuffix(suffix) }.sorted { $0.path < $1.path }
        }
        let pdfs = try files(FixturePaths.fixture("pdf"), ".pdf")
        let texts = try files(FixturePaths.fixture("text"), ".txt")
        for url in pdfs { try add(url, as: "pdf/\(url.lastPathComponent)") }
        for url in texts { try add(url, as: "text/\(url.lastPathComponent)") }
        for url in try files(FixturePaths.fixture("xml"), ".xml") { try add(url, as: "xml/\(url.lastPathComponent)") }
        if let samples = FixturePaths.sharedSamples {
            let docs = samples.appendingPathComponent("karlsruhe-oparl-syndication/docs")
            for sub in ["meetings", "papers"] {
                for url in try files(docs.appendingPathComponent(sub), ".json") {
                    try add(url, as: "oparl/\(sub)/\(url.lastPathComponent)")
                }
            }
            try add(docs.appendingPathComponent("organizations.json"), as: "oparl/organizations.json")
            let corpus = samples.deletingLastPathComponent().appendingPathComponent("corpus/karlsruhe-texts")
            if manager.fileExists(atPath: corpus.path) {
                for url in try files(corpus, ".txt").prefix(60) { try add(url, as: "corpus/\(url.lastPathComponent)") }
            }
        }
        var copy = 0
        while count < corpusSize {
            let pool = copy % 3 == 0 ? pdfs : texts
            let url = pool[(copy / 3) % pool.count]
            try add(url, as: "copies/\(copy)-\(url.lastPathComponent)")
            copy += 1
        }
        return count
    }

    static func ingestProcess(_ corpus: URL, store: String, extra: [String] = []) throws -> Process {
        let process = Process()
        process.executableURL = ratsdocBinary()
        process.arguments = ["ingest", "--quiet", corpus.path, "--store", store, "--jobs", "2"] + extra
        process.currentDirectoryURL = FixturePaths.packageRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func aKilledIngestRunAgainEndsWhereOneCleanRunEnds() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let corpus = work.appendingPathComponent("corpus")
        #expect(try Self.corpus(in: corpus) == Self.corpusSize)

        let referenceStore = work.appendingPathComponent("reference.sqlite").path
        let started = Date()
        let clean = try runRatsdoc(["ingest", "--quiet", corpus.path, "--store", referenceStore, "--jobs", "2"])
        let cleanSeconds = Date().timeIntervalSince(started)
        #expect(clean.status == 1, "the corpus holds broken files: \(clean.stderr.suffix(300))")
        let reference = try Store(path: referenceStore, create: false)
        let expected = try reference.canonicalDump()
        let counts = try reference.rowCounts()
        #expect(counts["source"] == Self.corpusSize)
        #expect(counts["documentVersion"] == Self.corpusSize)

        let seed = UInt64(ProcessInfo.processInfo.environment["RATSDOC_CRASH_SEED"] ?? "") ?? 20_261_202
        print("crash trials: seed \(seed), a clean run takes \(String(format: "%.2f", cleanSeconds)) s")
        // A fixed generator, so a failing trial can be rerun as it was (the seed is printed).
        var random = SyntheticStore.SeededRandom(state: seed)
        var killedMidRun = 0
        for trial in 1...Self.trials {
            let store = work.appendingPathComponent("trial-\(trial).sqlite").path
            let kills = 1 + trial % 3
            for _ in 0..<kills {
                let process = try Self.ingestProcess(corpus, store: store)
                // Each kill leaves less to do, so the moments are drawn from a share of a clean
                // run: together they stay within one.
                let delay = Double.random(in: 0.05...max(0.1, cleanSeconds * 0.9 / Double(kills)), using: &random)
                Thread.sleep(forTimeInterval: delay)
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    killedMidRun += 1
                }
                process.waitUntilExit()
            }
            let rerun = try runRatsdoc(["ingest", "--quiet", corpus.path, "--store", store, "--jobs", "2"])
            #expect(rerun.status == clean.status, "trial \(trial): \(rerun.stderr.suffix(300))")
            let opened = try Store(path: store, create: false)
            #expect(try opened.integrityCheck() == "ok", "trial \(trial)")
            let dump = try opened.canonicalDump()
            if dump != expected {
                let got = Set(dump.split(separator: "\n"))
                let want = Set(expected.split(separator: "\n"))
                Issue.record(
                    "trial \(trial) (seed \(seed)): \(got.subtracting(want).count) rows more, \(want.subtracting(got).count) rows missing; first extra: \(got.subtracting(want).sorted().first?.prefix(300) ?? "")"
                )
            }
            try? FileManager.default.removeItem(atPath: store)
            try? FileManager.default.removeItem(atPath: store + "-wal")
            try? FileManager.default.removeItem(atPath: store + "-shm")
        }
        // The kills must have landed while the runs worked, not after they ended.
        #expect(killedMidRun >= Self.trials)
    }

    @Test func twoIngestsAtOnceSerialiseOrTheSecondIsRefused() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-twice-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let corpus = work.appendingPathComponent("corpus")
        _ = try Self.corpus(in: corpus)
        let referenceStore = work.appendingPathComponent("reference.sqlite").path
        _ = try runRatsdoc(["ingest", "--quiet", corpus.path, "--store", referenceStore, "--jobs", "2"])
        let expected = try Store(path: referenceStore, create: false).canonicalDump()

        // Without --wait: the second is refused at once, with the holder named, and writes nothing.
        let store = work.appendingPathComponent("store.sqlite").path
        let first = try Self.ingestProcess(corpus, store: store)
        Thread.sleep(forTimeInterval: 0.3)
        let second = try runRatsdoc(["ingest", "--quiet", corpus.path, "--store", store, "--jobs", "2"])
        #expect(second.status == 3)
        #expect(second.stderr.contains("another ingest (pid \(first.processIdentifier)) is writing to this store"))
        first.waitUntilExit()
        let opened = try Store(path: store, create: false)
        #expect(try opened.integrityCheck() == "ok")
        #expect(try opened.canonicalDump() == expected)
        #expect(try opened.runs().count == 1)

        // With --wait: two started together both finish, one after the other; the later finds
        // everything unchanged.
        let waited = work.appendingPathComponent("waited.sqlite").path
        let one = try Self.ingestProcess(corpus, store: waited, extra: ["--wait"])
        let two = try Self.ingestProcess(corpus, store: waited, extra: ["--wait"])
        one.waitUntilExit()
        two.waitUntilExit()
        #expect(one.terminationStatus == 1)
        #expect(two.terminationStatus == 1)
        let both = try Store(path: waited, create: false)
        #expect(try both.integrityCheck() == "ok")
        #expect(try both.canonicalDump() == expected)
        let runs = try both.runs()
        #expect(runs.count == 2)
        #expect(runs.map(\.state) == ["finished", "finished"])
        #expect(runs.contains { $0.unchanged == Self.corpusSize && $0.added == 0 })
        #expect(runs.contains { $0.added == Self.corpusSize })
    }
}

import Foundation
import RatsdocCore
import RatsdocTestSupport
import Testing

@testable import RatsdocExtract

/// The 200 MB streaming benchmark. Off by default (it writes 200 MB to the temp directory);
/// run with `RATSDOC_BENCH=1 swift test -c release --filter SessionStreamBenchmark`. For peak
/// memory, compare `/usr/bin/time -v` of this run with `xmllint --stream --noout` on the file it
/// keeps when `RATSDOC_BENCH_KEEP=1`.
@Suite("Session XML stream benchmark", .enabled(if: ProcessInfo.processInfo.environment["RATSDOC_BENCH"] == "1"))
struct SessionStreamBenchmark {
    @Test("200 MB generated ALLRIS export streams with exact record counts")
    func stream200MB() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-bench-200mb.xml")
        let meetings = try SyntheticExport.writeALLRIS(to: url, targetBytes: 200_000_000).meetings
        defer {
            if ProcessInfo.processInfo.environment["RATSDOC_BENCH_KEEP"] != "1" {
                try? FileManager.default.removeItem(at: url)
            }
        }
        let importer = try SessionFixtures.importer()
        let started = ContinuousClock.now
        let (bytes, records) = try importer.streamStatistics(path: url.path)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("session-bench: \(bytes) bytes, \(records) meetings, \(seconds) s, \(Double(bytes) / 1e6 / seconds) MB/s")
        #expect(records == meetings)
        #expect(bytes >= 200_000_000)
    }
}

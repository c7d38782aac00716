import Foundation
import RatsdocTestSupport
import Testing

func karlsruheCorpusIsPresent() -> Bool {
    let corpus = FixturePaths.packageRoot.deletingLastPathComponent().appendingPathComponent(
        "shared/corpus/karlsruhe-texts")
    return FileManager.default.fileExists(atPath: corpus.path)
}

/// The real Karlsruhe corpus (`../shared/corpus/karlsruhe-texts`, 500 Vorlagen of both template
/// generations with truth from the city's OParl data), scored through the built binary by the
/// corpus's own scorer. Skipped, with that reason, when `../shared` is not beside the checkout.
@Suite(
    "Accuracy on the real Karlsruhe corpus",
    .enabled(if: karlsruheCorpusIsPresent(), "../shared/corpus/karlsruhe-texts is absent: not scored"))
struct CorpusAccuracyTests {
    static var shared: URL { FixturePaths.packageRoot.deletingLastPathComponent().appendingPathComponent("shared") }

    /// The floors every layout must reach (issue: fields 0.99, consultations F1 0.98).
    static let minimumFields = 0.99
    static let minimumF1 = 0.98

    struct LayoutScore {
        var layout: String
        var fields: Double
        var f1: Double
    }

    /// "== karlsruhe-ergebnis: 356 docs, …; fields 1969/1975 = 0.997; consultations P 0.995 R 0.992 F1 0.993"
    static func layoutScores(_ output: String) -> [LayoutScore] {
        output.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("== "),
                let match = line.firstMatch(of: #/^== ([^:]+):.* = ([0-9.]+); consultations .* F1 ([0-9.]+)$/#),
                let fields = Double(match.output.2), let f1 = Double(match.output.3)
            else { return nil }
            return LayoutScore(layout: String(match.output.1), fields: fields, f1: f1)
        }
    }

    @Test func everyLayoutReachesTheFloor() throws {
        let scorer = Self.shared.appendingPathComponent("tools/score_corpus.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scorer.path, "--bin", ratsdocBinary().path]
        process.currentDirectoryURL = FixturePaths.packageRoot
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.standardError
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "score_corpus.py failed:\n\(output)")
        // The scorer's summary line, so a CI log shows the figures.
        print(String(output.split(separator: "\n").last ?? ""))
        let scores = Self.layoutScores(output)
        #expect(Set(scores.map(\.layout)) == ["karlsruhe-ergebnis", "karlsruhe-zustaendigkeit"])
        for score in scores {
            #expect(score.fields >= Self.minimumFields, "\(score.layout): fields \(score.fields)")
            #expect(score.f1 >= Self.minimumF1, "\(score.layout): consultations F1 \(score.f1)")
        }
    }
}

import Foundation
import Testing

/// Compares `actual` with the golden file at `Fixtures/<relativePath>`, or writes it when
/// `RATSDOC_UPDATE_GOLDENS=1`. A mismatch reports the first differing line.
public enum Golden {
    public static func check(
        _ actual: String, against relativePath: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = FixturePaths.fixture(relativePath)
        if FixturePaths.updateGoldens {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let expectedData = FileManager.default.contents(atPath: url.path) else {
            Issue.record(
                "missing golden file \(relativePath); run with RATSDOC_UPDATE_GOLDENS=1 to create it",
                sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: expectedData, as: UTF8.self)
        guard expected != actual else { return }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var index = 0
        while index < min(expectedLines.count, actualLines.count), expectedLines[index] == actualLines[index] {
            index += 1
        }
        let want = index < expectedLines.count ? String(expectedLines[index]) : "<end of file>"
        let got = index < actualLines.count ? String(actualLines[index]) : "<end of file>"
        Issue.record(
            "\(relativePath) differs at line \(index + 1):\n  expected: \(want)\n  actual:   \(got)",
            sourceLocation: sourceLocation)
    }
}

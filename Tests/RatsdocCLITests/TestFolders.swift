import Foundation
import RatsdocTestSupport

/// Temporary folders and fixture copies for the end-to-end suites.
enum TestFolders {
    /// A new empty folder under the temporary directory, named with `prefix`.
    static func make(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Copies `Fixtures/<fixture>` to `url`, creating its folder.
    static func copyFixture(_ fixture: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: FixturePaths.fixture(fixture), to: url)
    }
}

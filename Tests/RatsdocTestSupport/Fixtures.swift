import Foundation

/// Locates the repository's `Fixtures/` folder and the sibling `../shared` samples from the test sources.
public enum FixturePaths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    public static var fixtures: URL { packageRoot.appendingPathComponent("Fixtures") }

    public static func fixture(_ relativePath: String) -> URL {
        fixtures.appendingPathComponent(relativePath)
    }

    /// `../shared/samples`, or nil when it is not beside the checkout (tests then skip).
    public static var sharedSamples: URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/samples")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// Set `RATSDOC_UPDATE_GOLDENS=1` to rewrite golden files instead of comparing.
    public static var updateGoldens: Bool {
        ProcessInfo.processInfo.environment["RATSDOC_UPDATE_GOLDENS"] == "1"
    }
}

/// The built `ratsdoc` binary: next to the test bundle, else the debug build.
public enum RatsdocBinary {
    public static var url: URL {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let binary = directory.appendingPathComponent("ratsdoc")
        if FileManager.default.fileExists(atPath: binary.path) { return binary }
        return FixturePaths.packageRoot.appendingPathComponent(".build/debug/ratsdoc")
    }

    /// Runs the binary in the package root; its exit status and stderr.
    @discardableResult
    public static func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = FixturePaths.packageRoot
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

import Foundation
public import RatsdocCore

/// Shared helpers for tests that run the parser.
public enum TestConversion {
    /// The repository's profiles (`Pipelines/profiles`).
    public static func library() throws -> ProfileLibrary {
        try ProfileLibrary(directory: FixturePaths.packageRoot.appendingPathComponent("Pipelines/profiles"))
    }

    /// Encodes a document as the golden JSON (pretty, sorted keys, trailing newline), with the
    /// source path made relative to the package root so goldens do not depend on the checkout.
    public static func goldenJSON(_ document: PaperDocument) throws -> String {
        var document = document
        let root = FixturePaths.packageRoot.path + "/"
        if document.source.path.hasPrefix(root) { document.source.path.removeFirst(root.count) }
        return try JSONOutput.encode(document, pretty: true) + "\n"
    }
}

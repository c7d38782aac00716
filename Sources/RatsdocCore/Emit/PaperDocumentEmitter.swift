import Foundation

/// Writes ``PaperDocument``s in the contract's JSON through ``JSONOutput`` (sorted keys, UTF-8,
/// NFC, no escaped slashes).
public enum PaperDocumentEmitter {
    /// Pretty-printed JSON for one document (`--format json`), ending in a newline.
    /// - Throws: an `EncodingError` (not expected for well-formed documents).
    public static func json(_ document: PaperDocument) throws -> String {
        try JSONOutput.encode(document, pretty: true) + "\n"
    }

    /// One line of JSON for one document (`--format jsonl`), ending in a newline.
    /// - Throws: an `EncodingError`.
    public static func jsonLine(_ document: PaperDocument) throws -> String {
        try JSONOutput.encode(document, pretty: false) + "\n"
    }
}

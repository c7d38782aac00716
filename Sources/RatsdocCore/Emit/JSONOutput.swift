import Foundation

/// The one JSON encoding ratsdoc writes, for every output (records, layouts, OParl, run state,
/// reports, the worker protocol): sorted keys, UTF-8, NFC, no escaped slashes.
public enum JSONOutput {
    public static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The value as JSON text, in NFC.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool) throws -> String {
        nfc(String(decoding: try encoder(pretty: pretty).encode(value), as: UTF8.self))
    }

    /// The value as JSON bytes (UTF-8, NFC).
    public static func data<T: Encodable>(_ value: T, pretty: Bool) throws -> Data {
        Data(try encode(value, pretty: pretty).utf8)
    }

    /// NFC, skipping the work when no character could change: every scalar plain
    /// (``TextNormalizer/isPlain(_:)``: Latin, dashes, quotes, €, boxes).
    static func nfc(_ text: String) -> String {
        var text = text
        let plain = text.withUTF8 { TextNormalizer.isPlainUTF8($0) }
        return plain ? text : text.precomposedStringWithCanonicalMapping
    }
}

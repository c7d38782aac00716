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
        let plain = text.withUTF8 { Self.isPlainUTF8($0) }
        return plain ? text : text.precomposedStringWithCanonicalMapping
    }

    /// Whether every scalar of valid UTF-8 `bytes` is plain. Scalars below U+0300 (plain) have
    /// lead bytes below 0xCC, and continuation bytes lie below it too: only scalars whose lead
    /// byte is 0xCC or more are decoded.
    static func isPlainUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            guard lead >= 0xCC else {
                index += 1
                continue
            }
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            guard index + length <= bytes.count else { return false }
            var value = UInt32(lead) & (lead >= 0xF0 ? 0x07 : lead >= 0xE0 ? 0x0F : 0x1F)
            for offset in 1..<length { value = value << 6 | (UInt32(bytes[index + offset]) & 0x3F) }
            guard let scalar = Unicode.Scalar(value), TextNormalizer.isPlain(scalar) else { return false }
            index += length
        }
        return true
    }
}

import Foundation

/// A document's body text as ``ProfileClassifier`` searches it, built once per document: the
/// normalized lines (table rows with their cells joined by tabs) joined by "\n", as UTF-8; the
/// same text lower-cased; and the lower-cased text without whitespace.
struct ClassifierText {
    /// The text, UTF-8.
    let bytes: [UInt8]
    /// `String.lowercased()` of the text, UTF-8 (same line breaks as ``bytes``).
    let lowered: [UInt8]
    /// ``lowered`` without its whitespace characters.
    let squeezed: [UInt8]
    /// The non-empty lines: their byte ranges in ``bytes`` and in ``lowered``, in text order.
    let lines: [(text: Range<Int>, lowered: Range<Int>)]

    init(_ layout: LayoutDocument) {
        let text = layout.bodyBlocks.flatMap { block -> [String] in
            if let table = block.table { return table.rows.map { $0.texts.joined(separator: "\t") } }
            return block.lines.map(\.text)
        }.map { TextNormalizer.collapseSpaces(TextNormalizer.normalize($0)) }.joined(separator: "\n")
        self.init(text: text)
    }

    init(text: String) {
        bytes = Array(text.utf8)
        var lowered: [UInt8] = []
        lowered.reserveCapacity(bytes.count)
        var squeezed: [UInt8] = []
        squeezed.reserveCapacity(bytes.count)
        // Every lower-cased scalar plain (TextNormalizer.isPlain): each whitespace scalar is a
        // character of its own, so whitespace can be dropped scalar by scalar.
        var allPlain = true
        for scalar in text.unicodeScalars {
            TextNormalizer.appendLowercased(scalar) { lower in
                if lower.value < 0x80 {
                    let byte = UInt8(truncatingIfNeeded: lower.value)
                    lowered.append(byte)
                    if !TextNormalizer.isWhitespace(lower) { squeezed.append(byte) }
                    return
                }
                if !TextNormalizer.isPlain(lower) { allPlain = false }
                let whitespace = TextNormalizer.isWhitespace(lower)
                UTF8.encode(lower) { byte in
                    lowered.append(byte)
                    if !whitespace { squeezed.append(byte) }
                }
            }
        }
        self.lowered = lowered
        lines = Array(zip(Self.lineRanges(bytes), Self.lineRanges(lowered)))
        if allPlain {
            self.squeezed = squeezed
        } else {
            self.squeezed = Array(String(decoding: lowered, as: UTF8.self).filter { !$0.isWhitespace }.utf8)
        }
    }

    /// Whether the whitespace-free lower-case text holds `key` (an empty key is never found).
    func found(_ key: [UInt8]) -> Bool {
        !key.isEmpty && ProfileClassifier.contains(squeezed[...], key)
    }

    /// Whether a non-empty line holds one of the lower-cased `labels` and reads as a reference
    /// number under `patterns` (``ReferenceNumber/parse(_:patterns:)``).
    func hasReferenceLine(labels: [[UInt8]], patterns: [String]) -> Bool {
        lines.contains { line in
            labels.contains { ProfileClassifier.contains(lowered[line.lowered], $0) }
                && ReferenceNumber.parse(String(decoding: bytes[line.text], as: UTF8.self), patterns: patterns) != nil
        }
    }

    /// The ranges of the non-empty "\n"-separated lines of `bytes` (as `split(separator:)` gives them).
    static func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            if index > start { ranges.append(start..<index) }
            start = index + 1
        }
        if bytes.count > start { ranges.append(start..<bytes.count) }
        return ranges
    }
}

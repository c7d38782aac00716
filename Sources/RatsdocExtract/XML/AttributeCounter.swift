/// Counts the attributes of each start tag in raw XML bytes, before libxml2 sees them.
///
/// libxml2 checks a start tag's attributes for duplicates pair by pair, so one element with
/// 80,000 attributes (869 KB) takes minutes to parse. Real exports carry a few dozen at most:
/// an element with more than ``limit`` attributes stops the read, and the input is refused as
/// too large. The count is a byte-level scan (an `=` outside quotes inside a tag is one
/// attribute); comments and processing instructions are skipped as tags of their own.
struct AttributeCounter {
    /// Attributes one element may have.
    static let limit = 1_000

    private enum State { case text, tagOpen, inTag, quoted(UInt8), other }

    private var state = State.text
    private var count = 0
    private(set) var exceeded = false

    /// Scans the bytes; returns false once an element has gone past the limit.
    mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !exceeded else { return false }
        for byte in bytes {
            switch state {
            case .text:
                if byte == UInt8(ascii: "<") { state = .tagOpen }
            case .tagOpen:
                if byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "/") {
                    state = .other
                } else {
                    state = .inTag
                    count = 0
                }
            case .inTag:
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    state = .quoted(byte)
                } else if byte == UInt8(ascii: "=") {
                    count += 1
                    if count > Self.limit {
                        exceeded = true
                        return false
                    }
                } else if byte == UInt8(ascii: ">") {
                    state = .text
                }
            case .quoted(let quote):
                if byte == quote { state = .inTag }
            case .other:
                if byte == UInt8(ascii: ">") { state = .text }
            }
        }
        return true
    }
}

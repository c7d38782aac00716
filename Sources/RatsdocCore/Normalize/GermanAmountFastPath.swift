/// The common cells of ``GermanAmount/read(_:)`` read by hand, byte by byte: text without a
/// digit, and plain amounts ("1.250,50 €", "- 12.500 EUR", "+3,5 Euro", "0"). Anything else
/// (other scalars, multipliers, parentheses, ",-" endings, digit groups split by spaces, more than
/// two decimals) is left to the general reader, which gives the same answers for these cells.
enum GermanAmountFastPath {
    /// Digits of the whole part at most (as in ``GermanAmount/read(_:)``).
    static let maximumDigits = 15
    /// Currency words a plain amount may end with.
    static let currencies: [[UInt8]] = [Array("€".utf8), Array("EUR".utf8), Array("Euro".utf8)]
    /// Bytes of the currency and multiplier words and dash placeholders: text without a digit
    /// made only of these (and spaces) may still be an empty cell ("- EUR"), so it is left to the
    /// general reader.
    static let placeholderBytes: Set<UInt8> = Set("TEURuroMisd.-,".utf8).union(Array("€".utf8))

    /// The result for `raw`, or nil when the general reader must decide.
    static func read(_ raw: String) -> GermanAmount.Result? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.utf8.count)
        var hasDigit = false
        var onlyPlaceholders = true
        var iterator = raw.utf8.makeIterator()
        // Only printable ASCII and "€" (E2 82 AC): such text is its own normalization and each
        // byte is one Character.
        while let byte = iterator.next() {
            switch byte {
            case 0x20...0x7E:
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { hasDigit = true }
            case 0xE2:
                guard iterator.next() == 0x82, iterator.next() == 0xAC else { return nil }
                bytes.append(contentsOf: [0xE2, 0x82, 0xAC])
                continue
            default:
                return nil
            }
            if byte != UInt8(ascii: " ") && !placeholderBytes.contains(byte) { onlyPlaceholders = false }
            bytes.append(byte)
        }
        if !hasDigit {
            if bytes.allSatisfy({ $0 == UInt8(ascii: " ") }) { return .empty }
            // A byte outside every currency word and placeholder survives the general reader's
            // clean-up, so the cell is neither empty nor a number: text.
            return onlyPlaceholders ? nil : .text
        }
        return amount(bytes)
    }

    /// A plain amount: spaces, an optional sign, spaces, digits (groups of three after dots when
    /// dotted), an optional comma with one or two decimals, spaces, an optional currency, spaces.
    private static func amount(_ bytes: [UInt8]) -> GermanAmount.Result? {
        var index = 0
        func skipSpaces() { while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 } }
        func isDigit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= 0x30 && bytes[at] <= 0x39 }
        skipSpaces()
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
            skipSpaces()
        }
        var whole: Int64 = 0
        var digits = 0
        var groupLength = 0
        var groups = 1
        var firstGroupLength = 0
        while index < bytes.count {
            if isDigit(index) {
                whole = whole * 10 + Int64(bytes[index] - 0x30)
                digits += 1
                groupLength += 1
                guard digits <= maximumDigits else { return nil }
            } else if bytes[index] == UInt8(ascii: ".") {
                if groups == 1 { firstGroupLength = groupLength } else if groupLength != 3 { return nil }
                guard isDigit(index + 1) else { return nil }
                groups += 1
                groupLength = 0
            } else {
                break
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        if groups > 1 {
            guard (1...3).contains(firstGroupLength), groupLength == 3 else { return nil }
        }
        var cents = whole * 100
        if index < bytes.count, bytes[index] == UInt8(ascii: ",") {
            index += 1
            guard isDigit(index) else { return nil }
            let tens = Int64(bytes[index] - 0x30)
            index += 1
            if isDigit(index) {
                cents += tens * 10 + Int64(bytes[index] - 0x30)
                index += 1
                guard !isDigit(index) else { return nil }
            } else {
                cents += tens * 10
            }
        }
        skipSpaces()
        if index < bytes.count {
            guard let currency = currencies.first(where: { matches($0, in: bytes, at: index) }) else { return nil }
            index += currency.count
            skipSpaces()
        }
        guard index == bytes.count else { return nil }
        return .amount(Amount(cents: negative ? -cents : cents))
    }

    /// Whether `word` stands in `bytes` at `index` and is not followed by a letter or digit.
    private static func matches(_ word: [UInt8], in bytes: [UInt8], at index: Int) -> Bool {
        guard index + word.count <= bytes.count, bytes[index..<(index + word.count)].elementsEqual(word) else {
            return false
        }
        let end = index + word.count
        return end == bytes.count || bytes[end] == UInt8(ascii: " ")
    }
}

import Foundation

/// Parses German money amounts into exact ``Amount``s (cents), never through a floating-point value:
/// "1.250.000 €" → 1250000.00, "-12.500 €" → -12500.00, "1.250,50 €" → 1250.50, "0 €", "1.250.000,00 EUR",
/// "12,5 Mio. €" → 12500000.00, "(1.000)" → -1000.00. A dash placeholder ("- €", "–") means no value.
public enum GermanAmount {
    /// The outcome of reading one cell.
    public enum Result: Hashable, Sendable {
        /// An amount.
        case amount(Amount)
        /// An empty cell or a dash placeholder.
        case empty
        /// Text that is not an amount ("Deckung ist gegeben").
        case text
        /// Looks like a number but cannot be read exactly ("1.25.0 €").
        case malformed
    }

    static let currencyWords = ["TEUR", "T€", "Euro", "EUR", "€", "Mio.", "Mio", "Tsd.", "Tsd"]
    /// Every scalar a placeholder cell can hold: those of the currency words, dashes, the minus
    /// sign, the comma and the space.
    static let placeholderScalars: Set<Unicode.Scalar> = Set(currencyWords.joined().unicodeScalars)
        .union([" ", "-", "\u{2013}", "\u{2212}", ","])

    /// "Mio" / "Mio." starting a word: the amount is in millions. Compiled once; matched as
    /// `String.range(of:options: .regularExpression)` matched it (ICU, whole string).
    static let millionPattern = try? NSRegularExpression(pattern: #"\bMio\.?"#)
    /// "T€", "TEUR", "Tsd" / "Tsd." starting a word: the amount is in thousands.
    static let thousandPattern = try? NSRegularExpression(pattern: #"(\bT€|\bTEUR|\bTsd\.?)"#)

    /// Whether `regex` matches somewhere in `text`.
    static func matches(_ regex: NSRegularExpression?, _ text: String) -> Bool {
        guard let regex else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Parses one cell. See ``Result``.
    public static func read(_ raw: String) -> Result {
        GermanAmountFastPath.read(raw) ?? readGeneral(raw)
    }

    /// ``read(_:)`` for any cell: normalized text, currency and multiplier words, signs,
    /// parentheses and placeholders.
    static func readGeneral(_ raw: String) -> Result {
        var text = TextNormalizer.collapseSpaces(TextNormalizer.normalize(raw))
        if text.isEmpty { return .empty }
        // Text without a figure is a placeholder only when it holds nothing but currency and
        // multiplier words, dashes, commas and spaces; anything else makes it text, which the steps
        // below would find too, after several passes over it.
        let rawHasNumber = containsNumber(raw)
        if !rawHasNumber, text.unicodeScalars.contains(where: { !placeholderScalars.contains($0) }) {
            return .text
        }
        var multiplier: Int64 = 1
        if matches(millionPattern, text) { multiplier = 1_000_000 }
        if matches(thousandPattern, text) { multiplier = 1_000 }
        text = strippingUnits(text)
        if text.isEmpty || text == "-" || text == "--" || text == "-,-" || text == "-,--" { return .empty }
        var negative = false
        if text.hasPrefix("(") && text.hasSuffix(")") {
            negative = true
            text = String(text.dropFirst().dropLast())
        }
        if text.hasPrefix("-") {
            negative.toggle()
            text.removeFirst()
        } else if text.hasPrefix("+") {
            text.removeFirst()
        }
        if text.hasSuffix(",-") || text.hasSuffix(",--") { text = String(text.prefix { $0 != "," }) }
        guard let first = text.first, first.isNumber else {
            return rawHasNumber && raw.count < 24 ? .malformed : .text
        }
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else {
            return text.contains(where: \.isLetter) ? .text : .malformed
        }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return .malformed }
        let wholeText = String(parts[0])
        let groups = wholeText.split(separator: ".", omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                return .malformed
            }
        }
        let digits = groups.joined()
        guard !digits.isEmpty, digits.count <= 15, let whole = Int64(digits) else { return .malformed }
        var fractionCents: Int64 = 0
        var fractionScale: Int64 = 100
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.count <= 6, let value = Int64(fraction) else { return .malformed }
            var scale: Int64 = 1
            for _ in 0..<fraction.count { scale *= 10 }
            // value / scale of a unit, in cents × multiplier, must be exact.
            let centsTimesScale = value * 100 * multiplier
            guard centsTimesScale % scale == 0 else { return .malformed }
            fractionCents = centsTimesScale / scale
            fractionScale = 1
        }
        _ = fractionScale
        let (wholeCents, overflow) = whole.multipliedReportingOverflow(by: 100 * multiplier)
        guard !overflow else { return .malformed }
        let cents = wholeCents + fractionCents
        return .amount(Amount(cents: negative ? -cents : cents))
    }

    /// `text.contains(where: \.isNumber)`: scalar by scalar where every scalar is plain (each is a
    /// character of its own, a carriage return and line feed aside, neither a number), by
    /// characters elsewhere.
    static func containsNumber(_ text: String) -> Bool {
        var hasDigit = false
        for scalar in text.unicodeScalars {
            guard TextNormalizer.isPlain(scalar) else { return text.contains(where: \.isNumber) }
            if scalar.value >= 0x30 && scalar.value <= 0x39 { hasDigit = true }
        }
        return hasDigit || text.unicodeScalars.contains { $0.value >= 0x80 && $0.properties.numericType != nil }
    }

    /// `text` with every currency and multiplier word replaced by a space (in the order of
    /// ``currencyWords``, each left to right), minus signs and en dashes made "-", and then every
    /// space dropped: "−1.250 T€" → "-1.250". Scalar by scalar where every scalar is plain
    /// (``TextNormalizer/isPlain(_:)``, a character of its own), which is what Foundation's
    /// `replacingOccurrences` gives there (tested against it); through Foundation elsewhere.
    static func strippingUnits(_ text: String) -> String {
        guard text.unicodeScalars.allSatisfy(TextNormalizer.isPlain) else {
            var text = text
            for word in currencyWords { text = text.replacingOccurrences(of: word, with: " ") }
            text = text.replacingOccurrences(of: "\u{2212}", with: "-").replacingOccurrences(of: "\u{2013}", with: "-")
            return text.replacingOccurrences(of: " ", with: "")
        }
        var scalars = Array(text.unicodeScalars)
        let space: Unicode.Scalar = " "
        for word in currencyWordScalars {
            guard word.count <= scalars.count else { continue }
            var output: [Unicode.Scalar] = []
            var index = 0
            var replaced = false
            while index < scalars.count {
                if scalars[index] == word[0], index + word.count <= scalars.count,
                    scalars[index..<(index + word.count)].elementsEqual(word)
                {
                    if !replaced {
                        output.reserveCapacity(scalars.count)
                        output.append(contentsOf: scalars[0..<index])
                        replaced = true
                    }
                    output.append(space)
                    index += word.count
                } else {
                    if replaced { output.append(scalars[index]) }
                    index += 1
                }
            }
            if replaced { scalars = output }
        }
        var result = String.UnicodeScalarView()
        for scalar in scalars {
            switch scalar {
            case " ": continue
            case "\u{2212}", "\u{2013}": result.append("-")
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    static let currencyWordScalars: [[Unicode.Scalar]] = currencyWords.map { Array($0.unicodeScalars) }

    /// The amount in `raw`, or nil for anything that is not exactly one amount.
    public static func parse(_ raw: String) -> Amount? {
        if case .amount(let amount) = read(raw) { return amount }
        return nil
    }
}

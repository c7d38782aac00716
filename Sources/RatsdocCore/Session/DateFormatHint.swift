import Foundation

/// A date or date-time pattern from a mapping file, such as `dd.MM.yyyy` or `dd.MM.yyyy HH:mm`.
///
/// Tokens: `yyyy` (4-digit year), `yy` (2-digit year, 20yy), `MM`/`M`, `dd`/`d`, `HH`/`H`, `mm`,
/// `ss`; any other character must appear literally. A time part is optional when the text ends
/// after the date. No locale, no time zone: the values are read as written.
public struct DateFormatHint: Hashable, Sendable {
    public var pattern: String

    public init(_ pattern: String) { self.pattern = pattern }

    /// The parts read from `text`, or nil when it does not fit the pattern.
    public struct Parts: Hashable, Sendable {
        public var date: CalendarDate
        public var hour: Int?
        public var minute: Int?
        public var second: Int?

        /// `2026-03-12T17:00:00`, or the date alone when there is no time.
        public var isoDateTime: String {
            guard let hour else { return date.description }
            return "\(date)T\(Self.two(hour)):\(Self.two(minute ?? 0)):\(Self.two(second ?? 0))"
        }

        private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    }

    public func parse(_ text: String) -> Parts? { Compiled(pattern).parse(text) }

    /// The pattern tokenized once, for parsing many values (the mapping engine keeps one per field).
    struct Compiled: Sendable {
        private let tokens: [Token]
        /// Every literal is one ASCII byte, so ASCII text can be read byte by byte.
        private let asciiOnly: Bool

        static let defaultDates = ["yyyy-MM-dd", "dd.MM.yyyy"].map { Compiled($0) }
        static let defaultDateTimes = ["dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "dd.MM.yyyy"].map { Compiled($0) }

        init(_ pattern: String) {
            tokens = DateFormatHint.tokens(of: pattern)
            asciiOnly = tokens.allSatisfy {
                if case .literal(let character) = $0 { return character.isASCII && character.utf8.count == 1 }
                return true
            }
        }

        func parse(_ text: String) -> Parts? {
            // Fast path: ASCII text without surrounding white space, compared byte by byte.
            if asciiOnly, let first = text.utf8.first, let last = text.utf8.last, first > 0x20, last > 0x20,
                let result = text.utf8.withContiguousStorageIfAvailable({ parseASCII($0) }),
                case .some(let parts) = result
            {
                return parts
            }
            return parseCharacters(text)
        }

        /// nil for the inner Optional when the text is not ASCII (the caller then reads Characters).
        private func parseASCII(_ input: UnsafeBufferPointer<UInt8>) -> Parts?? {
            for byte in input where byte >= 0x80 { return .none }
            var position = 0
            var fields = FieldValues()
            for token in tokens {
                if position == input.count, fields.hasDate, token.isTimeOrSeparator { break }
                switch token {
                case .literal(let character):
                    guard position < input.count, let byte = character.asciiValue, input[position] == byte else {
                        return .some(nil)
                    }
                    position += 1
                case .field(let field, let width):
                    let maxDigits = width == 1 ? 2 : width
                    var digits = 0
                    var value = 0
                    while position < input.count, digits < maxDigits, (0x30...0x39).contains(input[position]) {
                        value = value * 10 + Int(input[position] - 0x30)
                        digits += 1
                        position += 1
                    }
                    guard digits > 0, width == 1 || digits == width, fields.set(field, width, value) else {
                        return .some(nil)
                    }
                }
            }
            guard position == input.count else { return .some(nil) }
            return .some(fields.parts())
        }

        private func parseCharacters(_ text: String) -> Parts? {
            let input = Array(text.trimmedWhitespaces())
            var position = 0
            var fields = FieldValues()
            for token in tokens {
                if position == input.count, fields.hasDate, token.isTimeOrSeparator {
                    break  // the text ends after the date: no time part
                }
                switch token {
                case .literal(let character):
                    guard position < input.count, input[position] == character else { return nil }
                    position += 1
                case .field(let field, let width):
                    let maxDigits = width == 1 ? 2 : width
                    var digits = ""
                    while position < input.count, digits.count < maxDigits, input[position].isASCII,
                        input[position].isNumber
                    {
                        digits.append(input[position])
                        position += 1
                    }
                    guard !digits.isEmpty, width == 1 || digits.count == width, let value = Int(digits),
                        fields.set(field, width, value)
                    else { return nil }
                }
            }
            guard position == input.count else { return nil }
            return fields.parts()
        }
    }

    private struct FieldValues {
        var year: Int?
        var month: Int?
        var day: Int?
        var hour: Int?
        var minute: Int?
        var second: Int?

        var hasDate: Bool { year != nil && month != nil && day != nil }

        mutating func set(_ field: Character, _ width: Int, _ value: Int) -> Bool {
            switch field {
            case "y": year = width == 2 ? 2000 + value : value
            case "M": month = value
            case "d": day = value
            case "H": hour = value
            case "m": minute = value
            case "s": second = value
            default: return false
            }
            return true
        }

        func parts() -> Parts? {
            guard let year, let month, let day, let date = CalendarDate(year: year, month: month, day: day) else {
                return nil
            }
            if let hour, !(0...23).contains(hour) { return nil }
            if let minute, !(0...59).contains(minute) { return nil }
            if let second, !(0...59).contains(second) { return nil }
            return Parts(date: date, hour: hour, minute: minute, second: second)
        }
    }

    fileprivate enum Token: Hashable, Sendable {
        case literal(Character)
        case field(Character, Int)

        var isTimeOrSeparator: Bool {
            switch self {
            case .literal: true
            case .field(let field, _): "Hms".contains(field)
            }
        }
    }

    fileprivate static func tokens(of pattern: String) -> [Token] {
        var tokens: [Token] = []
        for character in pattern {
            if "yMdHms".contains(character) {
                if case .field(let field, let width) = tokens.last, field == character {
                    tokens[tokens.count - 1] = .field(field, width + 1)
                } else {
                    tokens.append(.field(character, 1))
                }
            } else {
                tokens.append(.literal(character))
            }
        }
        return tokens
    }
}

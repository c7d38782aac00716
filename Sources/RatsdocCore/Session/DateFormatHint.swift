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

    public func parse(_ text: String) -> Parts? {
        let input = Array(text.trimmingCharacters(in: .whitespaces))
        let tokens = Self.tokens(of: pattern)
        var position = 0
        var year: Int?
        var month: Int?
        var day: Int?
        var hour: Int?
        var minute: Int?
        var second: Int?
        for token in tokens {
            if position == input.count, year != nil, month != nil, day != nil, token.isTimeOrSeparator {
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
                guard !digits.isEmpty, width == 1 || digits.count == width, let value = Int(digits) else { return nil }
                switch field {
                case "y": year = width == 2 ? 2000 + value : value
                case "M": month = value
                case "d": day = value
                case "H": hour = value
                case "m": minute = value
                case "s": second = value
                default: return nil
                }
            }
        }
        guard position == input.count, let year, let month, let day,
            let date = CalendarDate(year: year, month: month, day: day)
        else { return nil }
        if let hour, !(0...23).contains(hour) { return nil }
        if let minute, !(0...59).contains(minute) { return nil }
        if let second, !(0...59).contains(second) { return nil }
        return Parts(date: date, hour: hour, minute: minute, second: second)
    }

    private enum Token: Hashable {
        case literal(Character)
        case field(Character, Int)

        var isTimeOrSeparator: Bool {
            switch self {
            case .literal: true
            case .field(let field, _): "Hms".contains(field)
            }
        }
    }

    private static func tokens(of pattern: String) -> [Token] {
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

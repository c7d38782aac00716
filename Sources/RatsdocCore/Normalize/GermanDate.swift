import Foundation

/// Parses German calendar dates as printed in Vorlagen: "20.06.2018", "5.7.2018", "05.07.18",
/// "20. Juni 2018", "20. Jun. 2018". Never goes through `Date`, so there is no time-zone drift.
public enum GermanDate {
    static let monthNames: [String: Int] = [
        "januar": 1, "jan": 1, "jänner": 1, "februar": 2, "feb": 2, "märz": 3, "mär": 3, "maerz": 3, "april": 4,
        "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
        "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12,
    ]

    /// Parses a text that is exactly one date (surrounding spaces allowed). Returns nil otherwise.
    public static func parse(_ text: String) -> CalendarDate? {
        let trimmed = TextNormalizer.collapseSpaces(TextNormalizer.normalize(text))
        // Every date found starts at a digit: a text that does not cannot be one date.
        guard let first = trimmed.utf8.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
            let found = firstDate(in: trimmed), found.range == trimmed.startIndex..<trimmed.endIndex
        else {
            return nil
        }
        return found.date
    }

    /// The first valid date inside a longer text, with its range: the numeric form
    /// `d.m.yyyy` / `dd.mm.yy` (optionally a space after each dot) or the written form
    /// `20. Juni 2018`, at word boundaries (no digit or dot before, no digit after).
    /// A hand-written scanner: this runs on every line of every document.
    public static func firstDate(in text: String) -> (date: CalendarDate, range: Range<String.Index>)? {
        // Every date starts at an ASCII digit: text without one is left at once.
        guard text.utf8.contains(where: { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        let characters = Array(text)
        guard characters.count >= 6 else { return nil }
        var offsets: [String.Index] = []
        offsets.reserveCapacity(characters.count + 1)
        var index = text.startIndex
        while index < text.endIndex {
            offsets.append(index)
            index = text.index(after: index)
        }
        offsets.append(text.endIndex)

        func digits(from start: Int, max count: Int) -> (value: Int, end: Int)? {
            var position = start
            var value = 0
            while position < characters.count, position - start < count,
                let digit = characters[position].wholeNumberValue,
                characters[position].isASCII
            {
                value = value * 10 + digit
                position += 1
            }
            return position > start ? (value, position) : nil
        }
        func skipSpace(_ position: Int) -> Int {
            position < characters.count && characters[position] == " " ? position + 1 : position
        }
        func isDigit(_ position: Int) -> Bool {
            position >= 0 && position < characters.count && characters[position].isASCII
                && characters[position].isNumber
        }

        /// "d./" or "d.m./" right before position `end`: the first day of a date range.
        func rangeStart(before end: Int, month: Int, year: Int) -> (day: Int, month: Int, position: Int)? {
            func number(endingAt last: Int) -> (value: Int, start: Int)? {
                var first = last
                while first - 1 >= 0, last - first < 1, isDigit(first - 1) { first -= 1 }
                guard isDigit(last), !isDigit(first - 1) else { return nil }
                var value = 0
                for position in first...last { value = value * 10 + (characters[position].wholeNumberValue ?? 0) }
                return (value, first)
            }
            guard end >= 3, characters[end - 1] == "/", characters[end - 2] == ".",
                let last = number(endingAt: end - 3)
            else { return nil }
            if last.start >= 2, characters[last.start - 1] == ".", let day = number(endingAt: last.start - 2) {
                guard day.start == 0 || !(characters[day.start - 1] == "." || isDigit(day.start - 1)) else {
                    return nil
                }
                return (day.value, last.value, day.start)
            }
            guard last.start == 0 || !(characters[last.start - 1] == "." || isDigit(last.start - 1)) else { return nil }
            return (last.value, month, last.start)
        }

        for start in characters.indices where isDigit(start) {
            if start > 0, isDigit(start - 1) || characters[start - 1] == "." { continue }
            guard let day = digits(from: start, max: 2), day.end < characters.count, characters[day.end] == "." else {
                continue
            }
            let afterDay = skipSpace(day.end + 1)
            // Numeric: d.m.yyyy
            if let month = digits(from: afterDay, max: 2), month.end < characters.count, characters[month.end] == "." {
                let yearStart = skipSpace(month.end + 1)
                if let year = digits(from: yearStart, max: 4), !isDigit(year.end),
                    year.end - yearStart == 4 || year.end - yearStart == 2
                {
                    let fullYear = year.end - yearStart == 2 ? year.value + (year.value < 70 ? 2000 : 1900) : year.value
                    if let date = CalendarDate(year: fullYear, month: month.value, day: day.value) {
                        // A range ("15./16.11.2016", "31.05./01.06.2016") means its first day.
                        if let first = rangeStart(before: start, month: month.value, year: fullYear),
                            let firstDate = CalendarDate(year: fullYear, month: first.month, day: first.day)
                        {
                            return (firstDate, offsets[first.position]..<offsets[year.end])
                        }
                        return (date, offsets[start]..<offsets[year.end])
                    }
                }
                continue
            }
            // Written: 20. Juni 2018
            var position = day.end + 1
            while position < characters.count, characters[position] == " " { position += 1 }
            let nameStart = position
            while position < characters.count, characters[position].isLetter { position += 1 }
            guard position > nameStart, let month = monthNames[String(characters[nameStart..<position]).lowercased()]
            else {
                continue
            }
            if position < characters.count, characters[position] == "." { position += 1 }
            let spaceStart = position
            while position < characters.count, characters[position] == " " { position += 1 }
            guard position > spaceStart, let year = digits(from: position, max: 4), year.end - position == 4,
                !isDigit(year.end),
                let date = CalendarDate(year: year.value, month: month, day: day.value)
            else { continue }
            return (date, offsets[start]..<offsets[year.end])
        }
        return nil
    }
}

import Foundation

/// Parses German calendar dates as printed in Vorlagen: "20.06.2018", "5.7.2018", "05.07.18",
/// "20. Juni 2018", "20. Jun. 2018". Never goes through `Date`, so there is no time-zone drift.
public enum GermanDate {
    static let monthNames: [String: Int] = [
        "januar": 1, "jan": 1, "jänner": 1, "februar": 2, "feb": 2, "märz": 3, "mär": 3, "maerz": 3, "april": 4,
        "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
        "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12,
    ]

    /// Numeric form `d.m.yyyy` / `dd.mm.yy`, at word boundaries.
    static let numericPattern = #"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?![\d])"#
    /// Written form `20. Juni 2018`.
    static let writtenPattern = #"(?<![\d.])(\d{1,2})\.\s*([A-Za-zÄÖÜäöü]+)\.?\s+(\d{4})(?!\d)"#

    /// Parses a text that is exactly one date (surrounding spaces allowed). Returns nil otherwise.
    public static func parse(_ text: String) -> CalendarDate? {
        let trimmed = TextNormalizer.collapseSpaces(TextNormalizer.normalize(text))
        guard let found = firstDate(in: trimmed), found.range == trimmed.startIndex..<trimmed.endIndex else {
            return nil
        }
        return found.date
    }

    /// The first valid date inside a longer text, with its range.
    public static func firstDate(in text: String) -> (date: CalendarDate, range: Range<String.Index>)? {
        let nsText = text as NSString
        let whole = NSRange(location: 0, length: nsText.length)
        var best: (date: CalendarDate, location: Int, range: NSRange)?
        if let regex = try? NSRegularExpression(pattern: numericPattern) {
            for match in regex.matches(in: text, range: whole) {
                let yearText = nsText.substring(with: match.range(at: 3))
                guard let day = Int(nsText.substring(with: match.range(at: 1))),
                    let month = Int(nsText.substring(with: match.range(at: 2))), var year = Int(yearText)
                else { continue }
                if yearText.count == 2 { year += year < 70 ? 2000 : 1900 }
                if let date = CalendarDate(year: year, month: month, day: day) {
                    best = (date, match.range.location, match.range)
                    break
                }
            }
        }
        if let regex = try? NSRegularExpression(pattern: writtenPattern) {
            for match in regex.matches(in: text, range: whole) {
                if let best, best.location < match.range.location { break }
                guard let day = Int(nsText.substring(with: match.range(at: 1))),
                    let month = monthNames[nsText.substring(with: match.range(at: 2)).lowercased()],
                    let year = Int(nsText.substring(with: match.range(at: 3))),
                    let date = CalendarDate(year: year, month: month, day: day)
                else { continue }
                best = (date, match.range.location, match.range)
                break
            }
        }
        guard let best, let range = Range(best.range, in: text) else { return nil }
        return (best.date, range)
    }
}

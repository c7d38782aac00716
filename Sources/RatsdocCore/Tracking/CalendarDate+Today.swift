public import Foundation

extension CalendarDate {
    /// The date in Germany (Europe/Berlin), where the councils meet, at `now`.
    public static func today(now: Date = Date()) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Berlin") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return CalendarDate(components: parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    /// From a calendar's own components, which are valid by construction.
    private init(components year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }
}

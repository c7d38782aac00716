import Foundation
import Testing

@testable import RatsdocCore

@Suite("Values: dates, amounts, digests")
struct ValuesTests {
    @Test func calendarDateRejectsImpossibleDays() {
        #expect(CalendarDate(year: 2024, month: 2, day: 29)?.description == "2024-02-29")
        #expect(CalendarDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2018, month: 13, day: 1) == nil)
    }

    @Test func calendarDateKeepsTheWrittenDateOfATimestamp() {
        // 23:30 in Berlin is the next day in UTC; the date as written must win.
        #expect(CalendarDate(iso: "2026-04-28T23:30:00+02:00")?.description == "2026-04-28")
        #expect(CalendarDate(iso: "2026-4-28") == nil)
    }

    @Test func amountsEncodeAsExactDecimalStrings() throws {
        let values = [
            Amount(cents: 125_000_000), Amount(cents: -1_250_000), Amount(cents: 125_050), Amount(cents: 0),
            Amount(cents: -5),
        ]
        let json = try JSONOutput.encode(values, pretty: false)
        #expect(json == #"["1250000.00","-12500.00","1250.50","0.00","-0.05"]"#)
        let decoded = try JSONDecoder().decode([Amount].self, from: Data(json.utf8))
        #expect(decoded == values)
    }

    @Test(
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ])
    func sha256MatchesTheStandardVectors(input: String, digest: String) {
        #expect(SHA256Digest.hex(of: Array(input.utf8)) == digest)
    }

    @Test func sha256OfAMillionAs() {
        let input = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(SHA256Digest.hex(of: input) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func boxesEncodeAsRoundedArrays() throws {
        let box = BoundingBox(x0: 10.004, y0: 20.5, x1: 5, y1: 30.126)
        #expect(try JSONOutput.encode(box, pretty: false) == "[5,20.5,10,30.13]")
    }
}

@Suite("Day numbers")
struct DayNumberTests {
    @Test(arguments: [("1970-01-01", 0), ("2000-03-01", 11_017), ("2026-04-28", 20_571), ("2024-02-29", 19_782)])
    func dayNumbersRoundTrip(iso: String, days: Int) throws {
        let date = try #require(CalendarDate(iso: iso))
        #expect(date.dayNumber == days)
        #expect(CalendarDate(dayNumber: days) == date)
    }
}

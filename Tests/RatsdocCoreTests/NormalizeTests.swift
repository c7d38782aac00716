import Foundation
import RatsdocCore
import Testing

@Suite struct GermanAmountTests {
    @Test(arguments: [
        ("1.250.000 €", "1250000.00"), ("-12.500 €", "-12500.00"), ("1.250,50 €", "1250.50"), ("0 €", "0.00"),
        ("1.250.000,00 EUR", "1250000.00"), ("12,5 Mio. €", "12500000.00"), ("−3,05 €", "-3.05"),
        ("(1.000) €", "-1000.00"), ("480.000 Euro", "480000.00"), ("7 T€", "7000.00"), ("1.250,- €", "1250.00"),
        ("0,01 €", "0.01"), ("- 12.500 €", "-12500.00"),
    ])
    func parsesExactly(_ input: String, _ expected: String) {
        #expect(GermanAmount.parse(input)?.description == expected)
    }

    @Test(arguments: [
        ("", GermanAmount.Result.empty), ("- €", .empty), ("–", .empty),
        ("Deckung ist gegeben", .text), ("1.25.0 €", .malformed), ("1,2,3 €", .malformed),
    ])
    func classifiesNonAmounts(_ input: String, _ expected: GermanAmount.Result) {
        #expect(GermanAmount.read(input) == expected)
    }

    @Test func neverUsesFloatingPoint() {
        // 0.1 + 0.2 style drift would show here.
        #expect(GermanAmount.parse("0,30 €") == Amount(cents: 30))
        #expect(GermanAmount.parse("9.999.999.999,99 €") == Amount(cents: 999_999_999_999))
    }
}

@Suite struct GermanDateTests {
    @Test(arguments: [
        ("20.06.2018", "2018-06-20"), ("5.7.2018", "2018-07-05"), ("05.07.18", "2018-07-05"),
        ("20. Juni 2018", "2018-06-20"), ("1. März 2026", "2026-03-01"), ("3. Okt. 2025", "2025-10-03"),
        ("29.02.2024", "2024-02-29"), (" 31.12.1999 ", "1999-12-31"),
        // A range means its first day.
        ("15./16.11.2016", "2016-11-15"), ("31.05./01.06.2016", "2016-05-31"),
    ])
    func parses(_ input: String, _ expected: String) {
        #expect(GermanDate.parse(input)?.description == expected)
    }

    @Test(arguments: ["31.02.2018", "29.02.2023", "13.13.2013", "20.06.", "2018-06-20", "Datum", "20.06.2018 TOP 3"])
    func rejects(_ input: String) {
        #expect(GermanDate.parse(input) == nil)
    }

    @Test func findsTheFirstDateInText() {
        #expect(GermanDate.firstDate(in: "Schulausschuss 11.03.2026 8 Ö")?.date.description == "2026-03-11")
        #expect(GermanDate.firstDate(in: "am 5. November 2025 einstimmig")?.date.description == "2025-11-05")
    }
}

@Suite struct ReferenceTests {
    static let aachen = [
        #"(?<office>[A-ZÄÖÜ][A-Za-zÄÖÜäöü.]*(?:\s?[0-9IVX]+)?)\s?/\s?(?<serial>[0-9]{3,5})\s?/\s?(?<term>WP\s?[0-9]{1,2})"#
    ]
    static let karlsruhe = [#"(?<year>(19|20)[0-9]{2})\s?/\s?(?<serial>[0-9]{3,5})(?:\s?/\s?(?<revision>[0-9]{1,2}))?"#]

    @Test(arguments: [
        ("FB 11/0298/WP17", "FB 11/0298/WP17", ["office": "FB 11", "serial": "0298", "term": "WP17"]),
        ("E 26/0113/WP18", "E 26/0113/WP18", ["office": "E 26", "serial": "0113", "term": "WP18"]),
        ("FB 61/0457/WP18 ", "FB 61/0457/WP18", ["office": "FB 61", "serial": "0457", "term": "WP18"]),
    ])
    func aachenReferences(_ input: String, _ reference: String, _ parts: [String: String]) throws {
        let parsed = try #require(ReferenceNumber.parse(input, patterns: Self.aachen))
        #expect(parsed.reference == reference)
        #expect(parsed.parts == parts)
    }

    @Test(arguments: [
        ("2026/0061", "2026/0061", ["year": "2026", "serial": "0061"]),
        ("2023/0840/1", "2023/0840/1", ["year": "2023", "serial": "0840", "revision": "1"]),
    ])
    func karlsruheReferences(_ input: String, _ reference: String, _ parts: [String: String]) throws {
        let parsed = try #require(ReferenceNumber.parse(input, patterns: Self.karlsruhe))
        #expect(parsed.reference == reference)
        #expect(parsed.parts == parts)
    }

    @Test func rejectsOtherShapes() {
        #expect(ReferenceNumber.parse("Dez. V / FB 11", patterns: Self.aachen) == nil)
        #expect(ReferenceNumber.parse("Dez. 3", patterns: Self.karlsruhe) == nil)
    }
}

@Suite struct TextRepairTests {
    @Test(arguments: [
        ("Fortgeschriebe- ner Ansatz 2018", "Fortgeschriebener Ansatz 2018"),
        ("Folgekos- ten (alt)", "Folgekosten (alt)"),
        ("Schul- und Sportamt", "Schul- und Sportamt"),
        ("Personal-/ Sachaufwand", "Personal-/ Sachaufwand"),
        ("Bau- bzw. Planungsrecht", "Bau- bzw. Planungsrecht"),
        ("Erläu- terungen", "Erläuterungen"),
        ("Heinz-Barth-Schule", "Heinz-Barth-Schule"),
    ])
    func dehyphenatesHeadings(_ input: String, _ expected: String) {
        #expect(TextNormalizer.dehyphenateInline(input) == expected)
    }

    @Test(arguments: [
        (["Erläute-", "rungen:"], "Erläuterungen:"),
        (["+ Verbesserung / -", "Verschlechterung"], "+ Verbesserung / - Verschlechterung"),
        (["Ausschuss für Umwelt,", "Klimaschutz"], "Ausschuss für Umwelt, Klimaschutz"),
        (["Bau-", "und Umweltausschuss"], "Bau- und Umweltausschuss"),
    ])
    func joinsLines(_ lines: [String], _ expected: String) {
        #expect(TextNormalizer.joinLines(lines) == expected)
    }

    @Test(arguments: [("Beschlussvorschlag:", "beschlussvorschlag"), ("Ö / N", "ö/n"), ("Anlage/n:", "anlage/n")])
    func matchKeys(_ input: String, _ expected: String) {
        #expect(TextNormalizer.matchKey(input) == expected)
    }
}

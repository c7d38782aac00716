import Foundation
import Testing

@testable import RatsdocCore

/// The hand-written reader of plain cells gives exact values, and answers every cell it takes
/// exactly as the general reader does.
@Suite struct GermanAmountFastPathTests {
    @Test(arguments: [
        ("0", Int64(0)), ("7", 700), ("1.250.000 €", 125_000_000), ("-12.500 €", -1_250_000),
        ("1.250,50 €", 125_050), ("1.250,5 €", 125_050), ("0,01 €", 1), ("+3,5 Euro", 350),
        ("- 12.500 EUR", -1_250_000), ("  1.000  €  ", 100_000), ("5EUR", 500), ("5€", 500), ("-0", 0),
        ("123.456.789.012.345", 12_345_678_901_234_500), ("2025", 202_500), ("007", 700),
    ])
    func readsPlainAmountsExactly(_ input: String, _ cents: Int64) {
        #expect(GermanAmountFastPath.read(input) == .amount(Amount(cents: cents)))
        #expect(GermanAmount.readGeneral(input) == .amount(Amount(cents: cents)))
    }

    @Test(arguments: [
        ("", GermanAmount.Result.empty), ("   ", .empty), ("Deckung ist gegeben", .text), ("(-)", .text), ("x", .text),
    ])
    func readsCellsWithoutDigits(_ input: String, _ expected: GermanAmount.Result) {
        #expect(GermanAmountFastPath.read(input) == expected)
        #expect(GermanAmount.readGeneral(input) == expected)
    }

    /// Placeholders of currency and multiplier words and dashes only, and text with one scalar
    /// more: the general path's shortcut for cells without a figure.
    @Test(arguments: [
        ("Euro Mio", GermanAmount.Result.empty), ("T€ –", .empty), ("Mio. −,–", .empty), ("(EUR)", .text),
        ("—", .text), ("€\t", .empty), ("Tsd. EUR a", .text), ("EUR ½", .malformed),
    ])
    func readsPlaceholdersAndText(_ input: String, _ expected: GermanAmount.Result) {
        #expect(GermanAmount.read(input) == expected)
    }

    @Test(arguments: [
        "-", "- €", "--", "-,-", "EUR", "Mio.", "1.25.0 €", "1,2,3 €", "12,5 Mio. €", "7 T€", "(1.000) €", "1.250,- €",
        "1,500 €", "1 000 €", "€ 5", "5.", ".5", "1..000", "1234.567", "5 Stück", "5 EURx", "−3,05 €", "1.250\u{A0}€",
        "1234567890123456", "5\t€", "– 5", "+-5", "5 € 6",
    ])
    func leavesUnusualCellsToTheGeneralReader(_ input: String) {
        #expect(GermanAmountFastPath.read(input) == nil)
    }

    @Test func agreesWithTheGeneralReader() {
        let pieces = ["", " ", "-", "+", "1", "12", "123", "1.234", ".", ",", ",5", ",50", "€", "EUR", "Euro", "Mio", "a", "0"]
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let input = a + b + c
                    if let fast = GermanAmountFastPath.read(input) {
                        #expect(fast == GermanAmount.readGeneral(input), "\(input)")
                    }
                }
            }
        }
    }
}

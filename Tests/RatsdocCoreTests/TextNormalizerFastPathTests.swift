import Foundation
import Testing

@testable import RatsdocCore

@Suite("Text normalization fast paths")
struct TextNormalizerFastPathTests {
    /// Every plain scalar, for the checks below.
    static let plainScalars: [Unicode.Scalar] = ((0..<0x300).map { $0 } + TextNormalizer.plainBlocks.flatMap { $0 })
        .compactMap(Unicode.Scalar.init)

    @Test("A plain scalar is its own NFC, of combining class 0, and a space or tab beside it stays a character")
    func plainScalarsAreSafe() {
        for scalar in Self.plainScalars {
            let text = String(scalar)
            #expect(text.precomposedStringWithCanonicalMapping == text, "NFC of U+\(String(scalar.value, radix: 16))")
            #expect(scalar.properties.canonicalCombiningClass == .notReordered)
            for space in [" ", "\t"] {
                #expect((space + text).count == 2 && (text + space).count == 2, "U+\(String(scalar.value, radix: 16))")
            }
            #expect(("a" + text).precomposedStringWithCanonicalMapping == "a" + text)
        }
    }

    @Test("isKept agrees with appendNormalized for every scalar of the BMP")
    func keptAgreesWithMapping() {
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var output = String.UnicodeScalarView()
            TextNormalizer.appendNormalized(scalar, to: &output)
            #expect(TextNormalizer.isKept(scalar) == (Array(output) == [scalar]), "U+\(String(value, radix: 16))")
        }
    }

    @Test(
        "Fast and character-by-character paths give the same results",
        arguments: [
            ("  Bürgermeister  –  „Ja“   ☐ ☒ ", "Bürgermeister – „Ja“ ☐ ☒"),
            ("a \u{301}b", "a \u{301}b"),
            ("\tTab\t\tund  Leer ", "Tab und Leer"),
            ("1.250 €", "1.250 €"),
        ])
    func collapse(input: String, expected: String) {
        #expect(TextNormalizer.collapseSpaces(input) == expected)
        #expect(TextNormalizer.collapseSpacesByCharacter(input) == expected)
    }

    @Test("The byte-level collapse equals the character-by-character one on 20,000 random strings")
    func collapseRandom() {
        // Spaces and tabs beside every kind of scalar: ASCII, Latin-1, combining marks, two-,
        // three- and four-byte UTF-8, a Hangul jamo, a regional indicator, a variation selector.
        let pool: [Unicode.Scalar] = [
            " ", " ", " ", "\t", "a", "Z", "1", "-", "ä", "ß", "é", "\u{301}", "\u{308}", "€", "„", "☒",
            "\u{1100}", "\u{1161}", "\u{1F1E9}", "\u{1F1EA}", "\u{FE0F}", "\u{1F600}", "中", "\u{200D}",
        ]
        var state: UInt64 = 20_261_202
        for _ in 0..<20_000 {
            var scalars = String.UnicodeScalarView()
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<Int(state >> 60) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                scalars.append(pool[Int(state >> 33) % pool.count])
            }
            let text = String(scalars)
            #expect(
                Array(TextNormalizer.collapseSpaces(text).unicodeScalars)
                    == Array(TextNormalizer.collapseSpacesByCharacter(text).unicodeScalars),
                "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test(
        "normalize: mapped without NFC, or composed when needed",
        arguments: [
            ("Gro\u{DF}e\u{A0}Stra\u{DF}e", "Große Straße"),
            ("Ö\u{AD}ffentlich", "Öffentlich"),
            ("Mu\u{308}ller\u{A0}", "Müller "),
            ("\u{FB01}nanziell", "finanziell"),
            ("plain ASCII", "plain ASCII"),
        ])
    func normalize(input: String, expected: String) {
        #expect(Array(TextNormalizer.normalize(input).unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test("matchKey removes whitespace in plain and in other text")
    func matchKeys() {
        #expect(TextNormalizer.matchKey("Ö / N:") == "ö/n")
        #expect(TextNormalizer.matchKey("Beratungs\u{2028}folge") == "beratungsfolge")
        #expect(TextNormalizer.matchKey("Α Β") == "αβ")
    }
}

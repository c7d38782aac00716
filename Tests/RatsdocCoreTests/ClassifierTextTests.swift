import Foundation
import Testing

@testable import RatsdocCore

/// ClassifierText lower-cases as `String.lowercased()` does and drops whitespace as the
/// Character filter does.
@Suite struct ClassifierTextTests {
    @Test func lowercasesEveryLatin1AndBMPScalarLikeTheStandardLibrary() {
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var mapped = String.UnicodeScalarView()
            TextNormalizer.appendLowercased(scalar) { mapped.append($0) }
            #expect(String(mapped) == String(Character(scalar)).lowercased(), "U+\(String(value, radix: 16))")
        }
    }

    @Test(arguments: [
        "Vorlage Nr. 2025/0123\nÖFFENTLICH\tJA", "Straße ÄÖÜ\u{A0}x", "İstanbul e\u{301} \u{301}a", "\n\nA  B\n",
        "ΣΑΣ Δ", "tab\there", "",
    ])
    func buildsTheSameBytesAsTheStringPath(_ text: String) {
        let built = ClassifierText(text: text)
        let lowered = text.lowercased()
        #expect(built.bytes == Array(text.utf8))
        #expect(built.lowered == Array(lowered.utf8))
        #expect(built.squeezed == Array(lowered.filter { !$0.isWhitespace }.utf8))
        let lines = text.split(separator: "\n").map { Array($0.utf8) }
        #expect(built.lines.map { Array(built.bytes[$0.text]) } == lines)
        #expect(
            built.lines.map { Array(built.lowered[$0.lowered]) }
                == lowered.split(separator: "\n").map { Array($0.utf8) })
    }
}

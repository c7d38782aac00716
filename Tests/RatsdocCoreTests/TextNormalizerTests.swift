import Testing

@testable import RatsdocCore

@Suite("Text normalization")
struct TextNormalizerTests {
    @Test(
        "German line-end de-hyphenation",
        arguments: [
            (["Wal-", "denserschule Palmbach"], "Waldenserschule Palmbach"),
            (["Badische Schulmu-", "seum Karlsruhe"], "Badische Schulmuseum Karlsruhe"),
            (["Bau-", "und Umweltausschuss"], "Bau- und Umweltausschuss"),
            (["Förder-", "oder Haushaltsmittel"], "Förder- oder Haushaltsmittel"),
            (["Personal-/", "Sachaufwand"], "Personal-/ Sachaufwand"),
            (["Heinz-", "Barth-Schule"], "Heinz-Barth-Schule"),
            (["Fortgeschriebe-", "ner Ansatz 2018"], "Fortgeschriebener Ansatz 2018"),
            (["Folgekos-", "ten (alt)"], "Folgekosten (alt)"),
            (["Schuljahr 2025-", "2026"], "Schuljahr 2025-2026"),
            (["Straßen-", "übergänge"], "Straßenübergänge"),
            (["Maß-", "ßen"], "Maßßen"),
            (["Ö-", "ffentlichkeit"], "Öffentlichkeit"),
            (["IT-", "Projekte"], "IT-Projekte"),
            (["Der Rat", "beschließt."], "Der Rat beschließt."),
            (["Wal\u{AD}", "denserschule"], "Waldenserschule"),
            (["  viele   Leerzeichen ", "", "hier"], "viele Leerzeichen hier"),
            (["Einsparung von CO", "2", "-Emissionen"], "Einsparung von CO2-Emissionen"),
            (["Zahl der Sitzungen", "12"], "Zahl der Sitzungen 12"),
        ])
    func joinsLines(lines: [String], expected: String) {
        #expect(TextNormalizer.joinLines(lines) == expected)
    }

    @Test(
        "Unicode clean-up",
        arguments: [
            ("Au\u{FB00}assung", "Auffassung"),
            ("\u{FB01}nanziell", "finanziell"),
            ("Ein\u{FB02}uss", "Einfluss"),
            ("20.06.2018\u{00A0}€", "20.06.2018 €"),
            ("Schul\u{00AD}ausschuss", "Schulausschuss"),
            ("fu\u{0308}r", "für"),
            ("Ja \u{2610} Nein \u{2612}", "Ja \u{2610} Nein \u{2612}"),
            ("X", "X"),
            ("a\u{200B}b\u{FEFF}c", "abc"),
            ("Zeile\u{0007}", "Zeile"),
            ("Nord\u{2011}Süd", "Nord-Süd"),
            ("Tab\tbleibt", "Tab\tbleibt"),
        ])
    func normalizes(input: String, expected: String) {
        let output = TextNormalizer.normalize(input)
        #expect(output == expected)
        #expect(Array(output.unicodeScalars) == Array(expected.precomposedNFCForTest.unicodeScalars))
    }
}

extension String {
    fileprivate var precomposedNFCForTest: String { precomposedNFC }
}

import Foundation
import RatsdocTestSupport
import Testing

@testable import RatsdocCore

/// The parser's shortcuts against the slower code they stand in for, on the same inputs.
@Suite("Parser fast paths")
struct ParserFastPathTests {
    /// A small seeded generator, so every run checks the same strings.
    struct Seeded {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
    }

    /// Every line of the fixture texts (real and invented Vorlagen), cells split at tabs.
    static let fixtureLines: [String] = {
        let folder = FixturePaths.fixture("text")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().filter { $0.hasSuffix(".txt") }.flatMap { name -> [String] in
            let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map { TextNormalizer.normalize(String($0)) }
        }
    }()

    // MARK: Labels

    @Test(
        "A label's anchor is its longest run of ASCII letters, lower-cased",
        arguments: [
            ("Vorlage Nr.:", "vorlage"), ("Datum:", "datum"), ("Federführende Dienststelle:", "dienststelle"),
            ("ö/nö", nil), ("Az.", "az"), ("Öffentlichkeit", "ffentlichkeit"), ("Nr", "nr"), ("X", nil),
        ] as [(String, String?)])
    func anchors(label: String, anchor: String?) {
        #expect(LabelPatterns.anchor(of: label).map { String(decoding: $0, as: UTF8.self) } == anchor)
    }

    @Test("Outside ASCII letters, only ß folds to ASCII letters among the scalars a simple text may hold")
    func simpleScalarsFoldApart() {
        let simple =
            (0x80..<0x100).compactMap(Unicode.Scalar.init)
            + TextNormalizer.plainBlocks.flatMap { $0 }.filter { $0 >= 0x300 }.compactMap(Unicode.Scalar.init)
        for scalar in simple {
            let folded = String(scalar).folding(options: .caseInsensitive, locale: nil)
            let hasASCIILetter = folded.unicodeScalars.contains {
                LabelProbe.asciiLetterLowered(UInt8(truncatingIfNeeded: $0.value)) != nil && $0.value < 0x80
            }
            #expect(hasASCIILetter == (scalar == "ß"), "U+\(String(scalar.value, radix: 16)) folds to \(folded)")
            #expect(LabelProbe(String(scalar)).isSimple, "U+\(String(scalar.value, radix: 16))")
        }
        for tricky: Unicode.Scalar in ["\u{17F}", "\u{130}", "\u{149}", "\u{212A}", "\u{FB01}", "\u{1E9E}"] {
            #expect(!LabelProbe(String(tricky)).isSimple, "U+\(String(tricky.value, radix: 16)) must not be simple")
        }
    }

    /// The matches every label's regex with its boundaries as lookarounds finds, tried in order,
    /// without the anchors: what the labels were matched with before the boundaries were checked
    /// in Swift.
    static func regexMatches(_ regexes: [(field: String, regex: NSRegularExpression)], _ text: String)
        -> [(range: NSRange, field: String)]
    {
        var found: [(range: NSRange, field: String)] = []
        let whole = NSRange(location: 0, length: (text as NSString).length)
        for (field, regex) in regexes {
            for match in regex.matches(in: text, range: whole)
            where !found.contains(where: { NSIntersectionRange($0.range, match.range).length > 0 }) {
                found.append((match.range, field))
            }
        }
        return found.sorted { $0.range.location < $1.range.location }
    }

    @Test("Label matching (anchors, boundaries checked on each match) finds what the regexes with lookarounds find")
    func labelsMatchTheRegexes() throws {
        let library = try TestConversion.library()
        let lines = Self.fixtureLines
        #expect(lines.count > 300)
        // Lines with their case flipped, and with letters swapped for ones that fold to them.
        var random = Seeded(state: 20_261_202)
        let swaps: [(String, String)] = [
            ("ss", "ß"), ("s", "\u{17F}"), ("k", "\u{212A}"), ("fi", "\u{FB01}"), ("i", "\u{130}"),
        ]
        var inputs = lines
        for line in lines.prefix(400) {
            inputs.append(random.next(2) == 0 ? line.uppercased() : line.lowercased())
            let (plain, folded) = swaps[random.next(swaps.count)]
            inputs.append(line.lowercased().replacingOccurrences(of: plain, with: folded))
            // Letters, digits, marks and astral letters glued to the words: boundaries fail.
            let glue = ["x", "7", "\u{345}", "\u{1D400}", "-", "ä", "\u{301}"][random.next(7)]
            inputs.append(line.replacingOccurrences(of: " ", with: glue))
            inputs.append(glue + line + glue)
        }
        var compared = 0
        var withLabels = 0
        for profile in library.profiles {
            let vocabulary = Vocabulary(profile: profile)
            let regexes = vocabulary.labels.labels.compactMap { label in
                let pattern = Vocabulary.labelStart + label.pattern + (label.endsInLetter ? Vocabulary.labelEnd : "")
                return (try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])).map {
                    (label.field, $0)
                }
            }
            #expect(regexes.count == vocabulary.labels.labels.count)
            for text in inputs {
                let fast = vocabulary.labels.matches(in: text)
                let slow = Self.regexMatches(regexes, text)
                #expect(
                    fast.map(\.range) == slow.map(\.range) && fast.map(\.field) == slow.map(\.field),
                    "\(profile.name): \(text)")
                compared += 1
                if !slow.isEmpty { withLabels += 1 }
            }
        }
        // The comparison covers rows with labels, not only rows without.
        #expect(withLabels > 100, "\(withLabels) of \(compared) rows hold labels")
    }

    @Test(
        "A pattern's anchor comes from its literal start, and only where no top-level alternative skips it",
        arguments: [
            (#"^Antrag an (den|die|das) .{3,80}$"#, "antrag"),
            (#"^Beschlussantrag\s*[–-]\s*Kurzfassung"#, "beschlussantrag"),
            ("^Abc?", "ab"), ("^Sitzung|^Termin", nil), ("[|]Termin", nil), ("^(?i)Termin", nil), (#"^\QTermin"#, nil),
            ("^A", nil), ("^Ab+", nil), ("(Termin)|x", nil), (#"^Termin\|x"#, "termin"), (#"Foo\Q(\E|Bar"#, nil),
            ("Foo(?#|)Bar", nil),
        ] as [(String, String?)])
    func patternAnchors(pattern: String, anchor: String?) {
        #expect(LabelPatterns.anchor(ofPattern: pattern).map { String(decoding: $0, as: UTF8.self) } == anchor)
    }

    @Test("Every line a heading pattern matches holds the pattern's anchor")
    func headingPatternAnchors() throws {
        let library = try TestConversion.library()
        let patterns = library.profiles.flatMap { $0.sections.flatMap { $0.headingPatterns ?? [] } }
        #expect(!patterns.isEmpty)
        var lines =
            Self.fixtureLines + [
                "Antrag an den Gemeinderat der Stadt", "ANTRAG AN DIE Verwaltung xyz", "Beschlussantrag – Kurzfassung",
            ]
        lines += lines.map { $0.uppercased() } + lines.map { $0.replacingOccurrences(of: "s", with: "\u{17F}") }
        var matched = 0
        for pattern in patterns {
            let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            let anchor = LabelPatterns.anchor(ofPattern: pattern)
            for line in lines {
                let range = NSRange(line.startIndex..., in: line)
                guard regex.firstMatch(in: line, range: range)?.range == range else { continue }
                matched += 1
                #expect(LabelProbe(line).mayContain(anchor), "\(pattern) matches \(line)")
            }
        }
        #expect(matched >= 3)
    }

    // MARK: Text helpers

    @Test("latin1Lowered gives lowercased() bytes and the character count, or nil")
    func latin1Lowering() {
        for text in Self.randomStrings(20_000, seed: 17) + ["ÀÖØÞ×÷ßÿ", "Straße", "ABC\r\n"] {
            let latin = TextNormalizer.latin1Lowered(text)
            let isLatin = text.unicodeScalars.allSatisfy { $0.value < 0x100 } && !text.unicodeScalars.contains("\r")
            #expect((latin != nil) == isLatin, "\(text)")
            if let latin {
                #expect(latin.bytes == Array(text.lowercased().utf8), "\(text)")
                #expect(latin.characters == text.count, "\(text)")
            }
        }
    }

    static let pool: [String] = [
        "a", "Z", "ä", "Ä", "ß", "ẞ", "é", "\u{301}", "İ", "Σ", "ſ", "K", " ", " ", "\t", "-", "- ", ":", "€", "„", "1",
        "Ja", "NEIN", "Abstim- mung", "und", "ﬁ", "\u{A0}", "ÿ", "Ÿ", "ǅ", "½", "²", "❶", "\r\n", "\u{600}1",
    ]

    static func randomStrings(_ count: Int, seed: UInt64) -> [String] {
        var random = Seeded(state: seed)
        return (0..<count).map { _ in (0..<random.next(9)).map { _ in pool[random.next(pool.count)] }.joined() }
    }

    @Test("lowercased, containsBytes and trimmedWhitespaces agree with the standard library and Foundation")
    func textHelpers() {
        for text in Self.randomStrings(20_000, seed: 7) {
            #expect(TextNormalizer.lowercased(text) == text.lowercased(), "\(text)")
            #expect(Array(TextNormalizer.lowercased(text).unicodeScalars) == Array(text.lowercased().unicodeScalars))
            for needle in ["- ", " – ", "bold", "ß"] where text.contains(needle) {
                #expect(TextNormalizer.containsBytes(text, needle), "\(text) holds \(needle)")
            }
            #expect(text.trimmedWhitespaces() == text.trimmingCharacters(in: .whitespaces), "\(text)")
            #expect(TextNormalizer.words(text) == text.split(separator: " ").map(String.init), "\(text)")
            #expect(GermanAmount.containsNumber(text) == text.contains(where: \.isNumber), "\(text)")
        }
        #expect(TextNormalizer.containsBytes("Fortgeschriebe- ner", "- "))
        #expect(!TextNormalizer.containsBytes("Fortgeschriebe-ner", "- "))
        #expect(TextNormalizer.containsBytes("abc", ""))
    }

    @Test("The ASCII match key equals the general one on 20,000 random ASCII strings")
    func asciiMatchKeys() {
        let ascii = [
            "a", "B", " ", "  ", "\t", "-", "- ", ":", "::", "und", "Abstim- mung", "1", "./.", "Ö".uppercased(),
        ]
        .filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        var random = Seeded(state: 11)
        for _ in 0..<20_000 {
            let text = (0..<random.next(8)).map { _ in ascii[random.next(ascii.count)] }.joined()
            #expect(TextNormalizer.asciiMatchKey(text) == TextNormalizer.generalMatchKey(text), "'\(text)'")
        }
        #expect(TextNormalizer.asciiMatchKey("Größe") == nil)
        #expect(TextNormalizer.matchKey(" Ö / N: ") == "ö/n")
        #expect(TextNormalizer.matchKey("Abstim- mung:") == "abstimmung")
    }

    @Test("The byte search finds what a naive search finds")
    func byteSearch() {
        var random = Seeded(state: 3)
        let alphabet: [UInt8] = [0x61, 0x62, 0x63, 0x20, 0xC3, 0xA4]
        for _ in 0..<20_000 {
            let haystack = (0..<random.next(24)).map { _ in alphabet[random.next(alphabet.count)] }
            let needle = (0..<random.next(4)).map { _ in alphabet[random.next(alphabet.count)] }
            let naive =
                needle.isEmpty
                || stride(from: 0, through: haystack.count - needle.count, by: 1).contains { start in
                    haystack[start..<(start + needle.count)].elementsEqual(needle)
                }
            #expect(ByteSearch.contains(haystack[...], needle) == naive, "\(haystack) \(needle)")
        }
    }

    // MARK: Amounts and JSON

    @Test("Stripping units equals Foundation's replacements on 20,000 random cells")
    func strippingUnits() {
        let pieces = [
            "1", "250", ".", ",", "-", "\u{2212}", "–", " ", "€", "T€", "TEUR", "EUR", "Euro", "Mio.", "Mio", "Tsd.",
            "Tsd", "T", "E", "U", "R", "o", "(", ")", "+", "ä", "\u{308}",
        ]
        var random = Seeded(state: 5)
        for _ in 0..<20_000 {
            let text = (0..<random.next(8)).map { _ in pieces[random.next(pieces.count)] }.joined()
            var expected = text
            for word in GermanAmount.currencyWords { expected = expected.replacingOccurrences(of: word, with: " ") }
            expected = expected.replacingOccurrences(of: "\u{2212}", with: "-").replacingOccurrences(of: "–", with: "-")
            expected = expected.replacingOccurrences(of: " ", with: "")
            #expect(GermanAmount.strippingUnits(text) == expected, "'\(text)'")
        }
        #expect(GermanAmount.strippingUnits("−1.250 T€") == "-1.250")
        #expect(GermanAmount.strippingUnits("12,5 Mio. EUR") == "12,5")
    }

    @Test("JSON output is NFC, and plain text is left as it is")
    func jsonNFC() throws {
        #expect(try JSONOutput.encode(["k": "Mu\u{308}ller"], pretty: false) == #"{"k":"Müller"}"#)
        #expect(try JSONOutput.encode(["k": "1.250 € „Ja“ ☒"], pretty: false) == #"{"k":"1.250 € „Ja“ ☒"}"#)
        #expect(JSONOutput.nfc("A\u{30A}") == "\u{C5}")
        // The byte-level check agrees with the scalar-level one.
        for text in Self.randomStrings(20_000, seed: 13) + ["A\u{30A}", "€„“☒", "\u{2126}", "😀", "\u{E000}"] {
            var copy = text
            let bytes = copy.withUTF8 { TextNormalizer.isPlainUTF8($0) }
            #expect(
                bytes == text.unicodeScalars.allSatisfy(TextNormalizer.isPlain), "\(text.unicodeScalars.map(\.value))")
        }
        #expect(Array(JSONOutput.nfc("A\u{30A}").unicodeScalars) == ["\u{C5}"])
    }
}

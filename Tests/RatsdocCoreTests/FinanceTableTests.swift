import Testing

@testable import RatsdocCore

/// Finance tables: the spanning-cell convention and tables broken by a page break.
@Suite("Finance tables")
struct FinanceTableTests {
    static let parser = FinanceParser(
        spec: DocumentProfile.FinanceSpec(yes: ["JA"], no: ["NEIN"], checked: ["X"], unchecked: ["☐"]))

    static func row(_ cells: [(column: Int, text: String, span: Int)], page: Int = 1, block: Int = 0, index: Int = 0)
        -> DocumentRow
    {
        DocumentRow(
            cells: cells.map {
                DocumentRow.Cell(text: $0.text, lines: [$0.text], box: nil, column: $0.column, span: $0.span)
            }, page: page, box: nil, block: block, tableRow: index, isBold: false)
    }

    static let note = "Deckung ist gegeben/ keine ausreichende Deckung vorhanden"

    @Test func aValueInsideASpanShownByTheNoteRowGoesToItsFirstColumn() {
        let value = Self.row([(0, "+ Verbesserung / - Verschlechterung", 1), (2, "-12,50 €", 1), (4, "0 €", 1)])
        let notes = Self.row([(1, Self.note, 2), (3, Self.note, 2)])
        let placed = FinanceParser.placingInSpans(value, next: notes, labelColumn: 0)
        #expect(placed.texts == [0: "+ Verbesserung / - Verschlechterung", 1: "-12,50 €", 3: "0 €"])
        #expect(placed.notes.isEmpty)
    }

    @Test func aValueAndTheSpanningNoteInOneRowShareTheColumn() {
        let merged = Self.row([(0, "+ Verbesserung / - Verschlechterung", 1), (1, Self.note, 2), (2, "0 €", 1)])
        let placed = FinanceParser.placingInSpans(merged, next: nil, labelColumn: 0)
        #expect(placed.texts == [0: "+ Verbesserung / - Verschlechterung", 1: "0 €"])
        #expect(placed.notes == [1: Self.note])
    }

    @Test func withoutASpanValuesStayInTheirColumns() {
        let value = Self.row([(0, "Ertrag", 1), (2, "1 €", 1)])
        let next = Self.row([(0, "Ergebnis", 1), (1, "2 €", 1)])
        #expect(FinanceParser.placingInSpans(value, next: next, labelColumn: 0).texts == [0: "Ertrag", 2: "1 €"])
    }

    static let header: [(column: Int, text: String, span: Int)] = [
        (0, "konsumtive Auswirkungen", 1), (1, "Ansatz 2026", 1), (2, "Ansatz 2027 ff.", 1),
    ]

    @Test(arguments: [false, true])
    func aTableGoesOnOnTheNextPage(headerRepeated: Bool) {
        var rows = [
            Self.row(Self.header, index: 0), Self.row([(0, "Ertrag", 1), (1, "1,00 €", 1), (2, "2,00 €", 1)], index: 1),
        ]
        if headerRepeated { rows.append(Self.row(Self.header, page: 2, block: 1, index: 0)) }
        rows.append(Self.row([(0, "Ergebnis", 1), (1, "-3,50 €", 1), (2, "4 €", 1)], page: 2, block: 1, index: 1))
        var findings: [Finding] = []
        let tables = Self.parser.tables(rows: rows, findings: &findings)
        #expect(tables.count == 1)
        #expect(tables.first?.columns == ["konsumtive Auswirkungen", "Ansatz 2026", "Ansatz 2027 ff."])
        #expect(tables.first?.rows.map(\.label) == ["Ertrag", "Ergebnis"])
        #expect(tables.first?.rows.last?.values.map { $0?.description } == ["-3.50", "4.00"])
        #expect(findings.isEmpty)
    }

    @Test func aTableOnTheSamePageWithAnotherHeaderIsANewTable() {
        let rows = [
            Self.row(Self.header, index: 0), Self.row([(0, "Ertrag", 1), (1, "1 €", 1), (2, "2 €", 1)], index: 1),
            Self.row([(0, "investive Auswirkungen", 1), (1, "Gesamt", 1), (2, "2026", 1)], block: 1, index: 0),
            Self.row([(0, "Auszahlungen", 1), (1, "5 €", 1), (2, "6 €", 1)], block: 1, index: 1),
        ]
        var findings: [Finding] = []
        #expect(Self.parser.tables(rows: rows, findings: &findings).map(\.columns.first) == [
            "konsumtive Auswirkungen", "investive Auswirkungen",
        ])
    }
}

extension FinanceTableTests {
    static let karlsruhe = FinanceParser(
        spec: DocumentProfile.FinanceSpec(yes: ["Ja"], no: ["Nein"], checked: ["☒", "X"], unchecked: ["☐"]))

    @Test(arguments: [
        ("Ja ☐ Nein ☒", false), ("Ja ☒ Nein ☐", true), ("(bitte ankreuzen) ☐ nein ☒ ja", true),
        ("(bitte ankreuzen) ☒ nein ☐ ja", false), ("x nein ja", false),
    ])
    func boxesBeforeOrAfterTheirWords(line: String, answer: Bool) {
        var findings: [Finding] = []
        let result = Self.karlsruhe.answer(rows: [], lines: [], inlineText: line, page: 1, findings: &findings)
        #expect(result == answer, "\(line)")
    }

    @Test func aNoteRowThatBeginsTheNextPagePlacesTheValuesOfTheRowAbove() {
        let rows = [
            Self.row(Self.header, index: 0), Self.row([(0, "Ertrag", 1), (1, "1 €", 1), (2, "2 €", 1)], index: 1),
            Self.row([(0, "+ Verbesserung / - Verschlechterung", 1), (2, "-12,50 €", 1)], index: 2),
            Self.row([(1, FinanceTableTests.note, 2)], page: 2, block: 1, index: 0),
        ]
        var findings: [Finding] = []
        let tables = Self.parser.tables(rows: rows, findings: &findings)
        #expect(tables.count == 1)
        #expect(tables.first?.rows.last?.values.map { $0?.description } == ["-12.50", nil])
        #expect(tables.first?.rows.last?.notes == ["0": FinanceTableTests.note])
    }

    @Test func twoTablesInOneBlockAreCutBeforeTheSecondHeader() {
        let rows = [
            Self.row([(0, "investive Auswirkungen", 1), (1, "Ansatz 2027", 1), (2, "Ansatz 2028 ff.", 1)], index: 0),
            Self.row([(0, "Einzahlungen", 1), (1, "1.250.000", 1), (2, "0", 1)], index: 1),
            Self.row([(0, "konsumtive Auswirkungen", 1), (1, "Ansatz 2027", 1), (2, "Ansatz 2028 ff.", 1)], index: 2),
            Self.row([(0, "Ertrag", 1), (1, "31.250", 1), (2, "0", 1)], index: 3),
        ]
        var findings: [Finding] = []
        let tables = Self.parser.tables(rows: rows, findings: &findings)
        #expect(tables.map(\.columns.first) == ["investive Auswirkungen", "konsumtive Auswirkungen"])
        #expect(tables.map { $0.rows.map(\.label) } == [["Einzahlungen"], ["Ertrag"]])
    }
}

/// A header value printed over several lines: a list, one entry per line, or one wrapped entry.
@Suite("Multi-line header values")
struct MultiLineValueTests {
    static func value(_ lines: [(String, Double)], right: Double) -> PaperParser.LabeledValue {
        var value = PaperParser.LabeledValue(
            field: "participatingDepartments", value: lines[0].0, box: nil, column: 1, page: 1, ownCell: true)
        value.lines = [lines[0].0]
        value.lineBoxes = [BoundingBox(x0: 200, y0: 100, x1: lines[0].1, y1: 112)]
        value.right = right
        for (index, line) in lines.enumerated().dropFirst() {
            value.append(line.0, box: BoundingBox(x0: 200, y0: 100 + 13 * Double(index), x1: line.1, y1: 112))
        }
        return value
    }

    @Test func shortLinesAreEntries() {
        // "FB 56" ends far left of the column's right edge: "FB" would have fitted after it.
        let value = Self.value([("FB 56", 230), ("FB 30", 230), ("E 18", 224)], right: 380)
        #expect(value.value == "FB 56 FB 30 E 18")
        #expect(value.lineEntries == ["FB 56", "FB 30", "E 18"])
    }

    @Test func aLineThatFillsTheColumnWraps() {
        // 33 characters over 176 pt: "Stadtmarketing" (14 characters, about 75 pt) did not fit in 4 pt.
        let value = Self.value([("Fachbereich Kultur, Tourismus und", 376), ("Stadtmarketing", 276)], right: 380)
        #expect(value.lineEntries == ["Fachbereich Kultur, Tourismus und Stadtmarketing"])
    }

    @Test func withoutAColumnBoundTheValueStaysWhole() {
        var value = Self.value([("FB 56", 230), ("FB 30", 230)], right: 380)
        value.right = nil
        #expect(value.lineEntries == ["FB 56 FB 30"])
    }
}

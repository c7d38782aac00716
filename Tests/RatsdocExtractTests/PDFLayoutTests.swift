import Foundation
import RatsdocCore
import RatsdocExtract
import RatsdocTestSupport
import Testing

/// Extracts a fixture PDF with a stable, relative source path.
func layoutOfFixture(_ name: String) throws -> LayoutDocument {
    let relative = "Fixtures/pdf/\(name)"
    let data = try Data(contentsOf: FixturePaths.fixture("pdf/\(name)"))
    let document = try PDFExtractor().extract(bytes: data, path: relative)
    return LayoutAnalyzer().analyze(document)
}

@Suite("PDF layout of the fixtures")
struct PDFLayoutTests {
    static let layoutFixtures = [
        "aachen-vorlage-libreoffice", "aachen-vorlage-chromium", "aachen-vorlage-2-libreoffice",
        "karlsruhe-vorlage-chromium", "karlsruhe-vorlage-libreoffice", "karlsruhe-vorlage-2-chromium",
        "two-column", "running-header-footer", "image-only",
    ]

    @Test("Golden layout JSON", arguments: layoutFixtures)
    func goldenLayout(name: String) throws {
        let layout = try layoutOfFixture("\(name).pdf")
        try Golden.check(try JSONOutput.encode(layout, pretty: true) + "\n", against: "expected/layout/\(name).json")
    }

    @Test(
        "Aachen Beratungsfolge is a 3-column table with 3 data rows",
        arguments: ["aachen-vorlage-libreoffice", "aachen-vorlage-chromium"])
    func aachenBeratungsfolge(name: String) throws {
        let layout = try layoutOfFixture("\(name).pdf")
        let table = try #require(
            layout.bodyBlocks.compactMap(\.table).first { $0.rows.first?.cells.first?.text == "Datum" })
        #expect(table.columnCount == 3)
        #expect(
            table.rows.map(\.texts) == [
                ["Datum", "Gremium", "Zuständigkeit"],
                ["05.07.2018", "Personal- und Verwaltungsausschuss", "Anhörung/Empfehlung"],
                ["05.07.2018", "Ausschuss für Arbeit, Wirtschaft und Wissenschaft", "Anhörung/Empfehlung"],
                ["11.07.2018", "Rat der Stadt Aachen", "Entscheidung"],
            ])
    }

    @Test(
        "Aachen finance table header cells read unbroken",
        arguments: ["aachen-vorlage-libreoffice", "aachen-vorlage-chromium"])
    func aachenFinanceTable(name: String) throws {
        let layout = try layoutOfFixture("\(name).pdf")
        let table = try #require(
            layout.bodyBlocks.compactMap(\.table).first {
                $0.rows.first?.cells.first?.text == "konsumtive Auswirkungen"
            })
        #expect(table.columnCount == 7)
        #expect(
            table.rows[0].texts == [
                "konsumtive Auswirkungen", "Ansatz 2018", "Fortgeschriebener Ansatz 2018", "Ansatz 2019 ff.",
                "Fortgeschriebener Ansatz 2019 ff.", "Folgekosten (alt)", "Folgekosten (neu)",
            ])
        #expect(table.rows[1].texts == ["Ertrag", "0 €", "0 €", "0 €", "0 €", "0 €", "0 €"])
        #expect(table.rows[2].texts.first == "Personal-/ Sachaufwand")
        #expect(table.rows[4].texts.first == "Ergebnis")
    }

    @Test(
        "Karlsruhe Ortschaftsrat row keeps both stacked dates and TOP numbers",
        arguments: ["karlsruhe-vorlage-chromium", "karlsruhe-vorlage-libreoffice"])
    func karlsruheStackedRow(name: String) throws {
        let layout = try layoutOfFixture("\(name).pdf")
        let table = try #require(
            layout.bodyBlocks.compactMap(\.table).first { $0.rows.first?.cells.first?.text == "Gremien" })
        #expect(table.columnCount == 5)
        #expect(table.rows.count == 4)
        let row = try #require(table.rows.first { $0.cells[0].text == "Ortschaftsrat Wettersbach" })
        #expect(row.cells[1].lines == ["17.03.2026", "14.04.2026"])
        #expect(row.cells[2].lines == ["2", "1"])
        #expect(row.cells[3].lines == ["Ö", "Ö"])
        #expect(row.cells[4].lines == ["Anhörung", "Anhörung"])
    }

    @Test func runningHeadersAndFootersLeaveTheBody() throws {
        let layout = try layoutOfFixture("running-header-footer.pdf")
        #expect(layout.pages.count == 3)
        for page in layout.pages {
            let headers = page.blocks.filter { $0.role == .header }.map(\.text)
            let footers = page.blocks.filter { $0.role == .footer }.map(\.text)
            #expect(headers == ["Stadt Musterstadt · Niederschrift Rat 12.03.2026"])
            #expect(footers == ["Seite \(page.number) von 3"])
        }
        #expect(!layout.bodyBlocks.contains { $0.text.contains("Niederschrift Rat 12.03.2026") })
    }

    @Test func twoColumnPageReadsLeftColumnFirst() throws {
        let layout = try layoutOfFixture("two-column.pdf")
        let first = try #require(layout.pages.first)
        #expect(first.columns == 2)
        let columns = first.blocks.filter { $0.role == .body }.map(\.column)
        // Full-width heading first, then every left-column block before any right-column block.
        #expect(columns.first == 0)
        let firstRight = try #require(columns.firstIndex(of: 2))
        #expect(!columns[firstRight...].contains(1))
        #expect(
            first.blocks.first { $0.column == 1 }?.text
                == "Tagesordnungspunkt 4: Haushaltssatzung und Haushaltsplan 2026/2027")
    }

    @Test func karlsruheDehyphenatesAcrossLineEnds() throws {
        let layout = try layoutOfFixture("karlsruhe-vorlage-libreoffice.pdf")
        let text = layout.bodyBlocks.map(\.text).joined(separator: "\n")
        #expect(text.contains("am Standort Waldenserschule Palmbach zum Ende"))
        #expect(text.contains("Heinz-Barth-Schule"))
        #expect(!text.contains("Wal- denserschule"))
    }

    @Test func scanGivesANoTextLayerFinding() throws {
        let layout = try layoutOfFixture("image-only.pdf")
        #expect(layout.findings.map(\.code) == ["noTextLayer"])
        #expect(layout.findings.first?.page == 1)
        #expect(layout.bodyBlocks.isEmpty)
    }
}

@Suite("PDF extraction errors")
struct PDFExtractionErrorTests {
    @Test(
        arguments: [
            ("encrypted.pdf", ExtractionError.Code.encrypted),
            ("truncated.pdf", .malformed),
            ("not-a-pdf.pdf", .wrongType),
            ("empty.pdf", .empty),
        ])
    func badInputsThrowTypedErrors(name: String, code: ExtractionError.Code) throws {
        let path = FixturePaths.fixture("pdf/\(name)").path
        let error = #expect(throws: ExtractionError.self) { try PDFExtractor().extract(path: path) }
        #expect(error?.code == code)
        #expect(error?.path == path)
        #expect(error.map { "\($0)" }?.hasPrefix(path + ": \(code.rawValue): ") == true)
    }

    @Test func missingFileIsUnreadable() {
        let error = #expect(throws: ExtractionError.self) { try PDFExtractor().extract(path: "/nonexistent/x.pdf") }
        #expect(error?.code == .unreadable)
    }

    @Test func metadataIsRead() throws {
        let data = try Data(contentsOf: FixturePaths.fixture("pdf/aachen-vorlage-libreoffice.pdf"))
        let document = try PDFExtractor().extract(bytes: data, path: "x.pdf")
        #expect(document.metadata.pageCount == 3)
        #expect(document.metadata.producer?.hasPrefix("LibreOffice") == true)
        #expect(document.metadata.creationDate?.hasSuffix("Z") == true)
        #expect(document.source.sha256 == SHA256Digest.hex(of: data))
        #expect(document.pages.allSatisfy { ($0.width ?? 0) > 590 && ($0.width ?? 0) < 600 })
    }
}

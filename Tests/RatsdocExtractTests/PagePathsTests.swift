import Foundation
import RatsdocCore
import RatsdocExtract
import Testing

/// Rulings read from the paths of small PDFs written here: what poppler reports and what it
/// leaves out (curves, soft masks).
@Suite("Rulings from page paths")
struct PagePathsTests {
    /// A one-page A4 PDF with Helvetica as /F1, the ExtGState `/GS1` (a soft mask whose group
    /// draws `maskContent`), and `content` as its page content; the cross-reference offsets are
    /// computed.
    static func pdf(content: String, maskContent: String = "") -> Data {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                + "/Resources << /Font << /F1 5 0 R >> /ExtGState << /GS1 6 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Type /ExtGState /SMask << /Type /Mask /S /Luminosity /G 7 0 R >> >>",
            "<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Group << /S /Transparency /CS /DeviceGray >> "
                + "/Length \(maskContent.utf8.count) >>\nstream\n\(maskContent)\nendstream",
        ]
        var text = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(text.utf8.count)
            text += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = text.utf8.count
        text += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { text += String(format: "%010d 00000 n \n", offset) }
        text += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(text.utf8)
    }

    /// Two lines of two spans each: the page may hold a table, so its paths are read.
    static let table = """
        BT /F1 10 Tf 80 700 Td (Gremium) Tj 250 0 Td (Datum) Tj ET
        BT /F1 10 Tf 80 680 Td (Rat) Tj 250 0 Td (01.02.2026) Tj ET
        """

    static func rulings(_ content: String, maskContent: String = "") throws -> [Ruling] {
        let document = try PDFExtractor().extract(bytes: Self.pdf(content: content, maskContent: maskContent), path: "t.pdf")
        return try #require(document.pages.first).rulings
    }

    @Test("A stroked line and a thin filled rectangle are rulings")
    func linesAreRulings() throws {
        let rulings = try Self.rulings(Self.table + "\n0 G 1 w 70 720 m 500 720 l S\n0 g 70 660 430 0.5 re f")
        // The 1 pt stroke at y 842 - 720 = 122 is a hairline: snapped to the pixel row 122, its
        // ends to pixel centres (70.5 … 500.5). The rectangle covers half of row 181 (181.5 … 182).
        #expect(
            rulings == [
                Ruling(axis: .horizontal, position: 122.5, start: 70, end: 501, thickness: 1),
                Ruling(axis: .horizontal, position: 181.5, start: 70, end: 500, thickness: 1),
            ])
    }

    @Test("A curve is not a ruling: an arch is not its chord")
    func curvesAreNotChords() throws {
        let rulings = try Self.rulings(Self.table + "\n0 G 1 w 70 600 m 70 640 500 640 500 600 c S")
        #expect(rulings.isEmpty)
    }

    @Test("What a soft mask draws is not paint")
    func softMaskContentIsNotPaint() throws {
        let rulings = try Self.rulings(
            Self.table + "\n/GS1 gs 0 G 1 w 70 500 m 500 500 l S", maskContent: "0 g 70 300 430 0.5 re f")
        // Only the stroke at y 842 - 500 = 342; the mask's thin rectangle at 542 is not drawn.
        #expect(rulings == [Ruling(axis: .horizontal, position: 342.5, start: 70, end: 501, thickness: 1)])
    }
}

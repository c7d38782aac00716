import Foundation
import Testing

@testable import RatsdocExtract

@Suite("PDF metadata formatting")
struct PDFMetadataTests {
    @Test("Dates are written as ISO8601DateFormatter writes them in UTC")
    func isoDates() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var state: UInt64 = 42
        var samples = [1, 59, 3_600, 86_399, 86_400, 951_782_400, 1_709_629_440, 4_102_444_799, 253_402_300_799]
        for _ in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            samples.append(Int(state >> 31) % 253_402_300_800)
        }
        for seconds in samples {
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(PDFExtractor.isoDate(seconds) == expected, "\(seconds)")
        }
        #expect(PDFExtractor.isoDate(1_709_629_440) == "2024-03-05T09:04:00Z")
        #expect(PDFExtractor.isoDate(0) == nil)
    }

    @Test(
        "Bold font names",
        arguments: [
            ("ABCDEF+Arial-BoldMT", true), ("Calibri,Bold", true), ("Helvetica-Black", true), ("X,B", true),
            ("DejaVuSans-Bd", true), ("LiberationSerif", false), ("Ärial-Regular", false), ("Ärial-Heavy", true),
        ])
    func boldNames(name: String, bold: Bool) {
        #expect(PDFExtractor.isBold(fontName: name) == bold)
    }
}

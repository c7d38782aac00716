internal import CPoppler
import Foundation
public import RatsdocCore

/// Reads a PDF through poppler-glib, in process: per page the characters with their boxes
/// (`poppler_page_get_text_layout`, top-left origin) and font runs
/// (`poppler_page_get_text_attributes`), plus the document metadata.
///
/// Every poppler handle lives and dies inside ``extract(bytes:path:)``; the result is plain
/// Sendable values. Separate documents may be extracted on separate threads; one document is
/// never shared.
public struct PDFExtractor: Sendable {
    public init() {}

    private static let silenceLogs: Void = { cpoppler_silence_logs() }()

    /// Extracts the file at `path`.
    /// - Throws: ``ExtractionError`` when the file cannot be read, is empty, is not a PDF, is
    ///   encrypted, or is corrupt.
    public func extract(path: String) throws(ExtractionError) -> ExtractedDocument {
        let data: Data
        do {
            // Read, not mapped: poppler's core reads the bytes again for the paths, and a file cut
            // short under a mapping would kill the process (SIGBUS).
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ExtractionError(.unreadable, path: path, message: Self.describe(error))
        }
        return try extract(bytes: data, path: path)
    }

    /// Extracts a PDF held in memory. `path` names it in errors and in `source`.
    public func extract(bytes data: Data, path: String) throws(ExtractionError) -> ExtractedDocument {
        _ = Self.silenceLogs
        guard !data.isEmpty else { throw ExtractionError(.empty, path: path, message: "file is empty (0 bytes)") }
        guard Self.looksLikePDF(data) else {
            throw ExtractionError(.wrongType, path: path, message: "not a PDF: no %PDF- header in the first 1024 bytes")
        }
        let sha256 = SHA256Digest.hex(of: data)

        var error: UnsafeMutablePointer<GError>?
        let document: OpaquePointer? = data.withUnsafeBytes { raw -> OpaquePointer? in
            guard let base = raw.baseAddress else { return nil }
            guard let bytes = g_bytes_new(base, gsize(raw.count)) else { return nil }
            defer { g_bytes_unref(bytes) }
            return poppler_document_new_from_bytes(bytes, nil, &error)
        }
        guard let document else {
            var code = ExtractionError.Code.malformed
            var message = "poppler could not open the document"
            if let error {
                message = String(cString: error.pointee.message)
                if error.pointee.domain == poppler_error_quark(),
                    error.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue)
                {
                    code = .encrypted
                    message = "encrypted PDF; no password given (\(message))"
                }
                g_error_free(error)
            }
            throw ExtractionError(code, path: path, message: message)
        }
        defer { cpoppler_unref(UnsafeMutableRawPointer(document)) }

        let pageCount = Int(poppler_document_get_n_pages(document))
        var metadata = DocumentMetadata(pageCount: pageCount)
        metadata.title = Self.take(poppler_document_get_title(document))
        metadata.author = Self.take(poppler_document_get_author(document))
        metadata.creator = Self.take(poppler_document_get_creator(document))
        metadata.producer = Self.take(poppler_document_get_producer(document))
        metadata.pdfVersion = Self.take(poppler_document_get_pdf_version_string(document))
        metadata.creationDate = Self.isoDate(cpoppler_date_unix(poppler_document_get_creation_date_time(document)))
        metadata.modificationDate = Self.isoDate(
            cpoppler_date_unix(poppler_document_get_modification_date_time(document)))

        var pages: [ExtractedPage] = []
        var findings: [Finding] = []
        pages.reserveCapacity(pageCount)
        for index in 0..<pageCount {
            guard let page = poppler_document_get_page(document, Int32(index)) else {
                findings.append(
                    Finding(
                        severity: .error, code: .pageUnreadable, message: "page could not be loaded",
                        page: index + 1))
                continue
            }
            defer { cpoppler_unref(UnsafeMutableRawPointer(page)) }
            let (extracted, dropped, absurd) = Self.extractPage(page, number: index + 1)
            if absurd > 0 {
                throw ExtractionError(
                    .malformed, path: path,
                    message:
                        "page \(index + 1): \(absurd) glyphs are wider or taller than the page or not finite; the font metrics and the text layer are corrupt"
                )
            }
            if dropped > 0 {
                findings.append(
                    Finding(
                        severity: .warning, code: .outsidePage,
                        message: "\(dropped) glyphs or lines lie off the page or are absurdly large; left out",
                        page: index + 1))
            }
            if !extracted.glyphs.contains(where: { !$0.scalar.properties.isWhitespace }) {
                findings.append(
                    Finding(
                        severity: .warning, code: .noTextLayer,
                        message: "page has no text layer (a scan or an image); OCR would be needed",
                        page: index + 1))
            }
            pages.append(extracted)
        }
        Self.addRulings(to: &pages, data: data)
        let source = SourceInfo(path: path, sha256: sha256, mediaType: "application/pdf", pages: pageCount)
        return ExtractedDocument(source: source, metadata: metadata, pages: pages, findings: findings)
    }

    /// The page's glyphs, fonts and rulings, kept inside ``PageBounds``; `dropped` counts what
    /// lay off the page.
    private static func extractPage(_ page: OpaquePointer, number: Int) -> (page: ExtractedPage, dropped: Int, absurd: Int) {
        var width = 0.0
        var height = 0.0
        poppler_page_get_size(page, &width, &height)

        guard let textPointer = poppler_page_get_text(page) else {
            let bounded = PageBounds.bounded(ExtractedPage(number: number, width: width, height: height))
            return (bounded.page, bounded.dropped, 0)
        }
        defer { g_free(textPointer) }
        let text = String(cString: textPointer)

        var rectangles: UnsafeMutablePointer<PopplerRectangle>?
        var rectangleCount: guint = 0
        guard poppler_page_get_text_layout(page, &rectangles, &rectangleCount) != 0, let rectangles else {
            let bounded = PageBounds.bounded(ExtractedPage(number: number, width: width, height: height))
            return (bounded.page, bounded.dropped, 0)
        }
        defer { g_free(rectangles) }

        // Font runs, indexed by character offset.
        var fonts: [FontInfo] = []
        var fontIndexByKey: [FontInfo: Int32] = [:]
        var runs: [(start: Int, end: Int, font: Int32)] = []
        if let attributes = poppler_page_get_text_attributes(page) {
            var node: UnsafeMutablePointer<GList>? = attributes
            while let current = node {
                if let raw = current.pointee.data {
                    let attribute = raw.assumingMemoryBound(to: PopplerTextAttributes.self).pointee
                    let name = attribute.font_name.map { String(cString: $0) } ?? ""
                    let info = FontInfo(name: name, size: attribute.font_size, isBold: Self.isBold(fontName: name))
                    let index: Int32
                    if let known = fontIndexByKey[info] {
                        index = known
                    } else {
                        index = Int32(fonts.count)
                        fonts.append(info)
                        fontIndexByKey[info] = index
                    }
                    runs.append((Int(attribute.start_index), Int(attribute.end_index), index))
                }
                node = current.pointee.next
            }
            poppler_page_free_text_attributes(attributes)
        }

        var glyphs: [Glyph] = []
        glyphs.reserveCapacity(Int(rectangleCount))
        var runCursor = 0
        var offset = 0
        for scalar in text.unicodeScalars {
            defer { offset += 1 }
            guard offset < Int(rectangleCount) else { break }
            if scalar == "\n" || scalar == "\r" { continue }
            let rectangle = rectangles[offset]
            while runCursor < runs.count, runs[runCursor].end < offset { runCursor += 1 }
            let fontIndex: Int32 =
                runCursor < runs.count && runs[runCursor].start <= offset ? runs[runCursor].font : -1
            glyphs.append(
                Glyph(
                    scalar: scalar,
                    box: BoundingBox(x0: rectangle.x1, y0: rectangle.y1, x1: rectangle.x2, y1: rectangle.y2),
                    fontIndex: fontIndex))
        }
        let raw = ExtractedPage(number: number, width: width, height: height, glyphs: glyphs, fonts: fonts)
        let absurd = PageBounds.absurdGlyphs(raw)
        let (bounded, dropped) = PageBounds.bounded(raw)
        return (bounded, dropped, absurd)
    }

    /// Adds the rulings of every page that may hold a table (``LayoutAnalyzer/mayHoldTable(_:)``):
    /// the page's fills and strokes (``PagePaths``, read from the content without rendering it),
    /// painted at about one pixel per point (bounded by ``RulingScanner/maximumPixels``) by
    /// ``PathRasterizer``, and searched by ``RulingScanner`` with the glyphs masked out. Painted
    /// on the bounded page, the rulings lie on it: no second bounding pass.
    private static func addRulings(to pages: inout [ExtractedPage], data: Data) {
        let candidates = pages.indices.filter { LayoutAnalyzer.mayHoldTable(pages[$0]) }
        var indexByNumber: [Int: Int] = [:]
        for index in candidates { indexByNumber[pages[index].number - 1] = index }
        _ = PagePaths.collect(data, pageIndices: candidates.map { pages[$0].number - 1 }) { pageIndex, painted in
            guard let index = indexByNumber[pageIndex], !painted.isEmpty else { return }
            let page = pages[index]
            guard let width = page.width, let height = page.height,
                let scale = RulingScanner.scale(width: width, height: height)
            else { return }
            let bitmap = PathRasterizer().render(
                painted, width: Int(width * scale), height: Int(height * scale), scale: scale)
            // Spaces have boxes too (the whole gap between two words), but draw nothing.
            let inked = page.glyphs.filter { !TextNormalizer.isWhitespace($0.scalar) }.map(\.box)
            pages[index].rulings = RulingScanner().scan(bitmap, glyphs: inked)
        }
    }

    static func looksLikePDF(_ data: Data) -> Bool {
        let head = data.prefix(1024)
        let marker = Array("%PDF-".utf8)
        guard head.count >= marker.count else { return false }
        let bytes = Array(head)
        for start in 0...(bytes.count - marker.count) where bytes[start..<(start + marker.count)].elementsEqual(marker)
        {
            return true
        }
        return false
    }

    static func isBold(fontName: String) -> Bool {
        let lower = fontName.lowercased()
        // Font names are ASCII: there a byte search is Foundation's `contains`, at a fraction of its cost.
        let contains: (String) -> Bool =
            lower.utf8.allSatisfy { $0 < 0x80 } ? { TextNormalizer.containsBytes(lower, $0) } : { lower.contains($0) }
        return contains("bold") || contains("black") || contains("heavy") || lower.hasSuffix(",b") || contains("-bd")
    }

    private static func take(_ pointer: UnsafeMutablePointer<gchar>?) -> String? {
        guard let pointer else { return nil }
        defer { g_free(pointer) }
        let value = TextNormalizer.normalize(String(cString: pointer)).trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }

    static func isoDate(_ seconds: Int) -> String? {
        guard seconds > 0 else { return nil }
        // "2024-03-05T09:04:00Z", as ISO8601DateFormatter in UTC writes it, without building one.
        let secondsPerDay = 86_400
        if let day = CalendarDate(dayNumber: seconds / secondsPerDay) {
            let time = seconds % secondsPerDay
            let clock = [time / 3600, time / 60 % 60, time % 60].map(Self.twoDigits).joined(separator: ":")
            return day.description + "T" + clock + "Z"
        }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
            let posix = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(posix.rawValue))
        }
        return nsError.localizedDescription
    }
}

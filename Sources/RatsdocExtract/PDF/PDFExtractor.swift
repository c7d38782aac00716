internal import CPoppler
import Foundation
public import RatsdocCore

/// Reads a PDF in process: the document and its metadata through poppler-glib, and per page, in
/// one pass over its content (``PageContent``), the characters with their boxes and font runs as
/// poppler-glib lays them out (`poppler_page_get_text_layout`, top-left origin;
/// `poppler_page_get_text_attributes`) and, where the page may hold a table, its ruling lines.
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
        var corrupt: ExtractionError?
        pages.reserveCapacity(pageCount)
        // One pass over each page's content: its text, then (where the page may hold a table) its
        // fills and strokes, painted and searched for rulings.
        let read = PageContent.read(
            data,
            page: { content in
                let number = content.index + 1
                guard content.loaded else {
                    findings.append(
                        Finding(
                            severity: .error, code: .pageUnreadable, message: "page could not be loaded", page: number))
                    return .skipPaths
                }
                let (extracted, dropped, absurd) = Self.extractPage(content)
                if absurd > 0 {
                    corrupt = ExtractionError(
                        .malformed, path: path,
                        message:
                            "page \(number): \(absurd) glyphs are wider or taller than the page or not finite; the font metrics and the text layer are corrupt"
                    )
                    return .stop
                }
                if dropped > 0 {
                    findings.append(
                        Finding(
                            severity: .warning, code: .outsidePage,
                            message: "\(dropped) glyphs or lines lie off the page or are absurdly large; left out",
                            page: number))
                }
                if !extracted.glyphs.contains(where: { !$0.scalar.properties.isWhitespace }) {
                    findings.append(
                        Finding(
                            severity: .warning, code: .noTextLayer,
                            message: "page has no text layer (a scan or an image); OCR would be needed",
                            page: number))
                }
                pages.append(extracted)
                return LayoutAnalyzer.mayHoldTable(extracted) ? .readPaths : .skipPaths
            },
            paths: { pageIndex, painted in
                guard !painted.isEmpty, let index = pages.lastIndex(where: { $0.number == pageIndex + 1 }) else {
                    return
                }
                pages[index].rulings = Self.rulings(of: pages[index], painted: painted)
            })
        if let corrupt { throw corrupt }
        guard read else {
            throw ExtractionError(.malformed, path: path, message: "poppler could not read the pages' content")
        }
        let source = SourceInfo(path: path, sha256: sha256, mediaType: "application/pdf", pages: pageCount)
        return ExtractedDocument(source: source, metadata: metadata, pages: pages, findings: findings)
    }

    /// The page's glyphs and fonts, kept inside ``PageBounds``; `dropped` counts what lay off the
    /// page, `absurd` the glyphs no real font makes.
    private static func extractPage(_ content: PageContent.PageText) -> (page: ExtractedPage, dropped: Int, absurd: Int)
    {
        let number = content.index + 1
        guard content.hasLayout else {
            let bounded = PageBounds.bounded(
                ExtractedPage(number: number, width: content.width, height: content.height))
            return (bounded.page, bounded.dropped, 0)
        }
        // Font runs, indexed by character offset.
        var fonts: [FontInfo] = []
        var fontIndexByKey: [FontInfo: Int32] = [:]
        var runs: [(start: Int, end: Int, font: Int32)] = []
        for run in content.runs {
            let info = FontInfo(name: run.font, size: run.size, isBold: Self.isBold(fontName: run.font))
            let index: Int32
            if let known = fontIndexByKey[info] {
                index = known
            } else {
                index = Int32(fonts.count)
                fonts.append(info)
                fontIndexByKey[info] = index
            }
            runs.append((run.start, run.end, index))
        }

        var glyphs: [Glyph] = []
        glyphs.reserveCapacity(content.boxes.count)
        var runCursor = 0
        var offset = 0
        for scalar in content.text.unicodeScalars {
            defer { offset += 1 }
            guard offset < content.boxes.count else { break }
            if scalar == "\n" || scalar == "\r" { continue }
            while runCursor < runs.count, runs[runCursor].end < offset { runCursor += 1 }
            let fontIndex: Int32 =
                runCursor < runs.count && runs[runCursor].start <= offset ? runs[runCursor].font : -1
            glyphs.append(Glyph(scalar: scalar, box: content.boxes[offset], fontIndex: fontIndex))
        }
        let raw = ExtractedPage(
            number: number, width: content.width, height: content.height, glyphs: glyphs, fonts: fonts)
        let absurd = PageBounds.absurdGlyphs(raw)
        let (bounded, dropped) = PageBounds.bounded(raw)
        return (bounded, dropped, absurd)
    }

    /// The rulings of a page that may hold a table (``LayoutAnalyzer/mayHoldTable(_:)``): its fills
    /// and strokes painted at about one pixel per point (bounded by ``RulingScanner/maximumPixels``)
    /// by ``PathRasterizer``, and searched by ``RulingScanner`` with the glyphs masked out. Painted
    /// on the bounded page, the rulings lie on it: no second bounding pass.
    private static func rulings(of page: ExtractedPage, painted: [PaintedPath]) -> [Ruling] {
        guard let width = page.width, let height = page.height,
            let scale = RulingScanner.scale(width: width, height: height)
        else { return page.rulings }
        let bitmap = PathRasterizer().render(
            painted, width: Int(width * scale), height: Int(height * scale), scale: scale)
        // Spaces have boxes too (the whole gap between two words), but draw nothing.
        let inked = page.glyphs.filter { !TextNormalizer.isWhitespace($0.scalar) }.map(\.box)
        return RulingScanner().scan(bitmap, glyphs: inked)
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

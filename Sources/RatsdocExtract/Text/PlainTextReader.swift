import Foundation
public import RatsdocCore

/// Reads text that another tool extracted (pdftotext, pdf-parse, a RIS export) into the same
/// page-and-line model as a PDF, without boxes.
///
/// Pages are split at form feeds (pdftotext) and at pdf-parse's `-- N of M --` markers, which
/// are dropped. Bytes that are not valid UTF-8 are read as Windows-1252, with a finding.
public struct PlainTextReader: Sendable {
    public init() {}

    public func read(path: String) throws(ExtractionError) -> ExtractedDocument {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ExtractionError(.unreadable, path: path, message: error.localizedDescription)
        }
        return try read(bytes: data, path: path)
    }

    public func read(bytes data: Data, path: String) throws(ExtractionError) -> ExtractedDocument {
        guard !data.isEmpty else { throw ExtractionError(.empty, path: path, message: "file is empty (0 bytes)") }
        if data.prefix(5).elementsEqual(Array("%PDF-".utf8)) {
            throw ExtractionError(.wrongType, path: path, message: "this is a PDF, not a text file")
        }
        if data.prefix(8192).contains(0) {
            throw ExtractionError(.wrongType, path: path, message: "binary data (NUL bytes), not a text file")
        }
        var findings: [Finding] = []
        let text: String
        if let utf8 = String(data: data, encoding: .utf8) {
            text = utf8
        } else if let latin = String(data: data, encoding: .windowsCP1252) ?? String(data: data, encoding: .isoLatin1) {
            text = latin
            findings.append(
                Finding(severity: .info, code: .legacyEncoding, message: "not UTF-8; read as Windows-1252"))
        } else {
            throw ExtractionError(.wrongType, path: path, message: "undecodable text")
        }
        let pages = Self.splitPages(text)
        let extractedPages = pages.enumerated().map { index, lines in
            ExtractedPage(number: index + 1, textLines: lines.map { TextNormalizer.normalize($0) })
        }
        let source = SourceInfo(
            path: path, sha256: SHA256Digest.hex(of: data), mediaType: "text/plain", pages: extractedPages.count)
        return ExtractedDocument(
            source: source, metadata: DocumentMetadata(pageCount: extractedPages.count), pages: extractedPages,
            findings: findings)
    }

    /// Splits text into pages of lines. A pdf-parse marker (`-- 1 of 2 --`) ends a page.
    static func splitPages(_ text: String) -> [[String]] {
        var pages: [[String]] = []
        var current: [String] = []
        let unified = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for rawLine in unified.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            while let feed = line.firstIndex(of: "\u{0C}") {
                current.append(String(line[..<feed]))
                pages.append(current)
                current = []
                line = line[line.index(after: feed)...]
            }
            if isPageMarker(line) {
                pages.append(current)
                current = []
                continue
            }
            current.append(String(line))
        }
        if current.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) || pages.isEmpty {
            pages.append(current)
        }
        return pages.map(trimBlankEdges)
    }

    private static func isPageMarker(_ line: Substring) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("-- "), trimmed.hasSuffix(" --") else { return false }
        let inner = trimmed.dropFirst(3).dropLast(3).split(separator: " ")
        return inner.count == 3 && inner[1] == "of" && Int(inner[0]) != nil && Int(inner[2]) != nil
    }

    private static func trimBlankEdges(_ lines: [String]) -> [String] {
        var slice = lines[...]
        while let first = slice.first, first.trimmingCharacters(in: .whitespaces).isEmpty { slice = slice.dropFirst() }
        while let last = slice.last, last.trimmingCharacters(in: .whitespaces).isEmpty { slice = slice.dropLast() }
        return Array(slice)
    }
}

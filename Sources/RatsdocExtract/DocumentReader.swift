import Foundation
public import RatsdocCore

/// Reads a PDF or a text file by its content, not its name: `%PDF-` means PDF; a `.pdf` name
/// without it is a wrong-type error; other files are read as text.
public struct DocumentReader: Sendable {
    public init() {}

    public func read(path: String) throws(ExtractionError) -> ExtractedDocument {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            let reason = (error as NSError).localizedDescription
            throw ExtractionError(.unreadable, path: path, message: reason)
        }
        let isPDFName = path.lowercased().hasSuffix(".pdf")
        if data.isEmpty { throw ExtractionError(.empty, path: path, message: "file is empty (0 bytes)") }
        if PDFExtractor.looksLikePDF(data) || isPDFName {
            return try PDFExtractor().extract(bytes: data, path: path)
        }
        return try PlainTextReader().read(bytes: data, path: path)
    }
}

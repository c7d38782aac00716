import Foundation

/// Tells an input's media type by its first bytes, once, for every stage and every record:
/// `%PDF-` within the first KiB is a PDF; otherwise, after a byte-order mark and white space,
/// `<` is XML and `{` or `[` is JSON; anything else is text. A file named `.pdf` without the PDF
/// header stays a PDF, so that its extraction reports the wrong type instead of reading it as text.
public enum MediaTypeSniffer {
    public static let pdf = "application/pdf"
    public static let xml = "application/xml"
    public static let json = "application/json"
    public static let text = "text/plain"

    /// How many bytes are looked at.
    static let headBytes = 1024

    /// The media type of the file at `path`; only regular files are opened (a FIFO is never read).
    public static func mediaType(path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
            let handle = FileHandle(forReadingAtPath: path)
        else { return claimed(path) }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: headBytes)) ?? Data()
        return mediaType(head: head, path: path)
    }

    /// The media type of bytes starting with `head`; `path` only decides for a `.pdf` name.
    public static func mediaType(head: Data, path: String) -> String {
        if PDFExtractor.looksLikePDF(head) { return pdf }
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if path.lowercased().hasSuffix(".pdf") { return pdf }
        switch first {
        case UInt8(ascii: "<"): return xml
        case UInt8(ascii: "{"), UInt8(ascii: "["): return json
        default: return text
        }
    }

    /// The type a file's name claims, when its bytes cannot be read.
    static func claimed(_ path: String) -> String {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "pdf": pdf
        case "xml": xml
        case "json": json
        default: text
        }
    }

    /// True for the session family (XML exports, OParl JSON).
    public static func isSessionData(_ mediaType: String) -> Bool { mediaType == xml || mediaType == json }
}

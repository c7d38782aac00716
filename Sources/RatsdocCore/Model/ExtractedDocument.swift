/// What the extract stage produces for one input file: characters with their boxes for a
/// PDF, or lines of text for a plain-text input. Pure values, safe to send between tasks.
public struct ExtractedDocument: Sendable {
    public var source: SourceInfo
    public var metadata: DocumentMetadata
    public var pages: [ExtractedPage]
    public var findings: [Finding]

    public init(source: SourceInfo, metadata: DocumentMetadata, pages: [ExtractedPage], findings: [Finding] = []) {
        self.source = source
        self.metadata = metadata
        self.pages = pages
        self.findings = findings
    }
}

/// Where a document came from. `sha256` is the hex digest of the input bytes.
public struct SourceInfo: Hashable, Sendable, Codable {
    public var path: String
    public var sha256: String
    public var mediaType: String
    public var pages: Int

    public init(path: String, sha256: String, mediaType: String, pages: Int) {
        self.path = path
        self.sha256 = sha256
        self.mediaType = mediaType
        self.pages = pages
    }
}

/// Document-level metadata from the PDF info dictionary. Dates are ISO 8601 strings in UTC.
public struct DocumentMetadata: Hashable, Sendable, Codable {
    public var pageCount: Int
    public var title: String?
    public var author: String?
    public var creator: String?
    public var producer: String?
    public var creationDate: String?
    public var modificationDate: String?
    public var pdfVersion: String?

    public init(
        pageCount: Int, title: String? = nil, author: String? = nil, creator: String? = nil,
        producer: String? = nil, creationDate: String? = nil, modificationDate: String? = nil,
        pdfVersion: String? = nil
    ) {
        self.pageCount = pageCount
        self.title = title
        self.author = author
        self.creator = creator
        self.producer = producer
        self.creationDate = creationDate
        self.modificationDate = modificationDate
        self.pdfVersion = pdfVersion
    }
}

/// One page as extracted: either positioned glyphs (PDF) or text lines without boxes (plain text).
public struct ExtractedPage: Sendable {
    /// 1-based page number.
    public var number: Int
    /// Page size in points; nil for plain text.
    public var width: Double?
    public var height: Double?
    /// One entry per character the PDF draws (whitespace included, as poppler reports it).
    public var glyphs: [Glyph]
    /// The fonts the glyphs refer to by index.
    public var fonts: [FontInfo]
    /// For plain-text input: the page's lines, in order. Empty for PDFs.
    public var textLines: [String]
    /// Straight lines the page draws (cell borders, rules), for PDF pages that may hold a table.
    public var rulings: [Ruling]

    public init(
        number: Int, width: Double? = nil, height: Double? = nil, glyphs: [Glyph] = [], fonts: [FontInfo] = [],
        textLines: [String] = [], rulings: [Ruling] = []
    ) {
        self.number = number
        self.width = width
        self.height = height
        self.glyphs = glyphs
        self.fonts = fonts
        self.textLines = textLines
        self.rulings = rulings
    }
}

/// One drawn character with its box (top-left origin, points) and font.
public struct Glyph: Hashable, Sendable {
    public var scalar: Unicode.Scalar
    public var box: BoundingBox
    /// Index into `ExtractedPage.fonts`, or -1 when poppler reported no font run for it.
    public var fontIndex: Int32

    public init(scalar: Unicode.Scalar, box: BoundingBox, fontIndex: Int32) {
        self.scalar = scalar
        self.box = box
        self.fontIndex = fontIndex
    }
}

/// A font run's properties. `isBold` is derived from the font name and weight hints; treat it as a hint.
public struct FontInfo: Hashable, Sendable, Codable {
    public var name: String
    public var size: Double
    public var isBold: Bool

    public init(name: String, size: Double, isBold: Bool) {
        self.name = name
        self.size = size
        self.isBold = isBold
    }
}

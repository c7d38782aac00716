/// The layout stage's output: each page's content as blocks in reading order.
///
/// Boxes are in PDF points with the origin at the **top-left** of the page (see ``BoundingBox``).
/// Plain-text inputs produce the same model without boxes.
public struct LayoutDocument: Sendable, Codable {
    public var source: SourceInfo
    public var metadata: DocumentMetadata
    public var pages: [LayoutPage]
    public var findings: [Finding]

    public init(source: SourceInfo, metadata: DocumentMetadata, pages: [LayoutPage], findings: [Finding]) {
        self.source = source
        self.metadata = metadata
        self.pages = pages
        self.findings = findings
    }

    /// All blocks of the body (running headers and footers left out), in reading order across pages.
    public var bodyBlocks: [LayoutBlock] {
        pages.flatMap { page in page.blocks.filter { $0.role == .body } }
    }
}

public struct LayoutPage: Sendable, Codable {
    /// 1-based page number.
    public var number: Int
    public var width: Double?
    public var height: Double?
    /// The page's column count as detected for its body (1 or 2).
    public var columns: Int
    public var blocks: [LayoutBlock]
    /// The lines the page draws (cell borders, rules), as the extract stage found them.
    public var rulings: [Ruling]

    public init(
        number: Int, width: Double?, height: Double?, columns: Int, blocks: [LayoutBlock], rulings: [Ruling] = []
    ) {
        self.number = number
        self.width = width
        self.height = height
        self.columns = columns
        self.blocks = blocks
        self.rulings = rulings
    }
}

/// A paragraph-like run of lines, or a table. `role` says whether it is body text or a running
/// header or footer repeated on the pages.
public struct LayoutBlock: Sendable, Codable {
    public enum Kind: String, Sendable, Codable { case text, table }
    public enum Role: String, Sendable, Codable { case body, header, footer }

    public var kind: Kind
    public var role: Role
    public var page: Int
    public var box: BoundingBox?
    /// The block's lines (for a table: every line of every cell, row by row).
    public var lines: [LayoutLine]
    /// Present when `kind == .table`.
    public var table: LayoutTable?
    /// 0 for a full-width block, 1 or 2 for the left or right column of a two-column page.
    public var column: Int

    public init(
        kind: Kind, role: Role, page: Int, box: BoundingBox?, lines: [LayoutLine], table: LayoutTable? = nil,
        column: Int = 0
    ) {
        self.kind = kind
        self.role = role
        self.page = page
        self.box = box
        self.lines = lines
        self.table = table
        self.column = column
    }

    /// The block's text: lines joined with German de-hyphenation, one paragraph.
    public var text: String { TextNormalizer.joinLines(lines.map(\.text)) }
}

/// One line of text. `spans` are the horizontally separated runs of the line (cells of a
/// table row, label and value of a header line); a plain paragraph line has one span.
public struct LayoutLine: Sendable, Codable, Hashable {
    public var text: String
    public var page: Int
    public var box: BoundingBox?
    public var spans: [LayoutSpan]
    /// The dominant font size in points, when known.
    public var fontSize: Double?
    public var isBold: Bool

    public init(text: String, page: Int, box: BoundingBox?, spans: [LayoutSpan], fontSize: Double?, isBold: Bool) {
        self.text = text
        self.page = page
        self.box = box
        self.spans = spans
        self.fontSize = fontSize
        self.isBold = isBold
    }
}

/// A run of words on one line, separated from its neighbours by a wide gap (or a tab in text input).
public struct LayoutSpan: Sendable, Codable, Hashable {
    public var text: String
    public var box: BoundingBox?

    public init(text: String, box: BoundingBox?) {
        self.text = text
        self.box = box
    }
}

/// A table rebuilt from aligned text: rows × cells. Every row has `columnCount` cells; an
/// empty cell has no lines.
public struct LayoutTable: Sendable, Codable {
    public var columnCount: Int
    /// Left and right x of each column, in points (empty for text input).
    public var columnBounds: [ClosedRange<Double>]
    public var rows: [LayoutTableRow]

    public init(columnCount: Int, columnBounds: [ClosedRange<Double>], rows: [LayoutTableRow]) {
        self.columnCount = columnCount
        self.columnBounds = columnBounds
        self.rows = rows
    }
}

public struct LayoutTableRow: Sendable, Codable {
    public var cells: [LayoutCell]
    public var box: BoundingBox?

    public init(cells: [LayoutCell], box: BoundingBox?) {
        self.cells = cells
        self.box = box
    }

    /// The cells' texts, `""` for an empty cell.
    public var texts: [String] { cells.map(\.text) }
}

/// One table cell. `lines` keeps the cell's physical lines, so that a cell holding two stacked
/// values (two dates, two TOP numbers) can be read value by value; `text` joins them with
/// German de-hyphenation.
public struct LayoutCell: Sendable, Codable, Hashable {
    public var lines: [String]
    public var box: BoundingBox?
    /// One box per entry of `lines` (PDF input); empty for text input.
    public var lineBoxes: [BoundingBox]
    /// How many columns the cell spans (1 unless its text crosses a column boundary).
    public var columnSpan: Int

    public init(lines: [String], box: BoundingBox?, lineBoxes: [BoundingBox] = [], columnSpan: Int = 1) {
        self.lines = lines
        self.box = box
        self.lineBoxes = lineBoxes
        self.columnSpan = columnSpan
    }

    public var text: String { TextNormalizer.joinLines(lines) }
    public var isEmpty: Bool { lines.allSatisfy { $0.isEmpty } }
}

/// The layout stage's front door: characters (or text lines) in, blocks in reading order out.
///
/// For a PDF page it rebuilds words from character boxes, lines from words, finds a two-column
/// body, rebuilds tables without ruling lines from x-alignment, and marks running headers and
/// footers. Plain-text pages go through the same model without boxes: tabs separate cells.
public struct LayoutAnalyzer: Sendable {
    public init() {}

    public func analyze(_ document: ExtractedDocument) -> LayoutDocument {
        var pages: [LayoutPage] = []
        pages.reserveCapacity(document.pages.count)
        for page in document.pages {
            if page.glyphs.isEmpty && !page.textLines.isEmpty {
                pages.append(TextPageLayout.layout(page))
            } else {
                pages.append(PDFPageLayout(page: page).layout())
            }
        }
        RunningElementDetector.mark(&pages)
        return LayoutDocument(
            source: document.source, metadata: document.metadata, pages: pages, findings: document.findings)
    }

    /// True when a PDF page may hold a table: at least ``minimumTableLines`` of its lines fall into
    /// several spans. Only such pages are worth reading for rulings (a second pass over the page's
    /// content), so the extract stage asks this before it reads their paths.
    public static func mayHoldTable(_ page: ExtractedPage) -> Bool {
        guard !page.glyphs.isEmpty else { return false }
        return TableLineProbe.hasMultiSpanLines(page, atLeast: minimumTableLines)
    }

    /// Lines with several spans a page needs before it is read for rulings.
    public static let minimumTableLines = 2
}

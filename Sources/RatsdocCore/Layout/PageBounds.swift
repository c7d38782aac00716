/// Keeps a page's geometry inside sane bounds before any layout step sees it.
///
/// Every layout step sizes its work by the page (bins per point, one step per point, pixels
/// per point), so a hostile PDF with a MediaBox at -2³¹, glyphs at 10⁸ pt or a glyph 10²⁰ pt
/// wide would make that work unbounded. Here the page size is clipped to what PDF allows
/// (200 inches a side), glyphs and rulings that are not finite, not on the page or wider than
/// it are dropped, and a page keeps at most ``maximumGlyphs`` glyphs. What was dropped is
/// counted, so the caller can report it.
public enum PageBounds {
    /// The largest page side PDF allows (14,400 pt = 200 in, ISO 32000 Annex C).
    public static let maximumPageSide = 14_400.0
    /// A page side used when the page reports none that is usable (A4).
    public static let fallbackWidth = 595.0
    public static let fallbackHeight = 842.0
    /// More glyphs than this on one page are not a Vorlage (a dense A4 page holds about 10,000).
    public static let maximumGlyphs = 200_000

    /// Glyphs that cannot be drawn at all: not finite, or wider or taller than the page. A text
    /// layer with them has corrupt font metrics.
    public static func absurdGlyphs(_ page: ExtractedPage) -> Int {
        let width = clip(page.width, fallback: fallbackWidth)
        let height = clip(page.height, fallback: fallbackHeight)
        return page.glyphs.filter { glyph in
            let box = glyph.box
            return !(box.x0.isFinite && box.x1.isFinite && box.y0.isFinite && box.y1.isFinite)
                || box.width > width || box.height > height
        }.count
    }

    /// The page with its size clipped and its glyphs and rulings kept on it; `dropped` counts the
    /// glyphs and rulings left out.
    public static func bounded(_ page: ExtractedPage) -> (page: ExtractedPage, dropped: Int) {
        guard page.textLines.isEmpty || !page.glyphs.isEmpty else { return (page, 0) }
        var bounded = page
        let width = clip(page.width, fallback: fallbackWidth)
        let height = clip(page.height, fallback: fallbackHeight)
        bounded.width = width
        bounded.height = height
        let area = BoundingBox(x0: 0, y0: 0, x1: width, y1: height)
        func fits(_ box: BoundingBox) -> Bool {
            box.x0.isFinite && box.x1.isFinite && box.y0.isFinite && box.y1.isFinite && box.x1 >= area.x0
                && box.x0 <= area.x1 && box.y1 >= area.y0 && box.y0 <= area.y1 && box.width <= width
                && box.height <= height
        }
        var glyphs = page.glyphs.filter { fits($0.box) }
        if glyphs.count > maximumGlyphs { glyphs.removeLast(glyphs.count - maximumGlyphs) }
        let rulings = page.rulings.filter { ruling in
            let box =
                ruling.axis == .horizontal
                ? BoundingBox(x0: ruling.start, y0: ruling.position, x1: ruling.end, y1: ruling.position)
                : BoundingBox(x0: ruling.position, y0: ruling.start, x1: ruling.position, y1: ruling.end)
            return fits(box) && ruling.thickness.isFinite
        }
        let dropped = page.glyphs.count - glyphs.count + page.rulings.count - rulings.count
        bounded.glyphs = glyphs
        bounded.rulings = rulings
        return (bounded, dropped)
    }

    private static func clip(_ side: Double?, fallback: Double) -> Double {
        guard let side, side.isFinite, side >= 1 else { return fallback }
        return min(side, maximumPageSide)
    }
}

/// Answers ``LayoutAnalyzer/mayHoldTable(_:)`` without building rows: whether at least a given
/// number of a page's lines fall into several spans.
///
/// It follows ``PDFPageLayout/buildRows()`` step by step (the same glyph order, the same bands,
/// word breaks and span rule of ``PDFPageLayout``'s `splitSpans`), but keeps only what the span
/// rule reads: each word's horizontal extent and median font size. No word text is built, so no
/// strings are allocated. The page has no rulings yet when the extract stage asks (it asks in
/// order to decide whether to read their rulings), so no cell border splits a word or a span; a page
/// that does carry vertical rulings is answered by ``PDFPageLayout`` itself. The answer is the
/// one `buildRows` gives; keep the two in step when the span rule changes.
enum TableLineProbe {
    /// A word as the span rule sees it.
    private struct WordExtent {
        var x0: Double
        var x1: Double
        var fontSize: Double
    }

    /// Word-break gap, in em of the glyph (as in `PDFPageLayout.buildWords`).
    static let wordGap = 0.15
    /// Band tolerance: share of the band's height its glyphs' centres may differ by.
    static let bandTolerance = 0.4
    /// A glyph at most this share of the band's height may be a sub- or superscript of it.
    static let scriptHeight = 0.8

    /// True when at least `needed` lines of `page` have two or more spans.
    static func hasMultiSpanLines(_ page: ExtractedPage, atLeast needed: Int) -> Bool {
        if page.rulings.contains(where: { $0.axis == .vertical }) {
            return PDFPageLayout(page: page).buildRows().lazy.filter(\.isMulti).prefix(needed).count >= needed
        }
        let glyphs = page.glyphs
        guard !glyphs.isEmpty else { return needed <= 0 }
        let order = glyphs.indices.sorted { a, b in
            let ya = glyphs[a].box.midY
            let yb = glyphs[b].box.midY
            return ya != yb ? ya < yb : glyphs[a].box.x0 < glyphs[b].box.x0
        }
        var found = 0
        var current: [Int] = []
        var referenceMid = 0.0
        var referenceHeight = 0.0
        var bandTop = 0.0
        var bandBottom = 0.0
        func closeBand() -> Bool {
            guard !current.isEmpty else { return false }
            if isMultiSpan(current, page: page) { found += 1 }
            return found >= needed
        }
        for index in order {
            let box = glyphs[index].box
            if TextNormalizer.isWhitespace(glyphs[index].scalar) && current.isEmpty { continue }
            if !current.isEmpty,
                abs(box.midY - referenceMid) <= bandTolerance * max(1, min(referenceHeight, box.height))
            {
                current.append(index)
                continue
            }
            if !current.isEmpty, box.height <= scriptHeight * referenceHeight,
                box.y0 >= bandTop - bandTolerance * referenceHeight,
                box.y1 <= bandBottom + bandTolerance * referenceHeight
            {
                current.append(index)
                continue
            }
            if closeBand() { return true }
            current = [index]
            referenceMid = box.midY
            referenceHeight = box.height
            bandTop = box.y0
            bandBottom = box.y1
        }
        return closeBand()
    }

    /// Whether one band's words split into two or more spans.
    private static func isMultiSpan(_ band: [Int], page: ExtractedPage) -> Bool {
        let glyphs = page.glyphs
        let sorted = band.sorted { glyphs[$0].box.x0 < glyphs[$1].box.x0 }
        var words: [WordExtent] = []
        var sizes: [Double] = []
        var x0 = 0.0
        var x1 = 0.0
        var count = 0
        var lastX1 = -Double.infinity
        // Whether the word's text is non-empty: some glyph survives normalization, or it ends
        // with a soft hyphen (shown as "-").
        var hasText = false
        var endsWithSoftHyphen = false
        func flush() {
            if count > 0, hasText || endsWithSoftHyphen {
                words.append(WordExtent(x0: x0, x1: x1, fontSize: sizes.sorted()[sizes.count / 2]))
            }
            sizes.removeAll(keepingCapacity: true)
            count = 0
            hasText = false
            endsWithSoftHyphen = false
        }
        for index in sorted {
            let glyph = glyphs[index]
            if TextNormalizer.isWhitespace(glyph.scalar) || glyph.scalar == "\u{A0}" {
                flush()
                continue
            }
            let size = fontSize(of: glyph, page: page)
            if count > 0, glyph.box.x0 - lastX1 > wordGap * size { flush() }
            if !isDropped(glyph.scalar) { hasText = true }
            endsWithSoftHyphen = glyph.scalar == "\u{AD}"
            if count == 0 {
                x0 = glyph.box.x0
                x1 = glyph.box.x1
            } else {
                x0 = min(x0, glyph.box.x0)
                x1 = max(x1, glyph.box.x1)
            }
            sizes.append(size)
            count += 1
            lastX1 = max(glyph.box.x1, count == 1 ? glyph.box.x1 : lastX1)
        }
        flush()
        return splits(words)
    }

    /// The span rule of `PDFPageLayout.splitSpans` without borders: true for two or more spans.
    private static func splits(_ words: [WordExtent]) -> Bool {
        guard words.count > 1 else { return false }
        var gaps: [Double] = []
        gaps.reserveCapacity(words.count - 1)
        for index in 1..<words.count { gaps.append(words[index].x0 - words[index - 1].x1) }
        let em = words.map(\.fontSize).sorted()[words.count / 2]
        let small = gaps.filter { $0 < 1.2 * em }.sorted()
        let typical = small.isEmpty ? 0.25 * em : max(0.15 * em, small[small.count / 4])
        if gaps.count >= 3, let widest = gaps.max(), let narrowest = gaps.min(), narrowest > 0,
            widest <= narrowest * 1.15 + 0.5
        {
            return false
        }
        return gaps.contains { gap in
            gap > 2.5 * em || (gap > 1.2 * em && gap > 1.5 * typical) || (gap > 0.45 * em && gap > 2.0 * typical)
        }
    }

    /// The glyph's font size (as `PDFPageLayout` reads it): its font run's size, else its box height.
    private static func fontSize(of glyph: Glyph, page: ExtractedPage) -> Double {
        let index = Int(glyph.fontIndex)
        if index >= 0, index < page.fonts.count, page.fonts[index].size > 0 { return page.fonts[index].size }
        return max(1, glyph.box.height)
    }

    /// True for a scalar that ``TextNormalizer/appendNormalized(_:to:)`` drops.
    private static func isDropped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F, 0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: true
        default: false
        }
    }
}

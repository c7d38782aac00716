/// Marks running headers and footers: text blocks in the top or bottom margin band of a page
/// that repeat on other pages (digits ignored, so "Seite 2 von 3" matches "Seite 3 von 3"),
/// lone page numbers ("– 2 –", "Seite 2", "2 / 5") in a margin band, and one-line notes in
/// small print in the margin band of a page after the first.
enum RunningElementDetector {
    /// The share of the page height, from the top and from the bottom, searched for running elements.
    static let marginShare = 0.12

    static func mark(_ pages: inout [LayoutPage]) {
        var occurrences: [String: Set<Int>] = [:]
        for page in pages {
            for block in page.blocks {
                guard let zone = zone(of: block, in: page) else { continue }
                occurrences["\(zone)|\(signature(block.text))", default: []].insert(page.number)
            }
        }
        let pagesWithText = pages.filter { !$0.blocks.isEmpty }.count
        let threshold = max(2, (pagesWithText + 1) / 2)
        let bodySize = medianFontSize(pages)
        for pageIndex in pages.indices {
            let page = pages[pageIndex]
            for blockIndex in page.blocks.indices {
                let block = page.blocks[blockIndex]
                guard let zone = zone(of: block, in: page) else { continue }
                let repeats = (occurrences["\(zone)|\(signature(block.text))"]?.count ?? 0) >= threshold
                // A one-line note in small print in the margin of a later page: the running header
                // that many templates start only on page 2 ("Vorlage FB 45/0219/WP18").
                let smallPrint =
                    page.number > 1 && block.lines.count == 1
                    && bodySize.map { size in
                        (block.lines[0].fontSize ?? size) <= size - 0.75
                    } ?? false
                if repeats || smallPrint || isPageNumber(block.text) {
                    pages[pageIndex].blocks[blockIndex].role = zone
                }
            }
        }
    }

    /// The median font size of all lines that have one, or nil (text input).
    private static func medianFontSize(_ pages: [LayoutPage]) -> Double? {
        let sizes = pages.flatMap { $0.blocks.flatMap { $0.lines.compactMap(\.fontSize) } }.sorted()
        return sizes.isEmpty ? nil : sizes[sizes.count / 2]
    }

    /// `.header` or `.footer` when the block lies wholly in a margin band and is short; else nil.
    private static func zone(of block: LayoutBlock, in page: LayoutPage) -> LayoutBlock.Role? {
        guard let box = block.box, let height = page.height, block.lines.count <= 3 else { return nil }
        if box.y1 <= height * marginShare { return .header }
        if box.y0 >= height * (1 - marginShare) { return .footer }
        return nil
    }

    /// The text with every digit run replaced by "#", for matching page-numbered lines.
    static func signature(_ text: String) -> String {
        var result = ""
        var inDigits = false
        for character in text {
            if character.isNumber {
                if !inDigits { result.append("#") }
                inDigits = true
            } else {
                result.append(character)
                inDigits = false
            }
        }
        return result
    }

    /// A page number that cannot be anything else: "– 2 –", "- 2 -", "Seite 2", "Seite 2 von 5".
    static func isStrongPageNumber(_ text: String) -> Bool {
        let trimmed = text.trimmedWhitespaces()
        let dashes: Set<Character> = ["-", "–", "—"]
        if let first = trimmed.first, let last = trimmed.last, dashes.contains(first), dashes.contains(last),
            trimmed.count >= 3
        {
            let inner = trimmed.dropFirst().dropLast().trimmedWhitespaces()
            return !inner.isEmpty && inner.allSatisfy(\.isNumber)
        }
        let words = signature(trimmed).lowercased().split(separator: " ")
        return words == ["seite", "#"] || words == ["seite", "#", "von", "#"]
    }

    /// "2", "- 2 -", "– 2 –", "Seite 2", "Seite 2 von 5", "2 / 5", "2/5".
    static func isPageNumber(_ text: String) -> Bool {
        let words = signature(text).lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "\t" })
            .filter { !["-", "–", "—"].contains($0) }
        let shapes: Set<[Substring]> = [
            ["#"], ["seite", "#"], ["seite", "#", "von", "#"], ["#", "/", "#"], ["#/#"], ["-#-"], ["–#–"],
        ]
        return shapes.contains(words)
    }
}

import Foundation

extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)` (spaces of category Zs and the tab), without
    /// Foundation where nothing can be trimmed: text that starts and ends with an ASCII scalar
    /// other than a space or a tab comes back as it is.
    func trimmedWhitespaces() -> String {
        let text = String(self)
        guard let first = text.utf8.first, let last = text.utf8.last else { return "" }
        if first < 0x80, last < 0x80, first != 0x20, first != 0x09, last != 0x20, last != 0x09 { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }
}

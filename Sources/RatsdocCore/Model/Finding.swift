/// A data-quality observation about one document: something ratsdoc could not read, had to
/// guess, or repaired. Findings never stop a document; errors that do are thrown instead.
public struct Finding: Hashable, Sendable, Codable {
    public enum Severity: String, Hashable, Sendable, Codable, Comparable {
        case info, warning, error

        private var rank: Int {
            switch self {
            case .info: 0
            case .warning: 1
            case .error: 2
            }
        }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var severity: Severity
    /// A stable, camelCase machine code from the catalogue ``FindingCode`` (`noTextLayer`,
    /// `missingField`, ...).
    public var code: String
    public var message: String
    /// 1-based page number, when the finding belongs to a page.
    public var page: Int?
    /// 1-based line number in the input, when the input is line-oriented (text, XML).
    public var line: Int?

    public init(severity: Severity, code: FindingCode, message: String, page: Int? = nil, line: Int? = nil) {
        self.severity = severity
        self.code = code.rawValue
        self.message = message
        self.page = page
        self.line = line
    }
}

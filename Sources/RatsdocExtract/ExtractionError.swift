public import RatsdocCore

/// A document-level failure: the input cannot be read at all. Data-quality problems inside a
/// readable document are ``RatsdocCore/Finding``s instead.
public struct ExtractionError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// The file could not be opened or read.
        case unreadable
        /// The file is empty (0 bytes).
        case empty
        /// The file is not of the type its name or the caller says (e.g. text named .pdf).
        case wrongType
        /// The PDF is encrypted and no password was given.
        case encrypted
        /// The PDF (or XML) is truncated or corrupt.
        case malformed
        /// The input asks for something ratsdoc refuses for safety (XML entities, DTD loading, ...).
        case refused
        /// The input exceeds a configured limit (size, depth, time).
        case tooLarge
        /// The extraction worker crashed or timed out.
        case crashed
    }

    public var code: Code
    public var path: String
    public var message: String
    /// 1-based line, when the failure has one (XML).
    public var line: Int?

    public init(_ code: Code, path: String, message: String, line: Int? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.line = line
    }

    public var description: String {
        let location = line.map { "\(path):\($0)" } ?? path
        return "\(location): \(code.rawValue): \(message)"
    }
}

extension ExtractionError.Code {
    /// The finding code of the same name.
    public var finding: FindingCode { FindingCode(rawValue: rawValue) ?? .unreadable }
}

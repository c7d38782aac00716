import Foundation

/// A parsed JSON value, for tolerant reading of OParl data whose shapes vary by vendor.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The string, with whitespace-only and `"N/A"` values (CC e-gov) read as absent.
    public var string: String? {
        guard case .string(let value) = self else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty || trimmed == "N/A" ? nil : trimmed
    }

    public var bool: Bool? {
        switch self {
        case .bool(let value): value
        case .string(let text) where text == "true" || text == "false": text == "true"
        default: nil
        }
    }

    public var int: Int? {
        switch self {
        case .number(let value) where value == value.rounded() && abs(value) < 1e15: Int(value)
        case .string(let text): Int(text.trimmedWhitespaces())
        default: nil
        }
    }

    /// Objects of an array, or the value itself when a vendor sent one object instead of an array.
    public var objects: [[String: JSONValue]] {
        switch self {
        case .object(let object): [object]
        case .array(let values): values.compactMap { if case .object(let object) = $0 { object } else { nil } }
        default: []
        }
    }

    /// Strings of an array, or the value itself when a vendor sent one string instead of an array.
    public var strings: [String] {
        switch self {
        case .string: string.map { [$0] } ?? []
        case .array(let values): values.compactMap(\.string)
        default: []
        }
    }
}

extension JSONValue: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}

extension JSONValue: Encodable {
    /// Integral numbers are written without a fraction ("3", not "3.0").
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let object): try container.encode(object)
        }
    }

    /// A value built the way JSONSerialization objects are (dictionaries, arrays, strings, numbers,
    /// booleans); anything else is null.
    public init(any value: Any?) {
        switch value {
        case nil: self = .null
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .number(Double(value))
        case let value as Double: self = .number(value)
        case let value as String: self = .string(value)
        case let value as [Any]: self = .array(value.map { JSONValue(any: $0) })
        case let value as [String: Any]: self = .object(value.mapValues { JSONValue(any: $0) })
        default: self = .null
        }
    }
}

extension JSONValue {
    /// Parses JSON bytes. When they do not parse and hold raw control characters inside strings
    /// (CC e-gov ALLRIS), those are escaped (`\n`, `\r`, `\t`) or dropped and the parse is retried.
    /// - Returns: the value and how many control characters were repaired; nil when the bytes are not JSON.
    public static func parse(_ data: Data) -> (value: JSONValue, repairedControlCharacters: Int)? {
        let decoder = JSONDecoder()
        if let value = try? decoder.decode(JSONValue.self, from: data) { return (value, 0) }
        let (repaired, count) = escapeControlCharacters(data)
        guard count > 0, let value = try? decoder.decode(JSONValue.self, from: repaired) else { return nil }
        return (value, count)
    }

    static func escapeControlCharacters(_ data: Data) -> (Data, Int) {
        var output = Data()
        output.reserveCapacity(data.count)
        var inString = false
        var escaped = false
        var count = 0
        for byte in data {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                } else if byte < 0x20 {
                    count += 1
                    switch byte {
                    case 0x0A: output.append(contentsOf: Array("\\n".utf8))
                    case 0x0D: output.append(contentsOf: Array("\\r".utf8))
                    case 0x09: output.append(contentsOf: Array("\\t".utf8))
                    default: break
                    }
                    continue
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            }
            output.append(byte)
        }
        return (output, count)
    }
}

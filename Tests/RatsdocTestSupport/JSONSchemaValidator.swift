import Foundation

/// A JSON value decoded strictly (booleans are not numbers).
public indirect enum SchemaJSON: Decodable, Equatable, Sendable {
    case null, bool(Bool), number(Double), string(String), array([SchemaJSON]), object([String: SchemaJSON])

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
        } else if let value = try? container.decode([SchemaJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: SchemaJSON].self))
        }
    }

    public static func parse(_ data: Data) throws -> SchemaJSON {
        try JSONDecoder().decode(SchemaJSON.self, from: data)
    }
}

/// A small JSON Schema (draft 2020-12 subset) validator for the golden tests: `type` (also as an
/// array, for nullable), `required`, `properties`, `additionalProperties` (bool or schema),
/// `items`, `enum`, `pattern`, `format: date`, `minLength`, `minItems`, `maxItems`, `minimum`,
/// `maximum` and local `$ref`s (`#/$defs/name`).
public struct JSONSchemaValidator {
    public let root: SchemaJSON

    public init(schema: SchemaJSON) { self.root = schema }

    /// All violations, each as "<JSON pointer>: <problem>"; empty when the instance is valid.
    public func validate(_ instance: SchemaJSON) -> [String] {
        var errors: [String] = []
        check(instance, against: root, at: "", errors: &errors)
        return errors
    }

    private func resolve(_ reference: String) -> SchemaJSON? {
        guard reference.hasPrefix("#/") else { return nil }
        var node = root
        for part in reference.dropFirst(2).split(separator: "/") {
            guard case .object(let object) = node, let next = object[String(part)] else { return nil }
            node = next
        }
        return node
    }

    private static func typeName(_ value: SchemaJSON) -> [String] {
        switch value {
        case .null: ["null"]
        case .bool: ["boolean"]
        case .number(let number): number.rounded() == number ? ["number", "integer"] : ["number"]
        case .string: ["string"]
        case .array: ["array"]
        case .object: ["object"]
        }
    }

    private func check(_ value: SchemaJSON, against schema: SchemaJSON, at path: String, errors: inout [String]) {
        guard case .object(let rules) = schema else { return }
        if case .string(let reference)? = rules["$ref"] {
            guard let target = resolve(reference) else {
                errors.append("\(path): unresolvable $ref \(reference)")
                return
            }
            check(value, against: target, at: path, errors: &errors)
        }
        if let type = rules["type"] {
            let allowed: [String]
            switch type {
            case .string(let name): allowed = [name]
            case .array(let names): allowed = names.compactMap { if case .string(let n) = $0 { n } else { nil } }
            default: allowed = []
            }
            if !Self.typeName(value).contains(where: allowed.contains) {
                errors.append("\(path): expected \(allowed.joined(separator: "|")), got \(Self.typeName(value)[0])")
                return
            }
        }
        if case .array(let options)? = rules["enum"], !options.contains(value) {
            errors.append("\(path): value not in enum")
        }
        switch value {
        case .string(let text):
            if case .number(let minimum)? = rules["minLength"], Double(text.count) < minimum {
                errors.append("\(path): shorter than \(Int(minimum))")
            }
            if case .string(let pattern)? = rules["pattern"],
                text.range(of: pattern, options: .regularExpression) == nil
            {
                errors.append("\(path): '\(text)' does not match \(pattern)")
            }
            if case .string("date")? = rules["format"] {
                let parts = text.split(separator: "-").compactMap { Int($0) }
                let valid =
                    text.count == 10 && parts.count == 3
                    && (1...12).contains(parts[1]) && (1...31).contains(parts[2])
                if !valid { errors.append("\(path): '\(text)' is not a date") }
            }
        case .number(let number):
            if case .number(let minimum)? = rules["minimum"], number < minimum {
                errors.append("\(path): below \(minimum)")
            }
            if case .number(let maximum)? = rules["maximum"], number > maximum {
                errors.append("\(path): above \(maximum)")
            }
        case .array(let items):
            if case .number(let minimum)? = rules["minItems"], Double(items.count) < minimum {
                errors.append("\(path): fewer than \(Int(minimum)) items")
            }
            if case .number(let maximum)? = rules["maxItems"], Double(items.count) > maximum {
                errors.append("\(path): more than \(Int(maximum)) items")
            }
            if let itemSchema = rules["items"] {
                for (index, item) in items.enumerated() {
                    check(item, against: itemSchema, at: "\(path)/\(index)", errors: &errors)
                }
            }
        case .object(let object):
            if case .array(let required)? = rules["required"] {
                for case .string(let key) in required where object[key] == nil {
                    errors.append("\(path): missing required '\(key)'")
                }
            }
            var properties: [String: SchemaJSON] = [:]
            if case .object(let declared)? = rules["properties"] { properties = declared }
            for (key, member) in object {
                let memberPath = "\(path)/\(key)"
                if let propertySchema = properties[key] {
                    check(member, against: propertySchema, at: memberPath, errors: &errors)
                } else if let additional = rules["additionalProperties"] {
                    if case .bool(false) = additional {
                        errors.append("\(path): unexpected property '\(key)'")
                    } else {
                        check(member, against: additional, at: memberPath, errors: &errors)
                    }
                }
            }
        default:
            break
        }
    }
}

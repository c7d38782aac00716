import Foundation

extension SessionMappingEngine {
    /// A ``SessionMapping`` compiled for ``XMLRecord``s: every path split once into name ids,
    /// date formats tokenized, `values`/`codes` keys folded once.
    struct Plan: Sendable {
        /// A path relative to a record element. `steps == nil`: the element itself.
        struct Path: Sendable {
            static let wildcard: Int32 = -1
            var steps: [Int32]?
            var attribute: Int32?
        }

        /// One field's rule, compiled. A class: read many times per record, never copied.
        final class Field: Sendable {
            let paths: [Path]
            /// `paths:` (first values joined) rather than `path:` (every value).
            let joins: Bool
            let join: String
            let ignore: [String]
            let format: DateFormatHint.Compiled?
            let formatPattern: String?
            let values: [String: String]?
            /// `values` as a list, for the byte-equal fast path.
            let valueList: [(key: String, value: String)]
            let foldedValues: [(folded: String, value: String)]
            let codes: [(folded: String, code: String)]?
            let defaultValue: String?

            init(_ rule: SessionMapping.FieldRule, paths: [Path]) {
                self.paths = paths
                joins = !(rule.paths ?? []).isEmpty
                join = rule.join ?? "."
                ignore = rule.ignore ?? []
                format = rule.format.map { DateFormatHint.Compiled($0) }
                formatPattern = rule.format
                values = rule.values
                valueList = (rule.values ?? [:]).map { ($0.key, $0.value) }
                foldedValues = (rule.values ?? [:]).map { (ValueVocabulary.fold($0.key), $0.value) }
                codes = rule.codes.map { codes in codes.map { (ValueVocabulary.fold($0.key), $0.value) } }
                defaultValue = rule.default
            }
        }

        /// The fields of one record kind, by ``FieldName``.
        final class Fields: Sendable {
            private let fields: [Field?]

            init(_ fields: [FieldName: Field]) {
                self.fields = FieldName.allCases.map { fields[$0] }
            }

            subscript(name: FieldName) -> Field? { fields[name.rawValue] }
        }

        struct Nested: Sendable {
            var select: Path
            var fields: Fields
        }

        struct Rule: Sendable {
            var fields: Fields
            var nested: Nested?
        }

        var names: [String] = []
        var nameIDs: [String: Int32] = [:]
        var meeting: Rule?
        var paper: Rule?
        var organization: Rule?

        init(_ mapping: SessionMapping) {
            meeting = mapping.records.meeting.map { rule(for: $0, nested: $0.agendaItems) }
            paper = mapping.records.paper.map { rule(for: $0, nested: $0.consultations) }
            organization = mapping.records.organization.map { rule(for: $0, nested: nil) }
        }

        private mutating func id(_ name: String) -> Int32 {
            if let known = nameIDs[name] { return known }
            let id = Int32(names.count)
            names.append(name)
            nameIDs[name] = id
            return id
        }

        private mutating func rule(for rule: SessionMapping.RecordRule, nested: SessionMapping.NestedRule?) -> Rule {
            Rule(
                fields: fields(rule.fields),
                nested: nested.map { Nested(select: elementPath($0.select), fields: fields($0.fields)) })
        }

        private mutating func fields(_ rules: [String: SessionMapping.FieldRule]) -> Fields {
            var fields: [FieldName: Field] = [:]
            for (name, rule) in rules {
                // Unknown names cannot occur: SessionMapping.validate() rejects them.
                guard let field = FieldName.named[name] else { continue }
                let joins = !(rule.paths ?? []).isEmpty
                let paths = joins ? (rule.paths ?? []) : rule.path.map { [$0] } ?? []
                fields[field] = Field(rule, paths: paths.map { valuePath($0) })
            }
            return Fields(fields)
        }

        /// Elements reached by a relative path of child names, as ``XMLElementNode/elements(at:)``.
        private mutating func elementPath(_ path: Substring) -> Path {
            if path.isEmpty || path == "." { return Path(steps: nil) }
            // A single step is compared literally (no `*` wildcard), as in the tree form.
            if !path.contains("/") { return Path(steps: [id(String(path))]) }
            let steps = path.split(separator: "/").filter { $0 != "." && !$0.isEmpty }
            return Path(steps: steps.map { $0 == "*" ? Path.wildcard : id(String($0)) })
        }

        private mutating func elementPath(_ path: String) -> Path { elementPath(Substring(path)) }

        /// A value path, as ``XMLElementNode/values(at:)``: child names, optionally ending in `@attribute`.
        private mutating func valuePath(_ path: String) -> Path {
            if !path.contains("/") {
                if path.hasPrefix("@") { return Path(steps: nil, attribute: id(String(path.dropFirst()))) }
                return elementPath(path)
            }
            var elements = Substring(path)
            var attribute: Int32?
            if let at = path.lastIndex(of: "@") {
                attribute = id(String(path[path.index(after: at)...]))
                elements = path[..<at]
                if elements.hasSuffix("/") { elements = elements.dropLast() }
            }
            var compiled = elementPath(elements)
            compiled.attribute = attribute
            return compiled
        }
    }
}

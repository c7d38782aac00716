import Foundation
import Yams

/// A declarative mapping from one XML export dialect to session records, decoded from
/// `Pipelines/xml/<name>.yml`. See `Pipelines/xml/README.md` for the format and a worked example.
public struct SessionMapping: Hashable, Sendable, Codable {
    /// How `ratsdoc` recognizes the dialect: the root element's local name and namespace.
    public struct Detect: Hashable, Sendable, Codable {
        /// Accepted root element local names.
        public var rootElements: [String]
        /// The root's namespace URI; when absent, any namespace (or none) is accepted.
        public var namespace: String?

        public init(rootElements: [String], namespace: String? = nil) {
            self.rootElements = rootElements
            self.namespace = namespace
        }

        /// True when a document with this root element belongs to the dialect.
        public func matches(rootName: String, rootNamespace: String?) -> Bool {
            guard rootElements.contains(rootName) else { return false }
            guard let namespace, !namespace.isEmpty else { return true }
            return namespace == rootNamespace
        }
    }

    /// Which child or attribute fills a field. In YAML either a path string or an object.
    public struct FieldRule: Hashable, Sendable, Codable {
        /// Path relative to the record element: `child`, `child/grandchild`, `@attribute`,
        /// `child/@attribute`, `.` (the element's own text).
        public var path: String?
        /// Several paths whose first values are joined with `join` (e.g. TOP number parts).
        public var paths: [String]?
        /// Separator for `paths` (default ".").
        public var join: String?
        /// Values that mean "nothing" (ALLRIS writes `0` for "no Vorlage"), compared after trimming.
        public var ignore: [String]?
        /// Date or date-time pattern (`dd.MM.yyyy`, `dd.MM.yyyy HH:mm`) for date fields.
        public var format: String?
        /// Value map applied before typing, case-insensitive: `{"öffentlich": "true"}`.
        public var values: [String: String]?
        /// For `result` and `role`: raw text → code, checked before the shared vocabulary.
        public var codes: [String: String]?
        /// Used when the path yields nothing.
        public var `default`: String?

        public init(
            path: String? = nil, paths: [String]? = nil, join: String? = nil, ignore: [String]? = nil,
            format: String? = nil, values: [String: String]? = nil, codes: [String: String]? = nil,
            default: String? = nil
        ) {
            self.path = path
            self.paths = paths
            self.join = join
            self.ignore = ignore
            self.format = format
            self.values = values
            self.codes = codes
            self.default = `default`
        }

        enum CodingKeys: String, CodingKey { case path, paths, join, ignore, format, values, codes, `default` }

        public init(from decoder: any Decoder) throws {
            if let path = try? decoder.singleValueContainer().decode(String.self) {
                self.init(path: path)
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                path: try container.decodeIfPresent(String.self, forKey: .path),
                paths: try container.decodeIfPresent([String].self, forKey: .paths),
                join: try container.decodeIfPresent(String.self, forKey: .join),
                ignore: try container.decodeIfPresent([String].self, forKey: .ignore),
                format: try container.decodeIfPresent(String.self, forKey: .format),
                values: try container.decodeIfPresent([String: String].self, forKey: .values),
                codes: try container.decodeIfPresent([String: String].self, forKey: .codes),
                default: try container.decodeIfPresent(String.self, forKey: .default))
        }
    }

    /// Records nested inside a record element (agenda items in a meeting, consultations in a paper).
    public struct NestedRule: Hashable, Sendable, Codable {
        /// Path of child elements relative to the parent record element: `tolist/item`.
        public var select: String
        public var fields: [String: FieldRule]
    }

    /// One top-level record kind.
    public struct RecordRule: Hashable, Sendable, Codable {
        /// The record element, as a path suffix of element names from the root: `list/item`,
        /// `meeting`. Elements matching it are streamed one at a time.
        public var select: String
        public var fields: [String: FieldRule]
        /// Meetings only.
        public var agendaItems: NestedRule?
        /// Papers only.
        public var consultations: NestedRule?
    }

    public struct Records: Hashable, Sendable, Codable {
        public var meeting: RecordRule?
        public var paper: RecordRule?
        public var organization: RecordRule?
    }

    public var name: String
    public var description: String?
    public var detect: Detect
    public var records: Records

    /// Decodes and validates a mapping from YAML text.
    /// - Throws: a decoding error, or ``SessionMappingError`` for unknown field names or empty selectors.
    public init(yaml: String) throws {
        self = try YAMLDecoder().decode(SessionMapping.self, from: yaml)
        try validate()
    }

    /// Loads and validates `url`.
    public init(contentsOf url: URL) throws {
        try self.init(yaml: String(contentsOf: url, encoding: .utf8))
    }

    /// Field names each record kind accepts.
    public static let knownFields: [String: Set<String>] = [
        "meeting": [
            "id", "name", "start", "end", "organization", "organizationId", "meetingState", "cancelled",
            "location", "web",
        ],
        "agendaItem": [
            "id", "number", "order", "name", "public", "paperId", "paperReference", "paperName",
            "consultationId", "result", "resolutionText", "start", "end",
        ],
        "paper": [
            "id", "reference", "name", "paperType", "date", "public", "leadDepartment", "fileNumber", "author",
            "responsible", "summary", "decisionProposal", "web", "deleted",
        ],
        "consultation": [
            "id", "date", "organization", "organizationId", "role", "agendaItemNumber", "public",
            "authoritative", "meetingId", "agendaItemId",
        ],
        "organization": ["id", "name", "shortName", "organizationType", "classification", "web", "deleted"],
    ]

    /// Checks field names against ``knownFields`` and that selectors and paths are not empty.
    public func validate() throws {
        var problems: [String] = []
        func check(_ kind: String, _ select: String, _ fields: [String: FieldRule]) {
            if select.trimmedWhitespaces().isEmpty { problems.append("\(kind): empty select") }
            let known = Self.knownFields[kind] ?? []
            for (name, rule) in fields.sorted(by: { $0.key < $1.key }) {
                if !known.contains(name) { problems.append("\(kind).\(name): unknown field") }
                if rule.path == nil, rule.paths?.isEmpty ?? true, rule.default == nil {
                    problems.append("\(kind).\(name): needs path, paths or default")
                }
            }
        }
        if let rule = records.meeting {
            check("meeting", rule.select, rule.fields)
            if let nested = rule.agendaItems { check("agendaItem", nested.select, nested.fields) }
        }
        if let rule = records.paper {
            check("paper", rule.select, rule.fields)
            if let nested = rule.consultations { check("consultation", nested.select, nested.fields) }
        }
        if let rule = records.organization { check("organization", rule.select, rule.fields) }
        if records.meeting == nil, records.paper == nil, records.organization == nil {
            problems.append("records: no record kind defined")
        }
        if detect.rootElements.isEmpty { problems.append("detect.rootElements: empty") }
        if !problems.isEmpty { throw SessionMappingError(mapping: name, problems: problems) }
    }
}

/// A mapping file that does not describe a usable mapping.
public struct SessionMappingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var mapping: String
    public var problems: [String]

    public init(mapping: String, problems: [String]) {
        self.mapping = mapping
        self.problems = problems
    }

    public var description: String { "mapping \(mapping): " + problems.joined(separator: "; ") }
}

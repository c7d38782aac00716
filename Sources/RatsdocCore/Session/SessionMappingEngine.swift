import Foundation

/// Turns record elements (``XMLElementNode``) into typed session records by a ``SessionMapping``.
/// Values that do not fit their field's type become findings, never errors.
public struct SessionMappingEngine: Sendable {
    /// The kinds of top-level record a mapping can select.
    public enum RecordKind: String, Hashable, Sendable, CaseIterable {
        case meeting, paper, organization
    }

    /// Remembers results of the string work that repeats across records of one stream (result
    /// codes, vote counts, folded values). Bounded: cleared when it grows past `limit` entries.
    /// Not Sendable on purpose: one memo belongs to one stream on one thread.
    public final class Memo {
        let limit = 4096
        var codes: [String: String?] = [:]
        var votes: [String: VoteCount?] = [:]
        var folded: [String: String] = [:]

        public init() {}

        func code(_ raw: String, _ compute: () -> String?) -> String? {
            if let hit = codes[raw] { return hit }
            if codes.count >= limit { codes.removeAll(keepingCapacity: true) }
            let value = compute()
            codes[raw] = .some(value)
            return value
        }

        func voteCount(_ raw: String) -> VoteCount? {
            if let hit = votes[raw] { return hit }
            if votes.count >= limit { votes.removeAll(keepingCapacity: true) }
            let value = VoteCountParser.parse(raw)
            votes[raw] = .some(value)
            return value
        }

        func fold(_ raw: String) -> String {
            if let hit = folded[raw] { return hit }
            if folded.count >= limit { folded.removeAll(keepingCapacity: true) }
            let value = ValueVocabulary.fold(raw)
            folded[raw] = value
            return value
        }
    }

    public let mapping: SessionMapping
    public let results: ValueVocabulary
    public let roles: ValueVocabulary
    /// The mapping compiled once: paths as name ids, formats tokenized, folded value maps.
    let plan: Plan

    public init(mapping: SessionMapping, results: ValueVocabulary, roles: ValueVocabulary) {
        self.mapping = mapping
        self.results = results
        self.roles = roles
        self.plan = Plan(mapping)
    }

    /// The element and attribute names the mapping refers to. An ``XMLRecord`` passed to
    /// ``record(_:from:memo:)-(_,XMLRecord,_)`` must use index `i` of this list as the id of name
    /// `knownNames[i]`, and ids outside the list for every other name.
    public var knownNames: [String] { plan.names }

    /// The record element selectors, as element-name paths (suffixes of the path from the root).
    public var selectors: [(kind: RecordKind, path: [String])] {
        var selectors: [(RecordKind, [String])] = []
        func add(_ kind: RecordKind, _ rule: SessionMapping.RecordRule?) {
            guard let rule else { return }
            selectors.append((kind, rule.select.split(separator: "/").map(String.init)))
        }
        add(.meeting, mapping.records.meeting)
        add(.paper, mapping.records.paper)
        add(.organization, mapping.records.organization)
        return selectors
    }

    /// Maps one record element given as a tree. The findings carry the input line of the offending element.
    /// - Parameter memo: pass one ``Memo`` for all records of a stream to skip repeated string work.
    public func record(
        _ kind: RecordKind, from node: XMLElementNode, memo: Memo = Memo()
    ) -> (record: SessionRecord?, findings: [Finding]) {
        let names = plan.nameIDs
        var others: [String: Int32] = [:]
        let flat = XMLRecord(node) { name in
            if let id = names[name] { return id }
            if let id = others[name] { return id }
            let id = Int32(names.count + others.count)
            others[name] = id
            return id
        }
        return record(kind, from: flat, memo: memo)
    }

    /// Maps one flattened record element (names as ids of ``knownNames``). The findings carry the
    /// input line of the offending element.
    /// - Parameter memo: pass one ``Memo`` for all records of a stream to skip repeated string work.
    public func record(
        _ kind: RecordKind, from record: XMLRecord, memo: Memo = Memo()
    ) -> (record: SessionRecord?, findings: [Finding]) {
        guard !record.isEmpty else { return (nil, []) }
        switch kind {
        case .meeting:
            guard let rule = plan.meeting else { return (nil, []) }
            var reader = FieldReader(RecordContext(record, memo), node: 0, kind: "meeting", fields: rule.fields)
            let meeting = readMeeting(rule, &reader)
            return (.meeting(meeting), reader.findings)
        case .paper:
            guard let rule = plan.paper else { return (nil, []) }
            var reader = FieldReader(RecordContext(record, memo), node: 0, kind: "paper", fields: rule.fields)
            let paper = readPaper(rule, &reader)
            return (.paper(paper), reader.findings)
        case .organization:
            guard let rule = plan.organization else { return (nil, []) }
            var reader = FieldReader(RecordContext(record, memo), node: 0, kind: "organization", fields: rule.fields)
            let organization = Organization(
                id: reader.string(.id), name: reader.string(.name), shortName: reader.string(.shortName),
                organizationType: reader.string(.organizationType), classification: reader.string(.classification),
                web: reader.string(.web), deleted: reader.bool(.deleted))
            return (.organization(organization), reader.findings)
        }
    }

    private func readMeeting(_ rule: Plan.Rule, _ reader: inout FieldReader) -> Meeting {
        let start = reader.dateTime(.start)
        var meeting = Meeting(
            id: reader.string(.id), name: reader.string(.name), start: start, end: reader.dateTime(.end),
            date: start.flatMap { CalendarDate(iso: $0) }, organization: reader.strings(.organization),
            organizationId: reader.strings(.organizationId), meetingState: reader.string(.meetingState),
            cancelled: reader.bool(.cancelled), location: reader.string(.location), web: reader.string(.web))
        if let nested = rule.nested {
            let resultCodes = nested.fields[.result]?.codes
            let memo = reader.context.memo
            for itemNode in reader.context.record.matches(nested.select, from: reader.node) {
                var itemReader = FieldReader(reader.context, node: itemNode, kind: "agendaItem", fields: nested.fields)
                let result = itemReader.string(.result)
                let item = AgendaItem(
                    id: itemReader.string(.id), number: itemReader.string(.number), order: itemReader.int(.order),
                    name: itemReader.string(.name), public: itemReader.bool(.`public`),
                    paperId: itemReader.string(.paperId), paperReference: itemReader.string(.paperReference),
                    paperName: itemReader.string(.paperName), consultationId: itemReader.string(.consultationId),
                    result: result,
                    resultCode: result.flatMap { raw in
                        memo.code(raw) { code(for: raw, overrides: resultCodes, in: results) }
                    },
                    votes: result.flatMap(memo.voteCount), resolutionText: itemReader.string(.resolutionText),
                    start: itemReader.dateTime(.start), end: itemReader.dateTime(.end))
                meeting.agendaItems.append(item)
                if !itemReader.findings.isEmpty { reader.findings += itemReader.findings }
            }
        }
        return meeting
    }

    private func readPaper(_ rule: Plan.Rule, _ reader: inout FieldReader) -> SessionPaper {
        var paper = Paper(
            reference: reader.string(.reference), name: reader.string(.name), paperType: reader.string(.paperType),
            date: reader.date(.date), public: reader.bool(.`public`), leadDepartment: reader.string(.leadDepartment),
            fileNumber: reader.string(.fileNumber), author: reader.string(.author),
            responsible: reader.string(.responsible), summary: reader.string(.summary),
            decisionProposal: reader.string(.decisionProposal))
        var links: [ConsultationLink] = []
        if let nested = rule.nested {
            let roleCodes = nested.fields[.role]?.codes
            for consultationNode in reader.context.record.matches(nested.select, from: reader.node) {
                var consultationReader = FieldReader(
                    reader.context, node: consultationNode, kind: "consultation", fields: nested.fields)
                let rawRole = consultationReader.string(.role)
                let role = rawRole.flatMap { code(for: $0, overrides: roleCodes, in: roles) }
                paper.consultations.append(
                    Consultation(
                        date: consultationReader.date(.date), organization: consultationReader.string(.organization),
                        role: role, roleRaw: rawRole == role ? nil : rawRole,
                        agendaItemNumber: consultationReader.string(.agendaItemNumber),
                        public: consultationReader.bool(.`public`),
                        authoritative: consultationReader.bool(.authoritative) ?? false))
                links.append(
                    ConsultationLink(
                        id: consultationReader.string(.id), meetingId: consultationReader.string(.meetingId),
                        agendaItemId: consultationReader.string(.agendaItemId),
                        organizationId: consultationReader.strings(.organizationId)))
                if !consultationReader.findings.isEmpty { reader.findings += consultationReader.findings }
            }
        }
        return SessionPaper(
            id: reader.string(.id), deleted: reader.bool(.deleted), web: reader.string(.web), paper: paper,
            consultationLinks: links)
    }

    /// `overrides` are (folded raw text, code) pairs from the field's `codes`, checked first.
    private func code(for raw: String, overrides: [(folded: String, code: String)]?, in vocabulary: ValueVocabulary)
        -> String?
    {
        if let overrides, !overrides.isEmpty {
            let folded = ValueVocabulary.fold(raw)
            if let hit = overrides.first(where: { $0.folded == folded }) { return hit.code }
        }
        return vocabulary.code(for: raw)
    }
}

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

/// The fields any record kind can have (the union of ``SessionMapping/knownFields``).
enum FieldName: Int, CaseIterable, Sendable {
    case id, name, start, end, organization, organizationId, meetingState, cancelled, location, web
    case number, order, `public`, paperId, paperReference, paperName, consultationId, result, resolutionText
    case reference, paperType, date, leadDepartment, fileNumber, author, responsible, summary, decisionProposal
    case deleted, role, agendaItemNumber, authoritative, meetingId, agendaItemId, shortName, organizationType
    case classification

    /// The name as written in mapping files.
    var key: String { String(describing: self) }

    static let named: [String: FieldName] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.key, $0) })
}

/// What every field reader of one record shares.
final class RecordContext {
    let record: XMLRecord
    let memo: SessionMappingEngine.Memo

    init(_ record: XMLRecord, _ memo: SessionMappingEngine.Memo) {
        self.record = record
        self.memo = memo
    }
}

extension XMLRecord {
    /// Every element reached from `node` by `path`, in document order.
    func matches(_ path: SessionMappingEngine.Plan.Path, from node: Int32) -> [Int32] {
        var found: [Int32] = []
        forEachMatch(path, from: node) { found.append($0) }
        return found
    }

    /// Calls `body` with every element reached from `node` by `path`, in document order.
    func forEachMatch(_ path: SessionMappingEngine.Plan.Path, from node: Int32, _ body: (Int32) -> Void) {
        guard let steps = path.steps else {
            body(node)
            return
        }
        visit(steps, 0, node, body)
    }

    private func visit(_ steps: [Int32], _ depth: Int, _ node: Int32, _ body: (Int32) -> Void) {
        let step = steps[depth]
        let last = depth == steps.count - 1
        var child = firstChild(node)
        while child >= 0 {
            if step == SessionMappingEngine.Plan.Path.wildcard || name(child) == step {
                if last { body(child) } else { visit(steps, depth + 1, child, body) }
            }
            child = nextSibling(child)
        }
    }
}

/// Reads typed field values from one element of a flattened record by the compiled field rules;
/// collects findings.
struct FieldReader {
    typealias Field = SessionMappingEngine.Plan.Field
    typealias Path = SessionMappingEngine.Plan.Path
    let context: RecordContext
    let node: Int32
    let kind: String
    let fields: SessionMappingEngine.Plan.Fields
    var findings: [Finding] = []

    init(_ context: RecordContext, node: Int32, kind: String, fields: SessionMappingEngine.Plan.Fields) {
        self.context = context
        self.node = node
        self.kind = kind
        self.fields = fields
    }

    /// The cleaned value of one match of a path (attribute value or string value), or nil when
    /// the attribute is missing.
    private static func value(_ path: Path, of element: Int32, in record: XMLRecord) -> String? {
        if let attribute = path.attribute {
            guard let range = record.attribute(element, named: attribute) else { return nil }
            return cleanValue(record.bytes[range])
        }
        if let range = record.contiguousStringValue(element) { return cleanValue(record.bytes[range]) }
        var assembled: [UInt8] = []
        record.appendStringValue(element, to: &assembled)
        return cleanValue(assembled[...])
    }

    /// The first usable value of `path`: cleaned, not empty, not `ignore`d (unless `keepIgnored`).
    /// A single child step, the common case, is walked without building a list of matches.
    private func firstValue(_ path: Path, _ field: Field, skipUnusable: Bool) -> (value: String, line: Int)? {
        let record = context.record
        if let steps = path.steps, steps.count == 1, steps[0] != Path.wildcard {
            let step = steps[0]
            var child = record.firstChild(node)
            while child >= 0 {
                if record.name(child) == step, let value = Self.value(path, of: child, in: record) {
                    if !skipUnusable || !(value.isEmpty || field.ignore.contains(value)) {
                        return (value, record.line(child))
                    }
                }
                child = record.nextSibling(child)
            }
            return nil
        }
        for element in record.matches(path, from: node) {
            guard let value = Self.value(path, of: element, in: record) else { continue }
            if !skipUnusable || !(value.isEmpty || field.ignore.contains(value)) {
                return (value, record.line(element))
            }
        }
        return nil
    }

    /// The first value of a field before the `values` map: cleaned, empty and `ignore`d values
    /// dropped, `paths` joined, the default when nothing is left.
    private func firstRaw(_ field: Field) -> (value: String, line: Int)? {
        if field.joins {
            var joined: String?
            var line = context.record.line(node)
            for path in field.paths {
                // The first match of each path counts; an empty or ignored one drops that part.
                guard let (value, valueLine) = firstValue(path, field, skipUnusable: false) else { continue }
                if value.isEmpty || field.ignore.contains(value) { continue }
                if joined == nil { joined = value } else { joined? += field.join + value }
                line = valueLine
            }
            if let joined { return (joined, line) }
        } else if let path = field.paths.first, let found = firstValue(path, field, skipUnusable: true) {
            return found
        }
        return field.defaultValue.map { ($0, context.record.line(node)) }
    }

    /// Every value of a field (``firstRaw(_:)`` for all matches of `path`).
    private func allRaw(_ field: Field) -> [(value: String, line: Int)] {
        if field.joins { return firstRaw(field).map { [$0] } ?? [] }
        var found: [(value: String, line: Int)] = []
        if let path = field.paths.first {
            let record = context.record
            for element in record.matches(path, from: node) {
                guard let value = Self.value(path, of: element, in: record) else { continue }
                if value.isEmpty || field.ignore.contains(value) { continue }
                found.append((value, record.line(element)))
            }
        }
        if found.isEmpty, let fallback = field.defaultValue { found.append((fallback, context.record.line(node))) }
        return found
    }

    private func mapped(_ field: Field, _ value: String) -> String {
        guard let map = field.values else { return value }
        // Byte-equal keys first: hashing non-ASCII Strings normalizes them, comparing bytes does not.
        if let exact = field.valueList.first(where: { $0.key.utf8.elementsEqual(value.utf8) }) { return exact.value }
        if let exact = map[value] { return exact }
        let folded = context.memo.fold(value)
        return field.foldedValues.first(where: { $0.folded == folded })?.value ?? value
    }

    /// The first value of a field, cleaned, `ignore`d values dropped, `values` map applied.
    func first(_ name: FieldName) -> (value: String, line: Int)? {
        guard let field = fields[name], let (value, line) = firstRaw(field) else { return nil }
        return (mapped(field, value), line)
    }

    func string(_ name: FieldName) -> String? { first(name)?.value }

    func strings(_ name: FieldName) -> [String]? {
        guard let field = fields[name] else { return nil }
        let values = allRaw(field).map { mapped(field, $0.value) }
        return values.isEmpty ? nil : values
    }

    mutating func int(_ name: FieldName) -> Int? {
        guard let (value, line) = first(name) else { return nil }
        if let number = Int(value) { return number }
        let digits = value.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: " ", with: "")
        if let number = Int(digits) { return number }
        report(name, "is not a whole number", line)
        return nil
    }

    mutating func bool(_ name: FieldName) -> Bool? {
        guard let (value, line) = first(name) else { return nil }
        if value == "true" { return true }
        if value == "false" { return false }
        switch context.memo.fold(value) {
        case "true", "1", "ja", "yes", "j", "y", "ö", "öffentlich", "oeffentlich": return true
        case "false", "0", "nein", "no", "n", "nö", "nichtöffentlich", "nicht öffentlich", "nicht-öffentlich":
            return false
        default:
            report(name, "is not a yes/no value", line)
            return nil
        }
    }

    mutating func date(_ name: FieldName) -> CalendarDate? {
        guard let (value, line) = first(name) else { return nil }
        let field = fields[name]
        if let format = field?.format {
            if let parts = format.parse(value) { return parts.date }
        } else {
            for format in DateFormatHint.Compiled.defaultDates {
                if let parts = format.parse(value) { return parts.date }
            }
            if let iso = CalendarDate(iso: value) { return iso }
        }
        let formats = field?.formatPattern.map { [$0] } ?? ["yyyy-MM-dd", "dd.MM.yyyy"]
        report(name, "does not match the date format \(formats.joined(separator: " or "))", line)
        return nil
    }

    /// An ISO date-time string: as written when the source is already ISO, else built from the format.
    mutating func dateTime(_ name: FieldName) -> String? {
        guard let (value, line) = first(name) else { return nil }
        let field = fields[name]
        if let format = field?.format {
            if let parts = format.parse(value) { return parts.isoDateTime }
        } else {
            if CalendarDate(iso: value) != nil { return value }
            for format in DateFormatHint.Compiled.defaultDateTimes {
                if let parts = format.parse(value) { return parts.isoDateTime }
            }
        }
        report(
            name, "does not match the date-time format \(field?.formatPattern ?? "ISO 8601 or dd.MM.yyyy HH:mm")", line)
        return nil
    }

    private mutating func report(_ name: FieldName, _ problem: String, _ line: Int) {
        findings.append(
            Finding(severity: .warning, code: .unparsableValue, message: "\(kind).\(name.key) \(problem)", line: line))
    }

    /// ``clean(_:)`` of UTF-8 bytes: decoded once, without a pass through String when the bytes are
    /// already clean (the common case).
    static func cleanValue(_ bytes: ArraySlice<UInt8>) -> String {
        let ready = bytes.withUnsafeBufferPointer { isCleanAndNormalized($0) }
        let text = String(decoding: bytes, as: UTF8.self)
        return ready ? text : clean(text)
    }

    /// True when ``clean(_:)`` would return the text unchanged: ``isClean(_:)`` and not
    /// ``needsNormalization(_:)``, decided on UTF-8 bytes.
    static func isCleanAndNormalized(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previousSpace = true
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x7F { return false }
            if byte >= 0x80 {
                // U+0080...U+00A0 and U+00AD are C2 80...C2 A0 and C2 AD; U+0300 and above start at CC.
                if byte >= 0xCC { return false }
                if byte == 0xC2, index + 1 < count, bytes[index + 1] <= 0xA0 || bytes[index + 1] == 0xAD {
                    return false
                }
            }
            let isSpace = byte == 0x20
            if isSpace, previousSpace { return false }
            previousSpace = isSpace
            index += 1
        }
        return !previousSpace || count == 0
    }

    /// True when the text has no leading, trailing, doubled or non-space whitespace.
    static func isClean(_ text: String) -> Bool {
        var previousSpace = true
        for byte in text.utf8 {
            if byte == 0x09 || byte == 0x0A || byte == 0x0D { return false }
            let isSpace = byte == 0x20
            if isSpace, previousSpace { return false }
            previousSpace = isSpace
        }
        return !previousSpace || text.isEmpty
    }

    /// False when TextNormalizer would return the text unchanged: no control characters, no
    /// NBSP or soft hyphen, and only scalars below U+0300 (which are all NFC and combine with
    /// nothing). Saves the NFC pass for the common Latin-1 text of German exports.
    static func needsNormalization(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || (0x7F...0xA0).contains(value) || value == 0xAD || value >= 0x300 { return true }
        }
        return false
    }

    /// Normalized text (TextNormalizer), whitespace runs folded to one space, trimmed.
    static func clean(_ text: String) -> String {
        let normalized = needsNormalization(text) ? TextNormalizer.normalize(text) : text
        if isClean(normalized) { return normalized }
        // TextNormalizer turned every Unicode space into U+0020 and line breaks into spaces;
        // what is left to fold are ASCII spaces and tabs, so work on UTF-8 bytes.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(normalized.utf8.count)
        var pendingSpace = false
        var changed = false
        for byte in normalized.utf8 {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if !pendingSpace, !bytes.isEmpty, byte == 0x20 {
                    pendingSpace = true
                } else {
                    changed = true
                    pendingSpace = !bytes.isEmpty
                }
            } else {
                if pendingSpace { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(byte)
            }
        }
        if pendingSpace { changed = true }
        if !changed, bytes.count == normalized.utf8.count { return normalized }
        return String(decoding: bytes, as: UTF8.self)
    }
}

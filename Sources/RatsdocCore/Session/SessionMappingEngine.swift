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

    public init(mapping: SessionMapping, results: ValueVocabulary, roles: ValueVocabulary) {
        self.mapping = mapping
        self.results = results
        self.roles = roles
    }

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

    /// Maps one record element. The findings carry the input line of the offending element.
    /// - Parameter memo: pass one ``Memo`` for all records of a stream to skip repeated string work.
    public func record(
        _ kind: RecordKind, from node: XMLElementNode, memo: Memo = Memo()
    ) -> (record: SessionRecord?, findings: [Finding]) {
        var reader = FieldReader(node: node, kind: kind.rawValue, memo: memo)
        switch kind {
        case .meeting:
            guard let rule = mapping.records.meeting else { return (nil, []) }
            let meeting = readMeeting(rule, &reader)
            return (.meeting(meeting), reader.findings)
        case .paper:
            guard let rule = mapping.records.paper else { return (nil, []) }
            let paper = readPaper(rule, &reader)
            return (.paper(paper), reader.findings)
        case .organization:
            guard let rule = mapping.records.organization else { return (nil, []) }
            reader.fields = rule.fields
            let organization = Organization(
                id: reader.string("id"), name: reader.string("name"), shortName: reader.string("shortName"),
                organizationType: reader.string("organizationType"), classification: reader.string("classification"),
                web: reader.string("web"), deleted: reader.bool("deleted"))
            return (.organization(organization), reader.findings)
        }
    }

    private func readMeeting(_ rule: SessionMapping.RecordRule, _ reader: inout FieldReader) -> Meeting {
        reader.fields = rule.fields
        let start = reader.dateTime("start")
        var meeting = Meeting(
            id: reader.string("id"), name: reader.string("name"), start: start, end: reader.dateTime("end"),
            date: start.flatMap { CalendarDate(iso: $0) }, organization: reader.strings("organization"),
            organizationId: reader.strings("organizationId"), meetingState: reader.string("meetingState"),
            cancelled: reader.bool("cancelled"), location: reader.string("location"), web: reader.string("web"))
        if let nested = rule.agendaItems {
            for itemNode in reader.node.elements(at: nested.select) {
                var itemReader = FieldReader(node: itemNode, kind: "agendaItem", fields: nested.fields, memo: reader.memo)
                let result = itemReader.string("result")
                let item = AgendaItem(
                    id: itemReader.string("id"), number: itemReader.string("number"), order: itemReader.int("order"),
                    name: itemReader.string("name"), public: itemReader.bool("public"),
                    paperId: itemReader.string("paperId"), paperReference: itemReader.string("paperReference"),
                    paperName: itemReader.string("paperName"), consultationId: itemReader.string("consultationId"),
                    result: result,
                    resultCode: result.flatMap { raw in
                        reader.memo.code(raw) { code(for: raw, overrides: nested.fields["result"]?.codes, in: results) }
                    },
                    votes: result.flatMap(reader.memo.voteCount), resolutionText: itemReader.string("resolutionText"),
                    start: itemReader.dateTime("start"), end: itemReader.dateTime("end"))
                meeting.agendaItems.append(item)
                reader.findings += itemReader.findings
            }
        }
        return meeting
    }

    private func readPaper(_ rule: SessionMapping.RecordRule, _ reader: inout FieldReader) -> SessionPaper {
        reader.fields = rule.fields
        var paper = Paper(
            reference: reader.string("reference"), name: reader.string("name"), paperType: reader.string("paperType"),
            date: reader.date("date"), public: reader.bool("public"), leadDepartment: reader.string("leadDepartment"),
            fileNumber: reader.string("fileNumber"), author: reader.string("author"),
            responsible: reader.string("responsible"), summary: reader.string("summary"),
            decisionProposal: reader.string("decisionProposal"))
        var links: [ConsultationLink] = []
        if let nested = rule.consultations {
            for consultationNode in reader.node.elements(at: nested.select) {
                var consultationReader = FieldReader(
                    node: consultationNode, kind: "consultation", fields: nested.fields, memo: reader.memo)
                let rawRole = consultationReader.string("role")
                let role = rawRole.flatMap { code(for: $0, overrides: nested.fields["role"]?.codes, in: roles) }
                paper.consultations.append(
                    Consultation(
                        date: consultationReader.date("date"), organization: consultationReader.string("organization"),
                        role: role, roleRaw: rawRole == role ? nil : rawRole,
                        agendaItemNumber: consultationReader.string("agendaItemNumber"),
                        public: consultationReader.bool("public"),
                        authoritative: consultationReader.bool("authoritative") ?? false))
                links.append(
                    ConsultationLink(
                        id: consultationReader.string("id"), meetingId: consultationReader.string("meetingId"),
                        agendaItemId: consultationReader.string("agendaItemId"),
                        organizationId: consultationReader.strings("organizationId")))
                reader.findings += consultationReader.findings
            }
        }
        return SessionPaper(
            id: reader.string("id"), deleted: reader.bool("deleted"), web: reader.string("web"), paper: paper,
            consultationLinks: links)
    }

    private func code(for raw: String, overrides: [String: String]?, in vocabulary: ValueVocabulary) -> String? {
        if let overrides {
            let folded = ValueVocabulary.fold(raw)
            if let hit = overrides.first(where: { ValueVocabulary.fold($0.key) == folded }) { return hit.value }
        }
        return vocabulary.code(for: raw)
    }
}

/// Reads typed field values from one element by the field rules; collects findings.
struct FieldReader {
    let node: XMLElementNode
    let kind: String
    var fields: [String: SessionMapping.FieldRule] = [:]
    var findings: [Finding] = []
    let memo: SessionMappingEngine.Memo

    init(
        node: XMLElementNode, kind: String, fields: [String: SessionMapping.FieldRule] = [:],
        memo: SessionMappingEngine.Memo
    ) {
        self.node = node
        self.kind = kind
        self.fields = fields
        self.memo = memo
    }

    /// All values of a field, cleaned, `ignore`d values dropped, `values` map applied.
    func rawValues(_ name: String) -> [(value: String, line: Int)] {
        guard let rule = fields[name] else { return [] }
        var found: [(String, Int)] = []
        if let paths = rule.paths, !paths.isEmpty {
            var parts: [String] = []
            var line = node.line
            for path in paths {
                guard let first = node.values(at: path).first else { continue }
                let value = Self.clean(first.value)
                if value.isEmpty || (rule.ignore ?? []).contains(value) { continue }
                parts.append(value)
                line = first.line
            }
            if !parts.isEmpty { found.append((parts.joined(separator: rule.join ?? "."), line)) }
        } else if let path = rule.path {
            for match in node.values(at: path) {
                let value = Self.clean(match.value)
                if value.isEmpty || (rule.ignore ?? []).contains(value) { continue }
                found.append((value, match.line))
            }
        }
        if found.isEmpty, let fallback = rule.default { found.append((fallback, node.line)) }
        if let map = rule.values {
            found = found.map { value, line in
                if let exact = map[value] { return (exact, line) }
                let folded = memo.fold(value)
                return (map.first(where: { memo.fold($0.key) == folded })?.value ?? value, line)
            }
        }
        return found
    }

    func string(_ name: String) -> String? { rawValues(name).first?.value }

    func strings(_ name: String) -> [String]? {
        let values = rawValues(name).map(\.value)
        return values.isEmpty ? nil : values
    }

    mutating func int(_ name: String) -> Int? {
        guard let (value, line) = rawValues(name).first else { return nil }
        if let number = Int(value) { return number }
        let digits = value.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: " ", with: "")
        if let number = Int(digits) { return number }
        report(name, "is not a whole number", line)
        return nil
    }

    mutating func bool(_ name: String) -> Bool? {
        guard let (value, line) = rawValues(name).first else { return nil }
        if value == "true" { return true }
        if value == "false" { return false }
        switch memo.fold(value) {
        case "true", "1", "ja", "yes", "j", "y", "ö", "öffentlich", "oeffentlich": return true
        case "false", "0", "nein", "no", "n", "nö", "nichtöffentlich", "nicht öffentlich", "nicht-öffentlich": return false
        default:
            report(name, "is not a yes/no value", line)
            return nil
        }
    }

    mutating func date(_ name: String) -> CalendarDate? {
        guard let (value, line) = rawValues(name).first else { return nil }
        let formats = fields[name]?.format.map { [$0] } ?? ["yyyy-MM-dd", "dd.MM.yyyy"]
        for format in formats {
            if let parts = DateFormatHint(format).parse(value) { return parts.date }
        }
        if fields[name]?.format == nil, let iso = CalendarDate(iso: value) { return iso }
        report(name, "does not match the date format \(formats.joined(separator: " or "))", line)
        return nil
    }

    /// An ISO date-time string: as written when the source is already ISO, else built from the format.
    mutating func dateTime(_ name: String) -> String? {
        guard let (value, line) = rawValues(name).first else { return nil }
        if let format = fields[name]?.format {
            if let parts = DateFormatHint(format).parse(value) { return parts.isoDateTime }
        } else {
            if CalendarDate(iso: value) != nil { return value }
            for format in ["dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "dd.MM.yyyy"] {
                if let parts = DateFormatHint(format).parse(value) { return parts.isoDateTime }
            }
        }
        report(name, "does not match the date-time format \(fields[name]?.format ?? "ISO 8601 or dd.MM.yyyy HH:mm")", line)
        return nil
    }

    private mutating func report(_ name: String, _ problem: String, _ line: Int) {
        findings.append(
            Finding(severity: .warning, code: "unparsableValue", message: "\(kind).\(name) \(problem)", line: line))
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

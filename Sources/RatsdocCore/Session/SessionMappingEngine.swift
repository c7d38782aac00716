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

/// The normalized record for one council document (the JSON contract, schema version 1).
/// Field names follow OParl where OParl has the concept. Optional fields that are nil, and
/// empty strings, are left out of the JSON: absent means absent.
public struct PaperDocument: Sendable, Codable {
    public static let schemaVersion = "1"

    public enum Status: String, Sendable, Codable {
        /// Every required field was found.
        case success
        /// The document was read, but some fields are missing or uncertain (see `findings`).
        case partial
        /// The document could not be read at all.
        case failure
    }

    public var schemaVersion: String
    public var source: SourceInfo
    public var status: Status
    /// The profile that parsed the document, e.g. `aachen-allris`.
    public var profile: String?
    /// The profile's match score (0…1) from classification.
    public var profileScore: Double?
    public var paper: Paper?
    public var findings: [Finding]
    /// JSON pointer of a field (`/paper/reference`) → where on which page it was read.
    public var provenance: [String: Provenance]

    public init(
        source: SourceInfo, status: Status, profile: String?, profileScore: Double?, paper: Paper?,
        findings: [Finding], provenance: [String: Provenance]
    ) {
        self.schemaVersion = Self.schemaVersion
        self.source = source
        self.status = status
        self.profile = profile
        self.profileScore = profileScore
        self.paper = paper
        self.findings = findings
        self.provenance = provenance
    }
}

/// Where a value was read: page (1-based) and box (top-left origin, points; nil for text input).
public struct Provenance: Hashable, Sendable, Codable {
    public var page: Int
    public var bbox: BoundingBox?

    public init(page: Int, bbox: BoundingBox?) {
        self.page = page
        self.bbox = bbox
    }
}

/// A Vorlage / Drucksache (OParl `Paper`).
public struct Paper: Hashable, Sendable, Codable {
    /// "FB 11/0298/WP17", "2026/0061".
    public var reference: String?
    /// The parts of the reference as the profile's pattern names them (office, serial, term, year...).
    public var referenceParts: [String: String]?
    /// The title.
    public var name: String?
    /// "Vorlage", "Beschlussvorlage", "Mitteilungsvorlage"...
    public var paperType: String?
    public var date: CalendarDate?
    public var `public`: Bool?
    /// Federführende Dienststelle (Aachen) / Dienststelle (Karlsruhe).
    public var leadDepartment: String?
    public var participatingDepartments: [String]?
    /// Aktenzeichen (AZ).
    public var fileNumber: String?
    /// Verfasser.
    public var author: String?
    /// Verantwortlich (Karlsruhe), e.g. "Dez. 3".
    public var responsible: String?
    /// The Beratungsfolge: one entry per committee × date.
    public var consultations: [Consultation]
    /// Kurzfassung (Karlsruhe).
    public var summary: String?
    /// Beschlussvorschlag / Antrag an den Gemeinderat, paragraphs separated by a blank line.
    public var decisionProposal: String?
    public var financialImpact: FinancialImpact?
    /// Erläuterungen / Begründung, paragraphs separated by a blank line.
    public var explanation: String?
    public var attachments: [String]?

    public init(
        reference: String? = nil, referenceParts: [String: String]? = nil, name: String? = nil,
        paperType: String? = nil, date: CalendarDate? = nil, public: Bool? = nil, leadDepartment: String? = nil,
        participatingDepartments: [String]? = nil, fileNumber: String? = nil, author: String? = nil,
        responsible: String? = nil, consultations: [Consultation] = [], summary: String? = nil,
        decisionProposal: String? = nil, financialImpact: FinancialImpact? = nil, explanation: String? = nil,
        attachments: [String]? = nil
    ) {
        self.reference = reference
        self.referenceParts = referenceParts
        self.name = name
        self.paperType = paperType
        self.date = date
        self.public = `public`
        self.leadDepartment = leadDepartment
        self.participatingDepartments = participatingDepartments
        self.fileNumber = fileNumber
        self.author = author
        self.responsible = responsible
        self.consultations = consultations
        self.summary = summary
        self.decisionProposal = decisionProposal
        self.financialImpact = financialImpact
        self.explanation = explanation
        self.attachments = attachments
    }
}

extension Paper {
    enum CodingKeys: String, CodingKey {
        case reference, referenceParts, name, paperType, date, `public`, leadDepartment, participatingDepartments
        case fileNumber, author, responsible, consultations, summary, decisionProposal, financialImpact
        case explanation, attachments
    }

    /// Writes absent and empty values as absent keys: the contract never emits empty strings or lists.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(reference.nonEmpty, forKey: .reference)
        let parts = referenceParts?.filter { !$0.value.isEmpty }
        if let parts, !parts.isEmpty { try container.encode(parts, forKey: .referenceParts) }
        try container.encodeIfPresent(name.nonEmpty, forKey: .name)
        try container.encodeIfPresent(paperType.nonEmpty, forKey: .paperType)
        try container.encodeIfPresent(date, forKey: .date)
        try container.encodeIfPresent(`public`, forKey: .public)
        try container.encodeIfPresent(leadDepartment.nonEmpty, forKey: .leadDepartment)
        let departments = participatingDepartments?.filter { !$0.isEmpty }
        if let departments, !departments.isEmpty {
            try container.encode(departments, forKey: .participatingDepartments)
        }
        try container.encodeIfPresent(fileNumber.nonEmpty, forKey: .fileNumber)
        try container.encodeIfPresent(author.nonEmpty, forKey: .author)
        try container.encodeIfPresent(responsible.nonEmpty, forKey: .responsible)
        try container.encode(consultations, forKey: .consultations)
        try container.encodeIfPresent(summary.nonEmpty, forKey: .summary)
        try container.encodeIfPresent(decisionProposal.nonEmpty, forKey: .decisionProposal)
        try container.encodeIfPresent(financialImpact, forKey: .financialImpact)
        try container.encodeIfPresent(explanation.nonEmpty, forKey: .explanation)
        let items = attachments?.filter { !$0.isEmpty }
        if let items, !items.isEmpty { try container.encode(items, forKey: .attachments) }
    }
}

/// One Beratungsfolge entry: a committee treating the paper on one date (OParl `Consultation`,
/// plus the date, which OParl keeps on the meeting).
public struct Consultation: Hashable, Sendable, Codable {
    public var date: CalendarDate?
    /// The committee (Gremium) as printed, whitespace and hyphenation repaired.
    public var organization: String?
    /// The normalized role: Anhörung, Vorberatung, Entscheidung, Kenntnisnahme, Beratung, ...
    public var role: String?
    /// The role as printed, when it differs from `role`.
    public var roleRaw: String?
    /// TOP number, when the table has one.
    public var agendaItemNumber: String?
    /// Ö / N column: true for öffentlich.
    public var `public`: Bool?
    /// True when this consultation takes the decision (the deciding role).
    public var authoritative: Bool
    /// The result printed in the Beratungsfolge (an "Ergebnis" column: "vorberaten",
    /// "Mehrheitlich zugestimmt"), as printed.
    public var result: String?
    /// `result` mapped through `Pipelines/vocabulary/results.yml`, the vocabulary the OParl reader uses.
    public var resultCode: String?

    public init(
        date: CalendarDate? = nil, organization: String? = nil, role: String? = nil, roleRaw: String? = nil,
        agendaItemNumber: String? = nil, public: Bool? = nil, authoritative: Bool = false, result: String? = nil,
        resultCode: String? = nil
    ) {
        self.date = date
        self.organization = organization
        self.role = role
        self.roleRaw = roleRaw
        self.agendaItemNumber = agendaItemNumber
        self.public = `public`
        self.authoritative = authoritative
        self.result = result
        self.resultCode = resultCode
    }

    enum CodingKeys: String, CodingKey {
        case date, organization, role, roleRaw, agendaItemNumber, `public`, authoritative, result, resultCode
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // The contract keeps these keys present with null when unknown.
        try container.encode(date, forKey: .date)
        try container.encodeIfPresent(organization.nonEmpty, forKey: .organization)
        try container.encodeIfPresent(role.nonEmpty, forKey: .role)
        try container.encodeIfPresent(roleRaw.nonEmpty, forKey: .roleRaw)
        try container.encode(agendaItemNumber.nonEmpty, forKey: .agendaItemNumber)
        try container.encode(`public`, forKey: .public)
        try container.encode(authoritative, forKey: .authoritative)
        try container.encodeIfPresent(result.nonEmpty, forKey: .result)
        try container.encodeIfPresent(resultCode.nonEmpty, forKey: .resultCode)
    }
}

/// Finanzielle Auswirkungen.
public struct FinancialImpact: Hashable, Sendable, Codable {
    /// JA/NEIN from an X mark or ☐/☒; nil when no mark could be read.
    public var hasImpact: Bool?
    public var tables: [FinancialTable]
    /// Labelled amounts of a finance form ("Gesamtkosten: 480.000 €").
    public var figures: [FinancialFigure]
    /// The ticked options of a finance form ("☒ Investition" → "Investition").
    public var checkedOptions: [String]

    public init(
        hasImpact: Bool?, tables: [FinancialTable] = [], figures: [FinancialFigure] = [], checkedOptions: [String] = []
    ) {
        self.hasImpact = hasImpact
        self.tables = tables
        self.figures = figures
        self.checkedOptions = checkedOptions
    }

    enum CodingKeys: String, CodingKey { case hasImpact, tables, figures, checkedOptions }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        hasImpact = try container.decodeIfPresent(Bool.self, forKey: .hasImpact)
        tables = try container.decodeIfPresent([FinancialTable].self, forKey: .tables) ?? []
        figures = try container.decodeIfPresent([FinancialFigure].self, forKey: .figures) ?? []
        checkedOptions = try container.decodeIfPresent([String].self, forKey: .checkedOptions) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hasImpact, forKey: .hasImpact)
        try container.encode(tables, forKey: .tables)
        if !figures.isEmpty { try container.encode(figures, forKey: .figures) }
        if !checkedOptions.isEmpty { try container.encode(checkedOptions, forKey: .checkedOptions) }
    }
}

/// One labelled amount of a finance form, label as printed without its colon.
public struct FinancialFigure: Hashable, Sendable, Codable {
    public var label: String
    public var amount: Amount

    public init(label: String, amount: Amount) {
        self.label = label
        self.amount = amount
    }
}

/// A year-column finance table: column headers as printed (de-hyphenated), and one row per label.
public struct FinancialTable: Hashable, Sendable, Codable {
    public var columns: [String]
    public var rows: [FinancialRow]

    public init(columns: [String], rows: [FinancialRow]) {
        self.columns = columns
        self.rows = rows
    }
}

public struct FinancialRow: Hashable, Sendable, Codable {
    /// The row label as printed ("Personal-/ Sachaufwand").
    public var label: String
    /// One value per value column; nil where the cell is empty or holds text.
    public var values: [Amount?]
    /// Cells that hold text instead of an amount, by column index (e.g. "Deckung ist gegeben").
    public var notes: [String: String]?

    public init(label: String, values: [Amount?], notes: [String: String]? = nil) {
        self.label = label
        self.values = values
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey { case label, values, notes }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(label, forKey: .label)
        var values = container.nestedUnkeyedContainer(forKey: .values)
        for value in self.values {
            if let value { try values.encode(value) } else { try values.encodeNil() }
        }
        if let notes, !notes.isEmpty { try container.encode(notes, forKey: .notes) }
    }
}

extension Optional where Wrapped == String {
    /// nil for nil and for the empty string: the contract never emits empty strings.
    var nonEmpty: String? {
        switch self {
        case .some(let value) where !value.isEmpty: value
        default: nil
        }
    }
}

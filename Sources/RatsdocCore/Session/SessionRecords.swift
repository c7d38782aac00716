/// Typed session records (Sitzung, TOP, Gremium, Vorlage) read from vendor XML exports and
/// OParl JSON. Field names follow OParl. Optional fields that are nil, empty strings and empty
/// arrays are left out of the JSON.

/// A Sitzung (OParl `Meeting`).
public struct Meeting: Hashable, Sendable, Codable {
    /// The OParl URL or the vendor's id (ALLRIS `silfdnr`).
    public var id: String?
    public var name: String?
    /// Start as written by the source, ISO 8601 (`2026-04-28T17:00:00+02:00`, or without zone for
    /// vendor XML that gives none).
    public var start: String?
    public var end: String?
    /// The calendar date of `start`, as written (no zone conversion).
    public var date: CalendarDate?
    /// Gremium names; resolved from `organizationId` when the input has the Organization objects.
    public var organization: [String]?
    /// The organization URLs or ids as given.
    public var organizationId: [String]?
    /// terminiert / eingeladen / durchgeführt...
    public var meetingState: String?
    public var cancelled: Bool?
    /// Room or address.
    public var location: String?
    public var web: String?
    public var deleted: Bool?
    /// Tagesordnungspunkte, in order.
    public var agendaItems: [AgendaItem]

    public init(
        id: String? = nil, name: String? = nil, start: String? = nil, end: String? = nil, date: CalendarDate? = nil,
        organization: [String]? = nil, organizationId: [String]? = nil, meetingState: String? = nil,
        cancelled: Bool? = nil, location: String? = nil, web: String? = nil, deleted: Bool? = nil,
        agendaItems: [AgendaItem] = []
    ) {
        self.id = id
        self.name = name
        self.start = start
        self.end = end
        self.date = date
        self.organization = organization
        self.organizationId = organizationId
        self.meetingState = meetingState
        self.cancelled = cancelled
        self.location = location
        self.web = web
        self.deleted = deleted
        self.agendaItems = agendaItems
    }

    enum CodingKeys: String, CodingKey {
        case id, name, start, end, date, organization, organizationId, meetingState, cancelled, location, web
        case deleted, agendaItems
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id.nonEmpty, forKey: .id)
        try container.encodeIfPresent(name.nonEmpty, forKey: .name)
        try container.encodeIfPresent(start.nonEmpty, forKey: .start)
        try container.encodeIfPresent(end.nonEmpty, forKey: .end)
        try container.encodeIfPresent(date, forKey: .date)
        try container.encodeIfPresent(organization.nonEmptyStrings, forKey: .organization)
        try container.encodeIfPresent(organizationId.nonEmptyStrings, forKey: .organizationId)
        try container.encodeIfPresent(meetingState.nonEmpty, forKey: .meetingState)
        try container.encodeIfPresent(cancelled, forKey: .cancelled)
        try container.encodeIfPresent(location.nonEmpty, forKey: .location)
        try container.encodeIfPresent(web.nonEmpty, forKey: .web)
        try container.encodeIfPresent(deleted, forKey: .deleted)
        try container.encode(agendaItems, forKey: .agendaItems)
    }
}

/// A Tagesordnungspunkt (OParl `AgendaItem`), with the result normalized.
public struct AgendaItem: Hashable, Sendable, Codable {
    public var id: String?
    /// The printed number: "10.", "14.1", "C". May be empty in the source.
    public var number: String?
    /// Position in the meeting as the source gives it (OParl 1.1 `order`; not always 0-based).
    public var order: Int?
    /// The subject.
    public var name: String?
    public var `public`: Bool?
    /// The Vorlage treated: vendor id or OParl Paper URL.
    public var paperId: String?
    /// The Vorlage number ("2026/0061"), from the source or resolved through the consultation.
    public var paperReference: String?
    /// The Vorlage title, when the export gives it.
    public var paperName: String?
    /// OParl `consultation` URL.
    public var consultationId: String?
    /// The result as written ("ungeändert beschlossen", "10 Ja-Stimmen, 13 Nein-Stimmen...").
    public var result: String?
    /// The normalized result code (see `Pipelines/vocabulary/results.yml`), nil when unknown.
    public var resultCode: String?
    /// Vote counts parsed from `result`, when it gives them.
    public var votes: VoteCount?
    public var resolutionText: String?
    public var start: String?
    public var end: String?
    public var deleted: Bool?

    public init(
        id: String? = nil, number: String? = nil, order: Int? = nil, name: String? = nil, public: Bool? = nil,
        paperId: String? = nil, paperReference: String? = nil, paperName: String? = nil,
        consultationId: String? = nil, result: String? = nil, resultCode: String? = nil, votes: VoteCount? = nil,
        resolutionText: String? = nil, start: String? = nil, end: String? = nil, deleted: Bool? = nil
    ) {
        self.id = id
        self.number = number
        self.order = order
        self.name = name
        self.public = `public`
        self.paperId = paperId
        self.paperReference = paperReference
        self.paperName = paperName
        self.consultationId = consultationId
        self.result = result
        self.resultCode = resultCode
        self.votes = votes
        self.resolutionText = resolutionText
        self.start = start
        self.end = end
        self.deleted = deleted
    }

    enum CodingKeys: String, CodingKey {
        case id, number, order, name, `public`, paperId, paperReference, paperName, consultationId, result
        case resultCode, votes, resolutionText, start, end, deleted
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id.nonEmpty, forKey: .id)
        try container.encodeIfPresent(number.nonEmpty, forKey: .number)
        try container.encodeIfPresent(order, forKey: .order)
        try container.encodeIfPresent(name.nonEmpty, forKey: .name)
        try container.encodeIfPresent(`public`, forKey: .public)
        try container.encodeIfPresent(paperId.nonEmpty, forKey: .paperId)
        try container.encodeIfPresent(paperReference.nonEmpty, forKey: .paperReference)
        try container.encodeIfPresent(paperName.nonEmpty, forKey: .paperName)
        try container.encodeIfPresent(consultationId.nonEmpty, forKey: .consultationId)
        try container.encodeIfPresent(result.nonEmpty, forKey: .result)
        try container.encodeIfPresent(resultCode.nonEmpty, forKey: .resultCode)
        try container.encodeIfPresent(votes, forKey: .votes)
        try container.encodeIfPresent(resolutionText.nonEmpty, forKey: .resolutionText)
        try container.encodeIfPresent(start.nonEmpty, forKey: .start)
        try container.encodeIfPresent(end.nonEmpty, forKey: .end)
        try container.encodeIfPresent(deleted, forKey: .deleted)
    }
}

/// Vote counts read from a result text. Counts the text does not give stay nil.
public struct VoteCount: Hashable, Sendable, Codable {
    public var yes: Int?
    public var no: Int?
    public var abstain: Int?
    /// True when the text says "einstimmig" / "Einstimmige Zustimmung".
    public var unanimous: Bool?

    public init(yes: Int? = nil, no: Int? = nil, abstain: Int? = nil, unanimous: Bool? = nil) {
        self.yes = yes
        self.no = no
        self.abstain = abstain
        self.unanimous = unanimous
    }
}

/// A Gremium, Fraktion or Dienststelle (OParl `Organization`).
public struct Organization: Hashable, Sendable, Codable {
    public var id: String?
    public var name: String?
    public var shortName: String?
    public var organizationType: String?
    public var classification: String?
    public var web: String?
    public var deleted: Bool?

    public init(
        id: String? = nil, name: String? = nil, shortName: String? = nil, organizationType: String? = nil,
        classification: String? = nil, web: String? = nil, deleted: Bool? = nil
    ) {
        self.id = id
        self.name = name
        self.shortName = shortName
        self.organizationType = organizationType
        self.classification = classification
        self.web = web
        self.deleted = deleted
    }

    enum CodingKeys: String, CodingKey { case id, name, shortName, organizationType, classification, web, deleted }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id.nonEmpty, forKey: .id)
        try container.encodeIfPresent(name.nonEmpty, forKey: .name)
        try container.encodeIfPresent(shortName.nonEmpty, forKey: .shortName)
        try container.encodeIfPresent(organizationType.nonEmpty, forKey: .organizationType)
        try container.encodeIfPresent(classification.nonEmpty, forKey: .classification)
        try container.encodeIfPresent(web.nonEmpty, forKey: .web)
        try container.encodeIfPresent(deleted, forKey: .deleted)
    }
}

/// A Vorlage as a session source gives it: the core ``Paper`` (with its consultations) plus the
/// identifiers OParl or the vendor export attach to it.
public struct SessionPaper: Hashable, Sendable, Codable {
    /// OParl URL or vendor id (ALLRIS `volfdnr`).
    public var id: String?
    /// True for a soft-deleted (or depublished) paper; such papers usually carry nothing else.
    public var deleted: Bool?
    public var web: String?
    /// Federführung as given (OParl `underDirectionOf`, either spelling); the first resolved name is `paper.leadDepartment`.
    public var underDirectionOf: [String]?
    public var paper: Paper
    /// One entry per `paper.consultations` element, same order: the identifiers behind it.
    public var consultationLinks: [ConsultationLink]
    /// Main and auxiliary files.
    public var files: [SessionFile]

    public init(
        id: String? = nil, deleted: Bool? = nil, web: String? = nil, underDirectionOf: [String]? = nil,
        paper: Paper = Paper(), consultationLinks: [ConsultationLink] = [], files: [SessionFile] = []
    ) {
        self.id = id
        self.deleted = deleted
        self.web = web
        self.underDirectionOf = underDirectionOf
        self.paper = paper
        self.consultationLinks = consultationLinks
        self.files = files
    }

    enum CodingKeys: String, CodingKey { case id, deleted, web, underDirectionOf, paper, consultationLinks, files }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id.nonEmpty, forKey: .id)
        try container.encodeIfPresent(deleted, forKey: .deleted)
        try container.encodeIfPresent(web.nonEmpty, forKey: .web)
        try container.encodeIfPresent(underDirectionOf.nonEmptyStrings, forKey: .underDirectionOf)
        try container.encode(paper, forKey: .paper)
        try container.encode(consultationLinks, forKey: .consultationLinks)
        try container.encode(files, forKey: .files)
    }
}

/// The identifiers behind one consultation: OParl URLs or vendor ids.
public struct ConsultationLink: Hashable, Sendable, Codable {
    public var id: String?
    public var meetingId: String?
    public var agendaItemId: String?
    public var organizationId: [String]?

    public init(
        id: String? = nil, meetingId: String? = nil, agendaItemId: String? = nil, organizationId: [String]? = nil
    ) {
        self.id = id
        self.meetingId = meetingId
        self.agendaItemId = agendaItemId
        self.organizationId = organizationId
    }

    enum CodingKeys: String, CodingKey { case id, meetingId, agendaItemId, organizationId }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id.nonEmpty, forKey: .id)
        try container.encodeIfPresent(meetingId.nonEmpty, forKey: .meetingId)
        try container.encodeIfPresent(agendaItemId.nonEmpty, forKey: .agendaItemId)
        try container.encodeIfPresent(organizationId.nonEmptyStrings, forKey: .organizationId)
    }
}

/// A file attached to a paper (OParl `File`, reduced).
public struct SessionFile: Hashable, Sendable, Codable {
    public enum Role: String, Hashable, Sendable, Codable { case main, auxiliary }

    public var role: Role
    public var name: String?
    public var fileName: String?
    /// A MIME type; bare extensions such as `"pdf"` are normalized (`application/pdf`).
    public var mimeType: String?
    public var accessUrl: String?

    public init(
        role: Role, name: String? = nil, fileName: String? = nil, mimeType: String? = nil, accessUrl: String? = nil
    ) {
        self.role = role
        self.name = name
        self.fileName = fileName
        self.mimeType = mimeType
        self.accessUrl = accessUrl
    }

    enum CodingKeys: String, CodingKey { case role, name, fileName, mimeType, accessUrl }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encodeIfPresent(name.nonEmpty, forKey: .name)
        try container.encodeIfPresent(fileName.nonEmpty, forKey: .fileName)
        try container.encodeIfPresent(mimeType.nonEmpty, forKey: .mimeType)
        try container.encodeIfPresent(accessUrl.nonEmpty, forKey: .accessUrl)
    }
}

/// One record as a session source yields it, for streaming consumers.
public enum SessionRecord: Hashable, Sendable {
    case meeting(Meeting)
    case paper(SessionPaper)
    case organization(Organization)
}

extension Optional where Wrapped == [String] {
    /// nil for nil and for an array without a non-empty string; empty strings dropped otherwise.
    var nonEmptyStrings: [String]? {
        guard let values = self?.filter({ !$0.isEmpty }), !values.isEmpty else { return nil }
        return values
    }
}

import Foundation

/// What a set of OParl files knows about objects other files refer to: organization names,
/// meeting start times, agenda item numbers, and which paper a consultation belongs to.
/// Built in a first pass over a dump, so each file can then be converted on its own.
public struct OParlIndex: Hashable, Sendable {
    public struct AgendaItemInfo: Hashable, Sendable {
        public var number: String?
        public var `public`: Bool?
    }

    public struct PaperInfo: Hashable, Sendable {
        public var id: String?
        public var reference: String?
        public var name: String?
    }

    /// Organization URL → name.
    public var organizationNames: [String: String] = [:]
    /// Meeting URL → `start` as written.
    public var meetingStarts: [String: String] = [:]
    /// AgendaItem URL → number and public flag.
    public var agendaItems: [String: AgendaItemInfo] = [:]
    /// Consultation URL → the paper it belongs to.
    public var consultationPapers: [String: PaperInfo] = [:]

    public init() {}

    /// Adds what one parsed file (single object, list page, bare array) holds.
    public mutating func add(_ value: JSONValue) {
        for (object, type) in OParlReader.objects(in: value) {
            guard let id = object["id"]?.string else { continue }
            switch type {
            case "Organization":
                if let name = object["name"]?.string { organizationNames[id] = name }
            case "Meeting":
                if let start = object["start"]?.string { meetingStarts[id] = start }
                for item in object["agendaItem"]?.objects ?? [] {
                    addAgendaItem(item)
                }
            case "AgendaItem":
                addAgendaItem(object)
            case "Paper":
                let info = PaperInfo(id: id, reference: object["reference"]?.string, name: object["name"]?.string)
                for consultation in object["consultation"]?.objects ?? [] {
                    if let consultationId = consultation["id"]?.string { consultationPapers[consultationId] = info }
                }
                for consultationId in object["consultation"]?.strings ?? [] {
                    consultationPapers[consultationId] = info
                }
            default:
                continue
            }
        }
    }

    private mutating func addAgendaItem(_ item: [String: JSONValue]) {
        guard let id = item["id"]?.string else { return }
        agendaItems[id] = AgendaItemInfo(number: item["number"]?.string, public: item["public"]?.bool)
    }
}

/// Reads OParl 1.0 and 1.1 JSON (single objects, list pages with `data`/`links`/`pagination`,
/// bare arrays) into session records. Tolerates the deviations real servers show:
/// `underDirectionof`, `auxiliaryFile` as an object, deleted objects without `type`,
/// `mimeType: "pdf"`, control characters in strings, `role` missing or "unbekannt".
public struct OParlReader: Sendable {
    public let results: ValueVocabulary
    public let roles: ValueVocabulary

    public init(results: ValueVocabulary, roles: ValueVocabulary) {
        self.results = results
        self.roles = roles
    }

    /// The result of reading one parsed file.
    public struct Output: Sendable {
        public var records: [SessionRecord]
        /// `oparl-1.0` or `oparl-1.1`, from the objects' `type` URLs.
        public var dialect: String?
        public var findings: [Finding]
        /// Objects whose type is not converted (Body, System, Person, File...), by type.
        public var skippedTypes: [String: Int]
    }

    /// True when the value looks like OParl: it holds at least one object with an OParl type or a
    /// deleted object with an id.
    public static func isOParl(_ value: JSONValue) -> Bool {
        !objects(in: value).isEmpty
    }

    /// Converts one parsed file. `index` resolves references to other objects; include the file
    /// itself in it.
    public func read(_ value: JSONValue, index: OParlIndex) -> Output {
        var records: [SessionRecord] = []
        var skipped: [String: Int] = [:]
        var tally = Tally()
        var versions: Set<String> = []
        for (object, type) in Self.objects(in: value) {
            if let version = Self.version(of: object) { versions.insert(version) }
            switch type {
            case "Meeting": records.append(.meeting(meeting(object, index: index, tally: &tally)))
            case "Paper": records.append(.paper(paper(object, index: index, tally: &tally)))
            case "Organization": records.append(.organization(organization(object)))
            case "AgendaItem":
                // A bare AgendaItem list: wrap each in a meeting stub carrying its meeting URL.
                let item = agendaItem(object, index: index)
                records.append(.meeting(Meeting(id: object["meeting"]?.string, agendaItems: [item])))
            default: skipped[type, default: 0] += 1
            }
        }
        var findings = tally.findings
        if !skipped.isEmpty {
            let list = skipped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            findings.append(Finding(severity: .info, code: .oparlObjectsSkipped, message: "not converted: \(list)"))
        }
        let dialect = versions.sorted().last.map { "oparl-\($0)" }
        return Output(records: records, dialect: dialect, findings: findings, skippedTypes: skipped)
    }

    // MARK: - Objects

    /// The OParl objects in a file with their type names (`Paper`, `Meeting`...). Deleted objects
    /// without `type` (SD.NET) get the type most of their siblings have, or the one their id names.
    static func objects(in value: JSONValue) -> [([String: JSONValue], String)] {
        let candidates: [[String: JSONValue]]
        switch value {
        case .array: candidates = value.objects
        case .object(let object):
            if let data = object["data"], object["type"] == nil {
                candidates = data.objects
            } else {
                candidates = [object]
            }
        default: candidates = []
        }
        let typed = candidates.map { ($0, typeName(of: $0)) }
        var counts: [String: Int] = [:]
        for case (_, let type?) in typed { counts[type, default: 0] += 1 }
        let majority = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        return typed.compactMap { object, type in
            if let type { return (object, type) }
            // Only soft-deleted objects may lack `type` (SD.NET); anything else untyped is not OParl.
            guard object["id"]?.string != nil, object["deleted"]?.bool == true else { return nil }
            guard let inferred = majority ?? typeName(fromId: object["id"]?.string) else { return nil }
            return (object, inferred)
        }
    }

    static func typeName(of object: [String: JSONValue]) -> String? {
        guard let type = object["type"]?.string, type.contains("oparl.org") else { return nil }
        return type.split(separator: "/").last.map(String.init)
    }

    static func typeName(fromId id: String?) -> String? {
        guard let id = id?.lowercased() else { return nil }
        for (needle, type) in [
            ("/agendaitem", "AgendaItem"), ("/consultation", "Consultation"), ("/paper", "Paper"),
            ("/meeting", "Meeting"), ("/organization", "Organization"), ("/person", "Person"), ("/file", "File"),
        ] where id.contains(needle) {
            return type
        }
        return nil
    }

    static func version(of object: [String: JSONValue]) -> String? {
        guard let type = object["type"]?.string, let range = type.range(of: "oparl.org/") else { return nil }
        return type[range.upperBound...].split(separator: "/").first.map(String.init)
    }

    // MARK: - Conversion

    /// Counts of unresolved references, turned into one finding each at the end.
    struct Tally {
        var unresolvedOrganizations = 0
        var consultationsWithoutMeeting = 0
        var mimeTypesNormalized = 0

        var findings: [Finding] {
            var findings: [Finding] = []
            if unresolvedOrganizations > 0 {
                findings.append(
                    Finding(
                        severity: .info, code: .unresolvedOrganization,
                        message:
                            "\(unresolvedOrganizations) organization reference(s) not in the input; names left empty"))
            }
            if consultationsWithoutMeeting > 0 {
                findings.append(
                    Finding(
                        severity: .info, code: .consultationWithoutDate,
                        message:
                            "\(consultationsWithoutMeeting) consultation(s) have no date: their meeting is not in the input"
                    ))
            }
            if mimeTypesNormalized > 0 {
                findings.append(
                    Finding(
                        severity: .info, code: .mimeTypeNormalized,
                        message: "\(mimeTypesNormalized) file(s) give a bare extension as mimeType"))
            }
            return findings
        }
    }

    private func names(of ids: [String], index: OParlIndex, tally: inout Tally) -> [String] {
        ids.compactMap { id in
            if let name = index.organizationNames[id] { return name }
            tally.unresolvedOrganizations += 1
            return nil
        }
    }

    func meeting(_ object: [String: JSONValue], index: OParlIndex, tally: inout Tally) -> Meeting {
        let start = object["start"]?.string
        let organizationIds = object["organization"]?.strings ?? []
        let names = names(of: organizationIds, index: index, tally: &tally)
        let location = object["location"]?.objects.first.flatMap { location in
            location["room"]?.string ?? location["description"]?.string ?? location["streetAddress"]?.string
        }
        return Meeting(
            id: object["id"]?.string, name: object["name"]?.string, start: start, end: object["end"]?.string,
            date: start.flatMap { CalendarDate(iso: $0) }, organization: names.isEmpty ? nil : names,
            organizationId: organizationIds.isEmpty ? nil : organizationIds,
            meetingState: object["meetingState"]?.string, cancelled: object["cancelled"]?.bool, location: location,
            web: object["web"]?.string, deleted: object["deleted"]?.bool,
            agendaItems: (object["agendaItem"]?.objects ?? []).map { agendaItem($0, index: index) })
    }

    func agendaItem(_ object: [String: JSONValue], index: OParlIndex) -> AgendaItem {
        let result = object["result"]?.string
        let consultationId = object["consultation"]?.string
        let paper = consultationId.flatMap { index.consultationPapers[$0] }
        return AgendaItem(
            id: object["id"]?.string, number: object["number"]?.string, order: object["order"]?.int,
            name: object["name"]?.string, public: object["public"]?.bool, paperId: paper?.id,
            paperReference: paper?.reference, consultationId: consultationId, result: result,
            resultCode: result.flatMap(results.code(for:)), votes: result.flatMap(VoteCountParser.parse),
            resolutionText: object["resolutionText"]?.string, start: object["start"]?.string,
            end: object["end"]?.string, deleted: object["deleted"]?.bool)
    }

    func paper(_ object: [String: JSONValue], index: OParlIndex, tally: inout Tally) -> SessionPaper {
        // OParl 1.0 to 1.0.3 spell it `underDirectionof`.
        let directionIds = (object["underDirectionOf"] ?? object["underDirectionof"])?.strings ?? []
        let directionNames = names(of: directionIds, index: index, tally: &tally)
        var files: [SessionFile] = []
        if let main = object["mainFile"]?.objects.first { files.append(file(main, role: .main, tally: &tally)) }
        for auxiliary in object["auxiliaryFile"]?.objects ?? [] {
            files.append(file(auxiliary, role: .auxiliary, tally: &tally))
        }
        let auxiliaryNames = files.filter { $0.role == .auxiliary }.compactMap(\.name)
        var paper = Paper(
            reference: object["reference"]?.string, name: object["name"]?.string,
            paperType: object["paperType"]?.string, date: object["date"]?.string.flatMap { CalendarDate(iso: $0) },
            leadDepartment: directionNames.first, attachments: auxiliaryNames.isEmpty ? nil : auxiliaryNames)
        var links: [ConsultationLink] = []
        for consultation in object["consultation"]?.objects ?? [] {
            let organizationIds = consultation["organization"]?.strings ?? []
            let meetingId = consultation["meeting"]?.string
            let agendaItemId = consultation["agendaItem"]?.string
            let start = meetingId.flatMap { index.meetingStarts[$0] }
            if start == nil { tally.consultationsWithoutMeeting += 1 }
            let item = agendaItemId.flatMap { index.agendaItems[$0] }
            let rawRole = consultation["role"]?.string
            let role = rawRole.flatMap(roles.code(for:))
            paper.consultations.append(
                Consultation(
                    date: start.flatMap { CalendarDate(iso: $0) },
                    organization: names(of: organizationIds, index: index, tally: &tally).first, role: role,
                    roleRaw: rawRole == role ? nil : rawRole, agendaItemNumber: item?.number, public: item?.public,
                    authoritative: consultation["authoritative"]?.bool ?? false))
            links.append(
                ConsultationLink(
                    id: consultation["id"]?.string, meetingId: meetingId, agendaItemId: agendaItemId,
                    organizationId: organizationIds.isEmpty ? nil : organizationIds))
        }
        return SessionPaper(
            id: object["id"]?.string, deleted: object["deleted"]?.bool, web: object["web"]?.string,
            underDirectionOf: directionIds.isEmpty ? nil : directionIds, paper: paper, consultationLinks: links,
            files: files)
    }

    func organization(_ object: [String: JSONValue]) -> Organization {
        Organization(
            id: object["id"]?.string, name: object["name"]?.string, shortName: object["shortName"]?.string,
            organizationType: object["organizationType"]?.string, classification: object["classification"]?.string,
            web: object["web"]?.string, deleted: object["deleted"]?.bool)
    }

    private func file(_ object: [String: JSONValue], role: SessionFile.Role, tally: inout Tally) -> SessionFile {
        var mimeType = object["mimeType"]?.string
        if let raw = mimeType, !raw.contains("/") {
            tally.mimeTypesNormalized += 1
            mimeType = Self.mimeTypes[raw.lowercased()] ?? "application/octet-stream"
        }
        return SessionFile(
            role: role, name: object["name"]?.string, fileName: object["fileName"]?.string, mimeType: mimeType,
            accessUrl: object["accessUrl"]?.string)
    }

    static let mimeTypes: [String: String] = [
        "pdf": "application/pdf", "doc": "application/msword",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls": "application/vnd.ms-excel", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "txt": "text/plain", "html": "text/html", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
        "zip": "application/zip", "rtf": "application/rtf", "odt": "application/vnd.oasis.opendocument.text",
    ]
}

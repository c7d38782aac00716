import Foundation
import GRDB
import Hummingbird
import RatsdocCore
import RatsdocStore

/// A read-only OParl 1.1 endpoint for what is in the store: one System, one Body, and the paper,
/// meeting, organization (and empty person) lists, paged, filtered by `modified_since`.
///
/// Every object has its own URL under this server (`/oparl/v1/papers/2026%2F0061`), and every
/// link points at an object the endpoint serves, so a validator that follows links finds them.
/// `created` is when the store first saw the object's source, `modified` when it wrote the version
/// the object is read from. Ids use the server's public URL (`--public-url`).
struct OParlEndpoint: Sendable {
    let store: Store
    let queries: TrackingQueries
    let version: String
    let publicURL: String

    static let perPage = 100
    /// The highest page number served (10 million objects at 100 a page).
    static let maximumPage = 100_000
    static let typeBase = "https://schema.oparl.org/1.1/"

    var base: String { publicURL + "/oparl/v1" }
    var bodyId: String { base + "/bodies/0" }

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("oparl/v1/system") { _, _ in try await self.respond { _ in self.system() } }
        router.get("oparl/v1/bodies") { request, _ in
            try await self.respond { _ in self.list([self.body()], total: 1, page: 1, path: "/bodies", request: request) }
        }
        router.get("oparl/v1/bodies/0") { _, _ in try await self.respond { _ in self.body() } }
        router.get("oparl/v1/bodies/0/papers") { request, _ in
            try await self.respond { db in try self.paperList(request, in: db) }
        }
        router.get("oparl/v1/bodies/0/meetings") { request, _ in
            try await self.respond { db in try self.meetingList(request, in: db) }
        }
        router.get("oparl/v1/bodies/0/organizations") { request, _ in
            try await self.respond { db in try self.organizationList(request, in: db) }
        }
        router.get("oparl/v1/bodies/0/people") { request, _ in
            try await self.respond { _ in self.list([], total: 0, page: 1, path: "/bodies/0/people", request: request) }
        }
        router.get("oparl/v1/papers/**") { _, context in
            let key = Self.key(context)
            return try await self.respond { db in try self.paper(reference: key, in: db) }
        }
        router.get("oparl/v1/meetings/**") { _, context in
            let key = Self.key(context)
            return try await self.respond { db in try self.meeting(id: key, in: db) }
        }
        router.get("oparl/v1/organizations/**") { _, context in
            let key = Self.key(context)
            return try await self.respond { db in try self.organization(id: key, in: db) }
        }
        router.get("oparl/v1/agendaitems/**") { _, context in
            let key = Self.key(context)
            return try await self.respond { db in try self.agendaItem(key: key, in: db) }
        }
    }

    static func key(_ context: BasicRequestContext) -> String {
        context.parameters.getCatchAll().joined(separator: "/").removingPercentEncoding ?? ""
    }

    /// Runs a read; nil is 404. JSON with `Access-Control-Allow-Origin: *`, as OParl asks.
    private func respond(_ body: @escaping @Sendable (Database) throws -> [String: JSONValue]?) async throws
        -> Response
    {
        let store = self.store
        guard let object = try await TrackingServer.offload({ try store.database.read(body) }) else {
            return TrackingServer.message("error", "no such object", status: .notFound)
        }
        return try TrackingServer.json(JSONValue.object(object))
    }

    func url(_ kind: String, _ id: String) -> String { "\(base)/\(kind)/\(HTMLPages.pathSegment(id))" }

    // MARK: - System and Body

    func system() -> [String: JSONValue] {
        [
            "id": .string(base + "/system"), "type": .string(Self.typeBase + "System"),
            "oparlVersion": .string(Self.typeBase), "body": .string(base + "/bodies"),
            "name": .string("ratsdoc"), "product": .string("https://ratsdoc.invalid/ratsdoc \(version)"),
            "vendor": .string("ratsdoc"),
        ]
    }

    func body() -> [String: JSONValue] {
        [
            "id": .string(bodyId), "type": .string(Self.typeBase + "Body"), "system": .string(base + "/system"),
            "name": .string("ratsdoc store"), "organization": .string(bodyId + "/organizations"),
            "person": .string(bodyId + "/people"), "meeting": .string(bodyId + "/meetings"),
            "paper": .string(bodyId + "/papers"), "legislativeTerm": .array([]),
        ]
    }

    // MARK: - Lists

    func list(
        _ objects: [[String: JSONValue]], total: Int, page: Int, path: String, request: Request
    ) -> [String: JSONValue] {
        let pages = max(1, (total + Self.perPage - 1) / Self.perPage)
        var filter = ""
        if let since = request.uri.queryParameters.get("modified_since") {
            filter = "&modified_since=" + HTMLPages.queryValue(since)
        }
        func link(_ number: Int) -> JSONValue { .string("\(base)\(path)?page=\(number)\(filter)") }
        var links: [String: JSONValue] = ["first": link(1), "last": link(pages)]
        if page > 1 { links["prev"] = link(page - 1) }
        if page < pages { links["next"] = link(page + 1) }
        return [
            "data": .array(objects.map(JSONValue.object)),
            "pagination": .object([
                "totalElements": .number(Double(total)), "elementsPerPage": .number(Double(Self.perPage)),
                "currentPage": .number(Double(page)), "totalPages": .number(Double(pages)),
            ]),
            "links": .object(links),
        ]
    }

    /// The page number and the `modified_since` bound of a list request.
    func paging(_ request: Request) -> (page: Int, since: String?) {
        let parameters = request.uri.queryParameters
        // Bounded, so that (page - 1) * perPage cannot overflow: a page past the end is empty.
        let page = min(Self.maximumPage, max(1, parameters.get("page").flatMap { Int($0) } ?? 1))
        let since = parameters.get("modified_since").flatMap(Self.utcTimestamp)
        return (page, since)
    }

    /// An ISO 8601 timestamp with any zone as the store's UTC form, for comparing with `modified`.
    static func utcTimestamp(_ text: String) -> String? {
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        guard let date = (try? Date(text, strategy: .iso8601)) ?? (try? Date(text, strategy: withFraction)) else {
            return nil
        }
        return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    func paperList(_ request: Request, in db: Database) throws -> [String: JSONValue] {
        try pagedList(
            request, table: "paper", key: "reference", versionColumn: "currentVersionId", order: "t.reference",
            path: "/bodies/0/papers", in: db
        ) { try paper(reference: $0, in: db) }
    }

    func meetingList(_ request: Request, in db: Database) throws -> [String: JSONValue] {
        try pagedList(
            request, table: "meeting", key: "id", versionColumn: "versionId", order: "t.date, t.id",
            path: "/bodies/0/meetings", in: db
        ) { try meeting(id: $0, in: db) }
    }

    func organizationList(_ request: Request, in db: Database) throws -> [String: JSONValue] {
        try pagedList(
            request, table: "organization", key: "id", versionColumn: "versionId", order: "t.id",
            path: "/bodies/0/organizations", in: db
        ) { try organization(id: $0, in: db) }
    }

    /// One page of a list: the rows of `table` (each read from the version in `versionColumn`,
    /// whose time is its `modified`), filtered by `modified_since`, in `order`, as objects.
    private func pagedList(
        _ request: Request, table: String, key: String, versionColumn: String, order: String, path: String,
        in db: Database, object: (String) throws -> [String: JSONValue]?
    ) throws -> [String: JSONValue] {
        let (page, since) = paging(request)
        let from = "FROM \(table) t JOIN documentVersion v ON v.id = t.\(versionColumn)"
        let filter = since == nil ? "" : "WHERE v.createdAt >= ?"
        let arguments: StatementArguments = since.map { [$0] } ?? []
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(from) \(filter)", arguments: arguments) ?? 0
        let keys = try String.fetchAll(
            db, sql: "SELECT t.\(key) \(from) \(filter) ORDER BY \(order) LIMIT ? OFFSET ?",
            arguments: arguments + [Self.perPage, (page - 1) * Self.perPage])
        return list(try keys.compactMap(object), total: total, page: page, path: path, request: request)
    }

    // MARK: - Objects

    /// `created` and `modified` of the object read from `versionId`.
    func times(versionId: Int64, in db: Database) throws -> [String: JSONValue] {
        guard let row = try Row.fetchOne(
            db,
            sql: "SELECT s.firstSeen, v.createdAt FROM documentVersion v JOIN source s ON s.id = v.sourceId WHERE v.id = ?",
            arguments: [versionId])
        else { return [:] }
        return ["created": .string(row["firstSeen"]), "modified": .string(row["createdAt"])]
    }

    func paper(reference: String, in db: Database) throws -> [String: JSONValue]? {
        guard let row = try Row.fetchOne(
            db,
            sql: """
                SELECT p.currentVersionId, o.id AS originId, o.paper FROM paper p
                JOIN paperOrigin o ON o.reference = p.reference AND o.versionId = p.currentVersionId
                WHERE p.reference = ?
                """, arguments: [reference])
        else { return nil }
        let paper = try JSONDecoder().decode(Paper.self, from: Data((row["paper"] as String).utf8))
        let id = url("papers", reference)
        var object: [String: JSONValue] = ["id": .string(id), "type": .string(Self.typeBase + "Paper"), "body": .string(bodyId)]
        object.merge(try times(versionId: row["currentVersionId"], in: db)) { $1 }
        Self.put(&object, "name", paper.name)
        Self.put(&object, "reference", reference)
        Self.put(&object, "paperType", paper.paperType)
        Self.put(&object, "date", paper.date?.description)
        let consultations = try Row.fetchAll(
            db, sql: "SELECT * FROM consultation WHERE originId = ? ORDER BY position",
            arguments: [row["originId"] as Int64])
        var embedded: [JSONValue] = []
        for consultation in consultations {
            var item: [String: JSONValue] = [
                "id": .string("\(id)/consultations/\(consultation["position"] as Int)"),
                "type": .string(Self.typeBase + "Consultation"), "paper": .string(id),
                "authoritative": .bool(consultation["authoritative"]),
            ]
            Self.put(&item, "role", consultation["role"] as String?)
            if let meetingId = consultation["meetingId"] as String?,
                try Bool.fetchOne(db, sql: "SELECT 1 FROM meeting WHERE id = ?", arguments: [meetingId]) == true
            {
                item["meeting"] = .string(url("meetings", meetingId))
            }
            if let itemId = consultation["agendaItemId"] as String?,
                try Bool.fetchOne(db, sql: "SELECT 1 FROM agendaItem WHERE key = ?", arguments: [itemId]) == true
            {
                item["agendaItem"] = .string(url("agendaitems", itemId))
            }
            embedded.append(.object(item))
        }
        object["consultation"] = .array(embedded)
        return object
    }

    func meeting(id: String, in db: Database) throws -> [String: JSONValue]? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM meeting WHERE id = ?", arguments: [id]) else {
            return nil
        }
        let meetingURL = url("meetings", id)
        var object: [String: JSONValue] = ["id": .string(meetingURL), "type": .string(Self.typeBase + "Meeting")]
        object.merge(try times(versionId: row["versionId"], in: db)) { $1 }
        Self.put(&object, "name", row["name"] as String?)
        Self.put(&object, "start", row["start"] as String?)
        Self.put(&object, "end", row["end"] as String?)
        Self.put(&object, "meetingState", row["meetingState"] as String?)
        if let cancelled = row["cancelled"] as Bool? { object["cancelled"] = .bool(cancelled) }
        let organizationIds = (row["organizationId"] as String?).flatMap(StoredJSON.strings) ?? []
        let known = try organizationIds.filter { organizationId in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM organization WHERE id = ?", arguments: [organizationId]) == true
        }
        if !known.isEmpty { object["organization"] = .array(known.map { .string(url("organizations", $0)) }) }
        let items = try Row.fetchAll(
            db, sql: "SELECT key FROM agendaItem WHERE meetingId = ? ORDER BY position", arguments: [id])
        object["agendaItem"] = .array(try items.compactMap { try agendaItem(key: $0["key"], in: db).map(JSONValue.object) })
        return object
    }

    func agendaItem(key: String, in db: Database) throws -> [String: JSONValue]? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM agendaItem WHERE key = ?", arguments: [key]) else {
            return nil
        }
        var object: [String: JSONValue] = [
            "id": .string(url("agendaitems", key)), "type": .string(Self.typeBase + "AgendaItem"),
            "meeting": .string(url("meetings", row["meetingId"])), "order": .number(Double(row["position"] as Int)),
        ]
        if let versionId = try Int64.fetchOne(
            db, sql: "SELECT versionId FROM meeting WHERE id = ?", arguments: [row["meetingId"] as String])
        {
            object.merge(try times(versionId: versionId, in: db)) { $1 }
        }
        Self.put(&object, "number", row["number"] as String?)
        Self.put(&object, "name", row["name"] as String?)
        Self.put(&object, "result", row["result"] as String?)
        if let isPublic = row["public"] as Bool? { object["public"] = .bool(isPublic) }
        return object
    }

    func organization(id: String, in db: Database) throws -> [String: JSONValue]? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM organization WHERE id = ?", arguments: [id]) else {
            return nil
        }
        var object: [String: JSONValue] = [
            "id": .string(url("organizations", id)), "type": .string(Self.typeBase + "Organization"),
            "body": .string(bodyId),
        ]
        object.merge(try times(versionId: row["versionId"], in: db)) { $1 }
        Self.put(&object, "name", row["name"] as String?)
        Self.put(&object, "shortName", row["shortName"] as String?)
        Self.put(&object, "organizationType", row["organizationType"] as String?)
        Self.put(&object, "classification", row["classification"] as String?)
        return object
    }

    /// Sets a string field; absent and empty values are left out (OParl has no empty strings).
    static func put(_ object: inout [String: JSONValue], _ key: String, _ value: String?) {
        if let value, !value.isEmpty { object[key] = .string(value) }
    }
}

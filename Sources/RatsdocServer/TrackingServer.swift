public import Foundation
import GRDB
public import Hummingbird
import Logging
import RatsdocCore
import RatsdocPipeline
import RatsdocStore

/// `ratsdoc serve`: the store for the strategy team and the council system, over HTTP.
///
/// - JSON API (`/api/...`): papers by state, committee and text; one paper's timeline; the
///   committees; a committee's open items; a meeting.
/// - OParl 1.1, read-only (`/oparl/v1/...`), for what is in the store.
/// - `POST /api/documents`: the council system pushes a document (bearer token, size limit); it
///   goes through the same isolated ingest as the CLI (worker processes, one writer).
/// - HTML pages in German: the pending items by committee, a paper's timeline, a search.
/// - `/healthz`, one JSON access-log line per request on stderr, graceful shutdown on SIGTERM.
public struct TrackingServer: Sendable {
    public let configuration: ServerConfiguration
    let store: Store
    let queries: TrackingQueries
    let ingest: DocumentPush
    let overviewCache = PageCache()

    public init(configuration: ServerConfiguration) throws {
        self.configuration = configuration
        store = try Store(path: configuration.storePath)
        let tracker = try StatusTracker.load(pipelinesDirectory: configuration.pipelinesURL)
        queries = TrackingQueries(store: store, tracker: tracker)
        ingest = DocumentPush(configuration: configuration)
    }

    /// The application, for `runService()` or Hummingbird's test client.
    public func application(logAccess: Bool = true) -> some ApplicationProtocol {
        let router = Router()
        if logAccess { router.add(middleware: AccessLogMiddleware()) }
        addRoutes(to: router)
        var logger = Logger(label: "ratsdoc.serve")
        logger.logLevel = .notice
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ratsdoc"),
            logger: logger)
    }

    /// Runs until SIGTERM or SIGINT; requests in flight are finished first.
    public func run() async throws {
        try await application().runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    func today() -> CalendarDate {
        configuration.today.flatMap { CalendarDate(iso: $0) } ?? CalendarDate.today()
    }

    // MARK: - Routes

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("healthz") { _, _ -> Response in
            let ok = (try? await self.offload { try self.store.integrityQuick() }) ?? false
            return Self.message("status", ok ? "ok" : "store unreadable", status: ok ? .ok : .serviceUnavailable)
        }
        router.get("static/ratsdoc.css") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: HTMLPages.stylesheet)))
        }

        // JSON API
        router.get("api/papers") { request, _ -> Response in
            let parameters = request.uri.queryParameters
            let page = try await self.offload {
                try self.queries.papers(
                    state: parameters.get("state").flatMap { $0.isEmpty || $0 == "all" ? nil : $0 },
                    committee: parameters.get("committee").flatMap { $0.isEmpty ? nil : $0 },
                    query: parameters.get("q"), limit: Self.limit(parameters.get("limit")),
                    offset: max(0, parameters.get("offset").flatMap { Int($0) } ?? 0), today: self.today())
            }
            return try Self.json(page)
        }
        router.get("api/papers/**") { request, context -> Response in
            let reference = context.parameters.getCatchAll().joined(separator: "/").removingPercentEncoding ?? ""
            guard let status = try await self.offload({ try self.queries.status(reference, today: self.today()) })
            else { return Self.message("error", "no paper with the reference \(reference)", status: .notFound) }
            return try Self.json(status)
        }
        router.get("api/committees") { _, _ -> Response in
            try Self.json(try await self.offload { try self.queries.committees() })
        }
        router.get("api/committees/:id/pending") { request, context -> Response in
            let id = context.parameters.get("id")?.removingPercentEncoding ?? ""
            let committees = try await self.offload { try self.queries.committees() }
            guard let committee = committees.first(where: { $0.id == id }) else {
                return Self.message("error", "no committee with the id \(id)", status: .notFound)
            }
            let parameters = request.uri.queryParameters
            let page = try await self.offload {
                try self.queries.papers(
                    state: "pending", committee: committee.name, limit: Self.limit(parameters.get("limit")),
                    offset: max(0, parameters.get("offset").flatMap { Int($0) } ?? 0), today: self.today())
            }
            return try Self.json(page)
        }
        router.get("api/meetings/**") { _, context -> Response in
            let id = context.parameters.getCatchAll().joined(separator: "/").removingPercentEncoding ?? ""
            guard let meeting = try await self.offload({ try self.store.meeting(id: id) }) else {
                return Self.message("error", "no meeting with the id \(id)", status: .notFound)
            }
            return try Self.json(meeting)
        }
        router.post("api/documents") { request, context -> Response in
            try await self.ingest.handle(request, context: context)
        }

        // Pages
        router.get("/") { _, _ -> Response in
            let page = try await self.offload { () -> String in
                let today = self.today()
                // The page only changes with the store's content and the day: render it once per both.
                let key = "\(try self.queries.contentStamp())|\(today)"
                if let cached = self.overviewCache.get(key) { return cached }
                let committees = try self.queries.committees().filter { $0.pending > 0 }
                var sections: [(committee: TrackingQueries.Committee, items: [TrackingQueries.PendingItem])] = []
                for committee in committees {
                    let items = try self.queries.papers(
                        state: "pending", committee: committee.name, limit: Self.overviewRows, today: today
                    ).items
                    sections.append((committee, items))
                }
                let total = try self.queries.papers(state: "pending", limit: 1, today: today).total
                let page = HTMLPages.overview(committees: sections, total: total)
                self.overviewCache.set(key, page)
                return page
            }
            return Self.html(page)
        }
        router.get("vorlagen/**") { _, context -> Response in
            let reference = context.parameters.getCatchAll().joined(separator: "/").removingPercentEncoding ?? ""
            guard let status = try await self.offload({ try self.queries.status(reference, today: self.today()) })
            else { return Self.html(HTMLPages.notFound("Keine Vorlage mit dem Aktenzeichen \(reference)."), status: .notFound) }
            return Self.html(HTMLPages.timeline(status))
        }
        router.get("suche") { request, _ -> Response in
            let parameters = request.uri.queryParameters
            let query = parameters.get("q") ?? ""
            let committee = parameters.get("gremium") ?? ""
            let state = parameters.get("stand") ?? ""
            let searched = !query.isEmpty || !committee.isEmpty || !state.isEmpty
            let page =
                searched
                ? try await self.offload {
                    try self.queries.papers(
                        state: state.isEmpty ? nil : state, committee: committee.isEmpty ? nil : committee,
                        query: query, limit: Self.searchRows, today: self.today())
                } : nil
            return Self.html(HTMLPages.search(query: query, committee: committee, state: state, page: page))
        }

        OParlEndpoint(
            store: store, queries: queries, version: configuration.version,
            publicURL: configuration.publicURL ?? "http://\(configuration.host):\(configuration.port)"
        ).addRoutes(to: router)
    }

    static let overviewRows = 10
    static let searchRows = 100
    static let defaultLimit = 50
    static let maximumLimit = 500

    static func limit(_ text: String?) -> Int {
        min(maximumLimit, max(1, text.flatMap { Int($0) } ?? defaultLimit))
    }

    /// Runs blocking store work off the server's threads.
    func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await Self.offload(body)
    }

    static func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Self.storeQueue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    static let storeQueue = DispatchQueue(label: "ratsdoc.store", attributes: .concurrent)

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.accessControlAllowOrigin] = "*"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: try JSONOutput.encode(value, pretty: false) + "\n")))
    }

    /// A JSON object with one message, for errors and health.
    static func message(_ key: String, _ text: String, status: HTTPResponse.Status) -> Response {
        (try? json([key: text], status: status)) ?? Response(status: status)
    }

    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = "default-src 'self'; script-src 'none'"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }
}

/// The last rendered page and what it was rendered from.
final class PageCache: @unchecked Sendable {
    // Invariant: `key` and `page` are only touched while holding `lock`.
    private let lock = NSLock()
    private var key: String?
    private var page = ""

    func get(_ key: String) -> String? { lock.withLock { self.key == key ? page : nil } }

    func set(_ key: String, _ page: String) {
        lock.withLock {
            self.key = key
            self.page = page
        }
    }
}

/// One JSON line per request on stderr: time, method, path, status, duration, and the client.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - started
            let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            let line: [String: JSONValue] = [
                "time": .string(Date().formatted(.iso8601)), "method": .string(request.method.rawValue),
                "path": .string(request.uri.path), "status": .number(Double(status)),
                "ms": .number((milliseconds * 100).rounded() / 100),
            ]
            if let text = try? JSONOutput.encode(line, pretty: false) {
                FileHandle.standardError.write(Data((text + "\n").utf8))
            }
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as HTTPResponseError {
            status = error.status.code
            throw error
        }
    }
}

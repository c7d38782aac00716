import Foundation
import Hummingbird
import HummingbirdTesting
import RatsdocCore
import RatsdocServer
import RatsdocStore
import RatsdocTestSupport
import Testing

/// The server through Hummingbird's test client, over a store ingested from the fixtures: the
/// Karlsruhe Vorlage 2026/0061 (PDF), the Aachen Vorlage (text) and an XML export whose meeting
/// decided 2026/0061 ("Rat der Stadt", an alias of the Gemeinderat).
@Suite("The tracking server", .serialized)
struct ServerTests {
    static let today = "2026-05-01"
    static let token = "s3cret-token-for-tests"

    /// A store ingested once per test (each test gets its own folder).
    static func makeServer(token: String? = ServerTests.token, maximumUpload: Int = 1 << 20) throws
        -> (TrackingServer, URL)
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = folder.appendingPathComponent("store.sqlite").path
        let ingest = try RatsdocBinary.run([
            "ingest", "--quiet", FixturePaths.fixture("pdf/karlsruhe-vorlage-libreoffice.pdf").path,
            FixturePaths.fixture("text/aachen-FB-11-0298-WP17.txt").path,
            FixturePaths.fixture("xml/ratsdoc-export.xml").path, "--store", store,
        ])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        var configuration = ServerConfiguration(
            storePath: store, pipelinesURL: FixturePaths.packageRoot.appendingPathComponent("Pipelines"))
        configuration.token = token
        configuration.today = today
        configuration.maximumUploadBytes = maximumUpload
        configuration.workerExecutable = RatsdocBinary.url.path
        configuration.timeout = 10
        configuration.publicURL = "https://ris.example.org"
        return (try TrackingServer(configuration: configuration), folder)
    }

    static func object(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
    }

    @Test func aPaperTimelineJoinsThePDFWithTheExportsMeeting() async throws {
        let (server, folder) = try Self.makeServer()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await server.application(logAccess: false).test(.router) { client in
            try await client.execute(uri: "/api/papers/2026%2F0061", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                let status = try JSONDecoder().decode(PaperStatus.self, from: Data(response.body.readableBytesView))
                #expect(status.steps.map(\.organization) == [
                    "Schulausschuss", "Ortschaftsrat Wettersbach", "Ortschaftsrat Wettersbach", "Gemeinderat",
                ])
                #expect(status.steps.map(\.role) == ["Vorberatung", "Anhörung", "Anhörung", "Entscheidung"])
                #expect(status.steps.map(\.state) == [.planned, .planned, .planned, .treated])
                #expect(status.steps[3].meetingOrganization == "Rat der Stadt")
                #expect(status.steps[3].occurrences.map(\.meetingId) == ["m-301"])
                #expect(status.state == .decided)
                #expect(status.finalDecision?.date?.description == "2026-04-28")
                #expect(status.finalDecision?.resultCode == "approved")
                #expect(status.finalDecision?.result == "Einstimmige Zustimmung (45 Ja)")
                // The three earlier dates passed with no result known.
                #expect(status.anomalies.map(\.kind) == [.dateMissed, .dateMissed, .dateMissed])
            }
            // The slash may also stand unencoded.
            try await client.execute(uri: "/api/papers/2026/0061", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/papers/1999%2F0001", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func listsCommitteesAndMeetings() async throws {
        let (server, folder) = try Self.makeServer()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await server.application(logAccess: false).test(.router) { client in
            try await client.execute(uri: "/api/papers?state=pending", method: .get) { response in
                let page = try Self.object(response.body)
                let items = try #require(page["items"] as? [[String: Any]])
                #expect(page["total"] as? Int == 1)
                #expect(items.first?["reference"] as? String == "FB 11/0298/WP17")
            }
            try await client.execute(uri: "/api/papers?state=decided&q=Au%C3%9Fenstelle", method: .get) { response in
                let page = try Self.object(response.body)
                #expect((page["items"] as? [[String: Any]])?.compactMap { $0["reference"] as? String } == ["2026/0061"])
            }
            let committees = try await client.execute(uri: "/api/committees", method: .get) { response in
                try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
            }
            let names = committees.compactMap { $0["name"] as? String }
            #expect(names.contains("Schulausschuss"))
            #expect(names.contains("Gemeinderat") || names.contains("Rat der Stadt"))
            let pendingCommittee = try #require(committees.first { ($0["pending"] as? Int ?? 0) > 0 })
            let id = try #require(pendingCommittee["id"] as? String)
            try await client.execute(
                uri: "/api/committees/\(id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id)/pending",
                method: .get
            ) { response in
                #expect(response.status == .ok)
                let page = try Self.object(response.body)
                #expect(page["total"] as? Int == 1)
            }
            try await client.execute(uri: "/api/meetings/m-301", method: .get) { response in
                let object = try Self.object(response.body)
                let meeting = try #require(object["meeting"] as? [String: Any])
                #expect(meeting["name"] as? String == "12. Sitzung des Rates")
                #expect((meeting["agendaItems"] as? [Any])?.count == 2)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func pagesAreGermanAccessibleAndCarryTheTimeline() async throws {
        let (server, folder) = try Self.makeServer()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await server.application(logAccess: false).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.contains("<html lang=\"de\">"))
                #expect(page.contains("<main id=\"inhalt\""))
                #expect(page.contains("<nav aria-label=\"Hauptnavigation\">"))
                #expect(page.contains("Offene Vorlagen nach Gremium"))
                #expect(page.contains("<a href=\"/vorlagen/FB%2011%2F0298%2FWP17\">FB 11/0298/WP17</a>"))
                #expect(!page.contains("<script"))
            }
            try await client.execute(uri: "/vorlagen/2026%2F0061", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<ol class=\"timeline\" aria-labelledby=\"folge\">"))
                #expect(page.contains("Ortschaftsrat Wettersbach"))
                #expect(page.contains("Einstimmige Zustimmung (45 Ja)"))
                #expect(page.contains("<dt>Entscheidung</dt><dd>Gemeinderat, 28.04.2026"))
            }
            try await client.execute(uri: "/suche?q=0298", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<label for=\"q\">Aktenzeichen oder Titel</label>"))
                #expect(page.contains("1 Treffer"))
            }
        }
    }

    @Test func oparlListsAndObjectsLinkToEachOther() async throws {
        let (server, folder) = try Self.makeServer()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await server.application(logAccess: false).test(.router) { client in
            let system = try await client.execute(uri: "/oparl/v1/system", method: .get) { try Self.object($0.body) }
            #expect(system["type"] as? String == "https://schema.oparl.org/1.1/System")
            #expect(system["body"] as? String == "https://ris.example.org/oparl/v1/bodies")
            let bodies = try await client.execute(uri: "/oparl/v1/bodies", method: .get) { try Self.object($0.body) }
            let body = try #require((bodies["data"] as? [[String: Any]])?.first)
            #expect(body["paper"] as? String == "https://ris.example.org/oparl/v1/bodies/0/papers")
            let papers = try await client.execute(uri: "/oparl/v1/bodies/0/papers", method: .get) {
                try Self.object($0.body)
            }
            let data = try #require(papers["data"] as? [[String: Any]])
            #expect(data.compactMap { $0["reference"] as? String } == ["2026/0061", "FB 11/0298/WP17"])
            #expect((papers["pagination"] as? [String: Any])?["totalElements"] as? Int == 2)
            let paper = data[0]
            #expect(paper["id"] as? String == "https://ris.example.org/oparl/v1/papers/2026%2F0061")
            #expect(paper["created"] is String && paper["modified"] is String)
            // Every object the lists show answers at its id.
            try await client.execute(uri: "/oparl/v1/papers/2026%2F0061", method: .get) { response in
                let object = try Self.object(response.body)
                #expect(object["reference"] as? String == "2026/0061")
            }
            let meetings = try await client.execute(uri: "/oparl/v1/bodies/0/meetings", method: .get) {
                try Self.object($0.body)
            }
            let meeting = try #require((meetings["data"] as? [[String: Any]])?.first)
            #expect(meeting["id"] as? String == "https://ris.example.org/oparl/v1/meetings/m-301")
            #expect((meeting["organization"] as? [String]) == ["https://ris.example.org/oparl/v1/organizations/gr-1"])
            try await client.execute(uri: "/oparl/v1/organizations/gr-1", method: .get) { response in
                let object = try Self.object(response.body)
                #expect(object["name"] as? String == "Rat der Stadt")
            }
            // A page far past the end is empty, not a crash.
            try await client.execute(uri: "/oparl/v1/bodies/0/papers?page=9223372036854775807", method: .get) { response in
                #expect(response.status == .ok)
                let page = try Self.object(response.body)
                #expect((page["data"] as? [Any])?.isEmpty == true)
            }
            // modified_since after everything: an empty page that keeps the filter in its links.
            try await client.execute(
                uri: "/oparl/v1/bodies/0/papers?modified_since=2999-01-01T00:00:00Z", method: .get
            ) { response in
                let page = try Self.object(response.body)
                #expect((page["data"] as? [Any])?.isEmpty == true)
                #expect(((page["links"] as? [String: Any])?["first"] as? String)?.contains("modified_since=2999") == true)
            }
        }
    }

    /// The rules of oparl-validator-rs, applied by crawling as it does: from the System to the body
    /// list, each Body's lists page by page (`links.next`), required fields per type, no empty
    /// strings, list pages with `data`, `pagination` and `links`, non-negative integer pagination,
    /// and every link that is not the id of an object seen answers 200.
    @Test func oparlPassesTheValidatorsRulesWhenCrawled() async throws {
        let (server, folder) = try Self.makeServer()
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = "https://ris.example.org"
        try await server.application(logAccess: false).test(.router) { client in
            func get(_ url: String) async throws -> [String: Any] {
                #expect(url.hasPrefix(base), "\(url)")
                return try await client.execute(uri: String(url.dropFirst(base.count)), method: .get) { response in
                    #expect(response.status == .ok, "\(url)")
                    return try Self.object(response.body)
                }
            }
            var ids = Set<String>()
            var links = Set<String>()
            var problems: [String] = []
            func required(_ object: [String: Any], _ fields: [String], _ type: String) {
                for field in fields where object[field] == nil || object[field] is NSNull {
                    problems.append("\(type).\(field) missing")
                }
            }
            func walk(_ value: Any, key: String) {
                switch value {
                case let object as [String: Any]:
                    if let id = object["id"] as? String { ids.insert(id) }
                    for (inner, item) in object { walk(item, key: inner) }
                case let array as [Any]:
                    for item in array { walk(item, key: key) }
                case let text as String:
                    if text.isEmpty { problems.append("empty string in \(key)") }
                    if key != "id", text.hasPrefix(base) { links.insert(text) }
                default: break
                }
            }
            let system = try await get(base + "/oparl/v1/system")
            required(system, ["id", "type", "oparlVersion", "body"], "System")
            walk(system, key: "")
            let bodyList = try await get(try #require(system["body"] as? String))
            required(bodyList, ["data", "pagination", "links"], "list")
            let bodies = try #require(bodyList["data"] as? [[String: Any]])
            #expect(bodies.count == 1)
            for body in bodies {
                required(
                    body, ["id", "type", "name", "organization", "person", "meeting", "paper", "legislativeTerm"], "Body")
                #expect(body["legislativeTerm"] is [Any])
                walk(body, key: "")
                for list in ["paper", "organization", "person", "meeting"] {
                    var next = body[list] as? String
                    var pages = 0
                    while let url = next, pages < 100 {
                        pages += 1
                        let page = try await get(url)
                        required(page, ["data", "pagination", "links"], "list \(list)")
                        let pagination = page["pagination"] as? [String: Any] ?? [:]
                        for (key, value) in pagination {
                            if (value as? Int).map({ $0 < 0 }) ?? true { problems.append("pagination.\(key) not a count") }
                        }
                        for object in page["data"] as? [[String: Any]] ?? [] {
                            required(object, ["id", "type"], list)
                            #expect((object["type"] as? String)?.hasPrefix("https://schema.oparl.org/1.1/") == true)
                            #expect(object["created"] is String && object["modified"] is String)
                            walk(object, key: "")
                        }
                        next = (page["links"] as? [String: Any])?["next"] as? String
                    }
                }
            }
            for link in links.subtracting(ids).sorted() where !link.contains("?") {
                try await client.execute(uri: String(link.dropFirst(base.count)), method: .get) { response in
                    if response.status != .ok { problems.append("\(link): \(response.status.code)") }
                }
            }
            #expect(ids.count >= 8)
            #expect(problems.isEmpty, "\(problems)")
        }
    }

    @Test func pushesWithAWrongTokenTooLargeOrHostileAreRefusedAndNothingIsWritten() async throws {
        let (server, folder) = try Self.makeServer(maximumUpload: 200_000)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(path: folder.appendingPathComponent("store.sqlite").path, create: false)
        let before = try store.canonicalDump()
        let good = try Data(contentsOf: FixturePaths.fixture("text/karlsruhe-653760.txt"))
        try await server.application(logAccess: false).test(.router) { client in
            try await client.execute(
                uri: "/api/documents?name=a.txt", method: .post, headers: [.authorization: "Bearer wrong"],
                body: ByteBuffer(bytes: [UInt8](good))
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"ratsdoc\"")
            }
            try await client.execute(
                uri: "/api/documents?name=a.txt", method: .post, body: ByteBuffer(bytes: [UInt8](good))
            ) { response in
                #expect(response.status == .unauthorized)
            }
            let big = Data(repeating: 0x41, count: 300_000)
            try await client.execute(
                uri: "/api/documents?name=big.txt", method: .post, headers: [.authorization: "Bearer \(Self.token)"],
                body: ByteBuffer(bytes: [UInt8](big))
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
            let hostile = try Data(contentsOf: FixturePaths.fixture("pdf/truncated.pdf"))
            try await client.execute(
                uri: "/api/documents?name=../../etc/evil.pdf", method: .post,
                headers: [.authorization: "Bearer \(Self.token)"], body: ByteBuffer(bytes: [UInt8](hostile))
            ) { response in
                #expect(response.status == .unprocessableContent)
                let object = try Self.object(response.body)
                let error = try #require(object["error"] as? String)
                #expect(error.hasPrefix("etc_evil.pdf: "))
                #expect(error.contains("malformed"))
            }
            try await client.execute(
                uri: "/api/documents?name=x.bin", method: .post, headers: [.authorization: "Bearer \(Self.token)"],
                body: ByteBuffer(bytes: [0x00, 0x01, 0x02, 0xFF, 0xFE])
            ) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            #expect(try store.canonicalDump() == before)
            try await client.execute(uri: "/", method: .get) { response in
                #expect(!String(buffer: response.body).contains("2023/0840/1"))
            }
            // The server is still up, and a good push goes in.
            try await client.execute(
                uri: "/api/documents?name=653760.txt", method: .post,
                headers: [.authorization: "Bearer \(Self.token)"], body: ByteBuffer(bytes: [UInt8](good))
            ) { response in
                #expect(response.status == .created)
                let object = try Self.object(response.body)
                #expect(object["outcome"] as? String == "added")
            }
            try await client.execute(uri: "/api/papers/2023%2F0840%2F1", method: .get) { response in
                #expect(response.status == .ok)
            }
            // The overview (rendered once per store content) shows the pushed paper at once.
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains(">2023/0840/1</a>"))
            }
        }
        let uploads = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("store.sqlite.uploads").path)
        #expect(uploads.sorted() == [".incoming", "653760.txt"])
    }
}

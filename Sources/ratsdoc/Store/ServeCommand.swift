import ArgumentParser
import Foundation
import RatsdocServer

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the store: a JSON API, read-only OParl 1.1, document pushes and German HTML pages.",
        discussion: """
            Pages (German, no JavaScript): / the open papers by committee; /vorlagen/REF a paper's \
            timeline; /suche a search.
            JSON: GET /api/papers?state=pending&committee=NAME&q=TEXT&limit=&offset= (paged); \
            GET /api/papers/REF; GET /api/committees; GET /api/committees/ID/pending; GET /api/meetings/ID.
            OParl 1.1 (read-only): /oparl/v1/system, its body, and the paper, meeting and organization \
            lists (paged, with modified_since).
            Push: POST /api/documents?name=FILE with the document as the body and \
            `Authorization: Bearer TOKEN`. The token comes from --token-file or RATSDOC_TOKEN; without \
            one, pushing is off. The document is converted in a worker process like `ingest` and written \
            to the store; a document that cannot be read is refused (422) and nothing is written.
            /healthz answers 200 while the store can be read. One JSON line per request goes to stderr. \
            SIGTERM or SIGINT stops the server after the requests in flight.

            Example:
              RATSDOC_TOKEN=secret ratsdoc serve --store ratsdoc.sqlite --port 8080
            """)

    @OptionGroup var store: StoreOption

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port: Int = 8080

    @Option(help: "The URL clients reach this server at, for OParl ids (default: http://HOST:PORT).")
    var publicUrl: String?

    @Option(help: "A file whose first line is the bearer token for POST /api/documents (else RATSDOC_TOKEN).")
    var tokenFile: String?

    @Option(help: "The largest document accepted by POST /api/documents, in MiB.")
    var maxUploadMib: Int = 50

    @Option(
        help: "The Pipelines folder (profiles, committee spellings). Default: ./Pipelines or the checkout's.")
    var pipelines: String?

    @Option(help: "Seconds one pushed document may take in its worker.")
    var timeout: Double = 120

    @Option(help: "The day that counts as today, YYYY-MM-DD (default: today in Germany).")
    var today: String?

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1 to 65535") }
        guard maxUploadMib >= 1 else { throw ValidationError("--max-upload-mib must be at least 1") }
    }

    func run() throws {
        let url: URL
        do { url = try PipelinesLocator.locate(pipelines) } catch { throw ValidationError("\(error)") }
        var configuration = ServerConfiguration(storePath: store.path, pipelinesURL: url)
        configuration.host = host
        configuration.port = port
        configuration.publicURL = publicUrl.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        configuration.maximumUploadBytes = maxUploadMib << 20
        configuration.timeout = timeout
        configuration.version = Ratsdoc.configuration.version
        configuration.today = today
        do {
            configuration.token = try ServerConfiguration.token(
                file: tokenFile, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError("--token-file: \(error)")
        }
        let server: TrackingServer
        do {
            server = try TrackingServer(configuration: configuration)
        } catch {
            Output.error("\(error)")
            throw ExitCode(3)
        }
        Output.log(
            "ratsdoc serve: http://\(host):\(port)/ (store \(store.path); pushing \(configuration.token == nil ? "off" : "on"))")
        let done = DispatchSemaphore(value: 0)
        let failure = ServeFailure()
        Task {
            do { try await server.run() } catch { failure.set("\(error)") }
            done.signal()
        }
        done.wait()
        if let message = failure.get() {
            Output.error(message)
            throw ExitCode(1)
        }
    }
}

/// The error that ended the server, read after it ended.
final class ServeFailure: @unchecked Sendable {
    // Invariant: `message` is only touched while holding `lock`.
    private let lock = NSLock()
    private var message: String?
    func set(_ text: String) { lock.withLock { message = text } }
    func get() -> String? { lock.withLock { message } }
}

import Foundation
import Hummingbird
import RatsdocCore
import RatsdocExtract
import RatsdocPipeline
import RatsdocStore

/// `POST /api/documents?name=FILE`: the council system pushes one document (the body, raw bytes).
///
/// Refused, with nothing written: a missing or wrong bearer token (401; the token is compared in
/// constant time), pushing switched off (403, no token configured), a body over the size limit
/// (413), a type ratsdoc does not read (415), a document that fails to convert (422, with the
/// reason). Anything else is kept in the upload folder under its name and ingested as `ingest`
/// does: converted in a worker process with the time and memory limits, written by the one writer.
struct DocumentPush: Sendable {
    let configuration: ServerConfiguration

    func handle(_ request: Request, context: some RequestContext) async throws -> Response {
        guard let token = configuration.token else {
            return TrackingServer.message("error", "pushing documents is switched off (no token configured)", status: .forbidden)
        }
        let presented = request.headers[.authorization].flatMap { value -> String? in
            value.hasPrefix("Bearer ") ? String(value.dropFirst("Bearer ".count)) : nil
        }
        guard let presented, Self.constantTimeEqual(presented, token) else {
            var response = TrackingServer.message("error", "a valid bearer token is needed", status: .unauthorized)
            response.headers[.wwwAuthenticate] = "Bearer realm=\"ratsdoc\""
            return response
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > configuration.maximumUploadBytes {
            return TrackingServer.message(
                "error", "the document is larger than \(configuration.maximumUploadBytes) bytes", status: .contentTooLarge)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: configuration.maximumUploadBytes)
        } catch {
            return TrackingServer.message(
                "error", "the document is larger than \(configuration.maximumUploadBytes) bytes", status: .contentTooLarge)
        }
        let data = Data(body.readableBytesView)
        guard !data.isEmpty else { return TrackingServer.message("error", "the body is empty", status: .badRequest) }
        let requested = request.uri.queryParameters.get("name").flatMap(Self.safeName)
        let mediaType = MediaTypeSniffer.mediaType(head: data.prefix(1024), path: requested ?? "upload")
        guard let fileExtension = Self.extensions[mediaType] else {
            return TrackingServer.message(
                "error", "not a PDF, text, XML export or OParl JSON (\(mediaType))", status: .unsupportedMediaType)
        }
        var name = requested ?? "upload-\(SHA256Digest.hex(of: data).prefix(16))"
        if (name as NSString).pathExtension.lowercased() != fileExtension { name += ".\(fileExtension)" }
        let configuration = self.configuration
        let fileName = name
        // Pushes run one at a time on their own queue (they wait for the store's writer anyway);
        // a queue that is already long answers 503 instead of holding threads and bodies.
        guard Self.waiting.enter(limit: Self.maximumWaitingPushes) else {
            var response = TrackingServer.message(
                "error", "too many documents are waiting to be stored; try again later", status: .serviceUnavailable)
            response.headers[.retryAfter] = "30"
            return response
        }
        let outcome = try await withCheckedThrowingContinuation { continuation in
            Self.pushQueue.async {
                defer { Self.waiting.leave() }
                continuation.resume(with: Result { try Self.ingest(data, name: fileName, configuration: configuration) })
            }
        }
        return try TrackingServer.json(outcome.body, status: outcome.status)
    }

    struct Outcome {
        var status: HTTPResponse.Status
        var body: [String: String]
    }

    /// Converts the document once in a worker to see that it can be read, then ingests it under
    /// its name. A failure leaves nothing behind.
    static func ingest(_ data: Data, name: String, configuration: ServerConfiguration) throws -> Outcome {
        let manager = FileManager.default
        let incoming = configuration.uploadDirectory.appendingPathComponent(".incoming")
        try manager.createDirectory(at: incoming, withIntermediateDirectories: true)
        let staged = incoming.appendingPathComponent("\(UUID().uuidString)-\(name)")
        try data.write(to: staged)
        defer { try? manager.removeItem(at: staged) }
        let pool = WorkerPool(
            executable: configuration.workerExecutable ?? BatchRun.executablePath(),
            workerArguments: [
                "convert", "--worker", "--pipelines", configuration.pipelinesURL.path, "--format", "jsonl",
                "--memory-limit", String(configuration.memoryLimitMiB), "--timeout", String(configuration.timeout), "-",
            ], timeout: configuration.timeout)
        let checked = LockedBox<ConvertedRecord?>(nil)
        pool.run(paths: [staged.path], concurrency: 1) { _, record in checked.set(record) }
        guard let record = checked.get() else {
            return Outcome(status: .internalServerError, body: ["error": "the document got no record"])
        }
        if record.status == PaperDocument.Status.failure.rawValue {
            let reason = record.problem.map { $0.replacingOccurrences(of: staged.path, with: name) } ?? "unreadable"
            // Not a document of a type ratsdoc reads (binary junk, a JSON without OParl): 415.
            let status: HTTPResponse.Status =
                Self.findingCodes(record.record).contains(FindingCode.wrongType.rawValue)
                ? .unsupportedMediaType : .unprocessableContent
            return Outcome(status: status, body: ["error": reason, "status": record.status])
        }
        let target = configuration.uploadDirectory.appendingPathComponent(name)
        // The file it replaces comes back when the new one cannot be stored.
        let previous = URL(fileURLWithPath: target.path + ".previous")
        try? manager.removeItem(at: previous)
        let replacing = manager.fileExists(atPath: target.path)
        if replacing { try manager.moveItem(at: target, to: previous) }
        func restore() {
            try? manager.removeItem(at: target)
            if replacing { try? manager.moveItem(at: previous, to: target) }
        }
        let report: StoreIngest.Report
        do {
            try AtomicFile.write(data, to: target)
            var batch = BatchOptions(inputs: [target.path])
            batch.jobs = 1
            batch.timeout = configuration.timeout
            batch.memoryLimit = configuration.memoryLimitMiB
            batch.version = configuration.version
            batch.workerExecutable = configuration.workerExecutable
            var options = StoreIngest.Options(batch: batch)
            options.wait = true
            options.arguments = ["serve", "POST /api/documents", name]
            let library = try ProfileLibrary(directory: configuration.pipelinesURL.appendingPathComponent("profiles"))
            let converter = PaperFileConverter(
                pipeline: Pipeline(
                    converter: VorlageConverter(profiles: library), pipelinesDirectory: configuration.pipelinesURL),
                format: .jsonl, pretty: false, baseURL: batch.baseURL)
            report = try StoreIngest.run(
                storePath: configuration.storePath, options: options, pipelinesURL: configuration.pipelinesURL,
                paperConverter: converter, observer: SilentObserver())
        } catch {
            restore()
            return Outcome(status: .internalServerError, body: ["error": "the document could not be stored: \(error)"])
        }
        if !report.errors.isEmpty {
            restore()
            return Outcome(
                status: .internalServerError,
                body: ["error": "the document could not be stored: " + report.errors.joined(separator: "; ")])
        }
        try? manager.removeItem(at: previous)
        let path = target.path
        let outcome =
            report.added.contains(path) ? "added" : report.updated.contains(path) ? "updated" : "unchanged"
        let stored =
            report.failed.contains(path) ? "failure" : report.partial.contains(path) ? "partial" : record.status
        return Outcome(
            status: outcome == "added" ? .created : .ok,
            body: ["name": name, "outcome": outcome, "status": stored, "run": String(report.run)])
    }

    static let pushQueue = DispatchQueue(label: "ratsdoc.push")
    /// Pushes waiting for or in the push queue at most; more get 503.
    static let maximumWaitingPushes = 8
    static let waiting = WaitingCount()

    /// How many pushes wait; `enter` refuses past a limit.
    final class WaitingCount: @unchecked Sendable {
        // Invariant: `count` is only touched while holding `lock`.
        private let lock = NSLock()
        private var count = 0

        func enter(limit: Int) -> Bool {
            lock.withLock {
                guard count < limit else { return false }
                count += 1
                return true
            }
        }

        func leave() { lock.withLock { count -= 1 } }
    }

    /// The finding codes of a record (its JSON).
    static func findingCodes(_ record: String) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any],
            let findings = object["findings"] as? [[String: Any]]
        else { return [] }
        return findings.compactMap { $0["code"] as? String }
    }

    static let extensions: [String: String] = [
        MediaTypeSniffer.pdf: "pdf", MediaTypeSniffer.text: "txt", MediaTypeSniffer.xml: "xml",
        MediaTypeSniffer.json: "json",
    ]

    /// A file name with its folders joined by "_" (`2024/0061.pdf` → `2024_0061.pdf`, so two
    /// folders' files never share a name), no "." or ".." parts, no dots in front, only letters,
    /// digits, "-", "_" and "."; nil when nothing is left.
    static func safeName(_ raw: String) -> String? {
        let parts = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).filter { $0 != "." && $0 != ".." }
        let joined = parts.joined(separator: "_")
        let kept = joined.unicodeScalars.filter { scalar in
            CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar)
        }
        var name = String(String.UnicodeScalarView(kept))
        while name.hasPrefix(".") { name.removeFirst() }
        guard !name.isEmpty, name.count <= 200 else { return nil }
        return name.precomposedStringWithCanonicalMapping
    }

    /// Compares every byte whatever the first difference, so the time tells nothing of the token.
    static func constantTimeEqual(_ presented: String, _ expected: String) -> Bool {
        let a = Array(presented.utf8)
        let b = Array(expected.utf8)
        var difference: UInt8 = a.count == b.count ? 0 : 1
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}

/// A value set from one thread and read from another.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    // Invariant: `value` is only touched while holding `lock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func get() -> Value { lock.withLock { value } }
}

/// A batch observer that says nothing (pushes report in their response).
struct SilentObserver: BatchObserver {
    func begin(total: Int) {}
    func problem(_ line: String) {}
    func progress(path: String, status: String) {}
    func summary(_ line: String) {}
    func end() {}
}

public import Foundation

/// How `ratsdoc serve` runs: where the store is, where it listens, who may push documents.
public struct ServerConfiguration: Sendable {
    public var storePath: String
    public var host = "127.0.0.1"
    public var port = 8080
    /// The URL clients reach the server at, for OParl ids (`https://ris.example.org`); default
    /// `http://HOST:PORT`.
    public var publicURL: String?
    /// The Pipelines folder: profiles for ingest, committee spellings for tracking.
    public var pipelinesURL: URL
    /// The bearer token that `POST /api/documents` needs; nil turns pushing off (403).
    public var token: String?
    /// The largest upload accepted, in bytes (413 above it).
    public var maximumUploadBytes = 50 << 20
    /// Where pushed documents are kept (they are the store's sources): `<store>.uploads` by default.
    public var uploadDirectory: URL
    /// Worker settings for pushed documents, as `ingest` takes them.
    public var timeout: TimeInterval = 120
    public var memoryLimitMiB = 4096
    /// The ratsdoc executable that converts pushed documents in worker processes; nil: this one.
    public var workerExecutable: String?
    /// The version and the build, for the OParl system object and the logs.
    public var version = ""
    /// The day that counts as today (tests); nil: today in Germany.
    public var today: String?

    public init(storePath: String, pipelinesURL: URL) {
        self.storePath = storePath
        self.pipelinesURL = pipelinesURL
        self.uploadDirectory = URL(fileURLWithPath: storePath + ".uploads")
    }

    /// The token from a file (first line) or the environment variable `RATSDOC_TOKEN`.
    /// - Throws: when the file cannot be read or holds no token.
    public static func token(file: String?, environment: [String: String]) throws -> String? {
        if let file {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            guard let line = text.split(whereSeparator: \.isNewline).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces), !line.isEmpty
            else { throw ServerError("\(file): no token in it") }
            return line
        }
        return environment["RATSDOC_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

public struct ServerError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

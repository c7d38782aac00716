import Foundation

/// Everything a batch run needs to know besides its inputs' bytes: what the CLI's `convert`
/// options say, for any caller (the CLI, a nightly ingest, a server).
public struct BatchOptions: Sendable {
    public var inputs: [String]
    /// Write one record per input into this folder (incremental), or JSON Lines to stdout.
    public var output: String?
    public var format: RecordFormat = .json
    public var profile: String?
    public var baseURL: String = "https://ratsdoc.invalid/oparl"
    public var mapping: String?
    public var recover = false
    public var jobs = 1
    public var timeout: TimeInterval = 120
    public var memoryLimit = 4096
    /// UNSAFE: convert in this process (no time or memory limit).
    public var inProcess = false
    public var force = false
    public var prune = false
    public var report: String?
    /// The ratsdoc version, part of the fingerprint.
    public var version = ""
    /// The arguments that start a worker: the executable's subcommand (`convert`) precedes `--worker`.
    public var workerCommand = "convert"
    /// The ratsdoc executable that runs the workers; nil: this process's own executable.
    public var workerExecutable: String?

    public init(inputs: [String]) { self.inputs = inputs }
}

/// What a batch tells its caller while it runs: lines for problems (one per failed or partial
/// input, warnings), progress per input, and the closing summary.
public protocol BatchObserver: Sendable {
    func begin(total: Int)
    func problem(_ line: String)
    func progress(path: String, status: String)
    func summary(_ line: String)
    func end()
}

/// A batch that cannot start: missing inputs, nothing to convert.
public struct ConvertFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

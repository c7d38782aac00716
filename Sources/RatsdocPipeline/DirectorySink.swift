import Foundation
import RatsdocCore

/// One `<relative input path>.json` per input in a directory (the input's path relative to its
/// root argument, mirrored: `a.pdf` → `a.pdf.json`, `2024/b.txt` → `2024/b.txt.json`), written
/// atomically (a temporary file, then a rename), and a state file `.ratsdoc-state.json` that
/// records, per output, the input it was made from, the input's SHA-256 and the record's status,
/// under a fingerprint of the configuration and the ratsdoc build. That makes the next run
/// incremental and honest: an input skipped because its output is current still counts with the
/// status it had.
final class DirectorySink: RecordSink, @unchecked Sendable {
    // Invariant: `state` and `writesSinceSave` are only touched while holding `lock`.
    private let lock = NSLock()
    private let directory: URL
    private let fingerprint: String
    private let outputNames: [String: String]
    private var state: [String: StateFile.Entry]
    private var writesSinceSave = 0
    /// A line for stderr about the state file (unreadable, or made by another configuration).
    let stateNotice: String?

    static let stateFileName = ".ratsdoc-state.json"
    /// The state file is saved after this many writes, or after a tenth of the entries it holds
    /// when that is more: each save writes the whole file, so saving at a fixed interval would
    /// cost the square of the batch's size. A kill loses the state of at most that many outputs;
    /// the next run converts their inputs again.
    static let minimumWritesBetweenSaves = 50
    static let savedShareBetweenSaves = 10
    /// Temporary files of an unfinished write end in this; a new run removes them.
    static let temporarySuffix = AtomicFile.temporarySuffix

    struct StateFile: Codable {
        struct Entry: Codable {
            var input: String
            var sha256: String
            var status: String
        }

        var version: Int
        var fingerprint: String
        var outputs: [String: Entry]
    }

    /// - Parameter inputs: every input of the run with its output name (``outputName(for:)``).
    init(directory: String, outputNames: [String: String], fingerprint: String) throws {
        self.directory = URL(fileURLWithPath: directory)
        self.fingerprint = fingerprint
        self.outputNames = outputNames
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        Self.removeTemporaryFiles(in: self.directory)
        let stateURL = self.directory.appendingPathComponent(Self.stateFileName)
        var notice: String?
        var loaded: [String: StateFile.Entry] = [:]
        if let data = try? Data(contentsOf: stateURL) {
            if let saved = try? JSONDecoder().decode(StateFile.self, from: data), saved.version == 2 {
                if saved.fingerprint == fingerprint {
                    loaded = saved.outputs
                } else {
                    notice = "the configuration or the ratsdoc build changed since the last run; converting every input"
                }
            } else {
                notice = "\(stateURL.path) is unreadable or of an older format; converting every input"
            }
        }
        state = loaded
        stateNotice = notice
    }

    /// The output name of an input: its path relative to its root argument, in NFC, plus `.json`.
    static func outputName(for relative: String) -> String {
        relative.precomposedStringWithCanonicalMapping + ".json"
    }

    /// The recorded status of the input's output when that output is current (the file exists and
    /// was made from the same bytes under the same fingerprint); nil otherwise.
    func previousStatus(path: String) -> String? {
        guard let name = outputNames[path] else { return nil }
        let recorded = lock.withLock { state[name] }
        guard let recorded, FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path),
            recorded.sha256 == Pipeline.digest(path)
        else { return nil }
        return recorded.status
    }

    func write(index: Int, record: ConvertedRecord) throws {
        guard let name = outputNames[record.path] else { return }
        let target = directory.appendingPathComponent(name)
        try Self.writeAtomically(Data((record.record + "\n").utf8), to: target)
        let digest = record.sha256.flatMap { $0.isEmpty ? nil : $0 } ?? Pipeline.digest(record.path)
        let shouldSave: Bool = lock.withLock {
            // A run-level failure (timeout, crash) is not remembered: the next run tries again.
            state[name] =
                record.transient == true ? nil : StateFile.Entry(input: record.path, sha256: digest, status: record.status)
            writesSinceSave += 1
            return writesSinceSave >= max(Self.minimumWritesBetweenSaves, state.count / Self.savedShareBetweenSaves)
        }
        if shouldSave { try saveState() }
    }

    func skip(index: Int, path: String) {}

    func finish() throws { try saveState() }

    /// Outputs of inputs that no longer exist: recorded in the state, not an input of this run,
    /// and their input path is gone. With `remove`, their files and state entries are deleted.
    func staleOutputs(remove: Bool) -> [String] {
        let current = Set(outputNames.values)
        let stale: [String] = lock.withLock {
            state.filter { name, entry in
                !current.contains(name) && !FileManager.default.fileExists(atPath: entry.input)
            }.map(\.key).sorted()
        }
        if remove {
            for name in stale { try? FileManager.default.removeItem(at: directory.appendingPathComponent(name)) }
            lock.withLock { for name in stale { state[name] = nil } }
        }
        return stale
    }

    private func saveState() throws {
        let snapshot: StateFile = lock.withLock {
            writesSinceSave = 0
            return StateFile(version: 2, fingerprint: fingerprint, outputs: state)
        }
        try Self.writeAtomically(
            try JSONOutput.data(snapshot, pretty: true), to: directory.appendingPathComponent(Self.stateFileName))
    }

    static func writeAtomically(_ data: Data, to target: URL) throws { try AtomicFile.write(data, to: target) }

    /// Removes the temporary files an interrupted run left behind.
    static func removeTemporaryFiles(in directory: URL) {
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return }
        for case let relative as String in enumerator where relative.hasSuffix(temporarySuffix) {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(relative))
        }
    }
}

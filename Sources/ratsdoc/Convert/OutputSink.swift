import Foundation
import RatsdocCore

/// Where converted records go.
protocol OutputSink: Sendable {
    /// True when the input's output exists and was made from the same bytes and configuration.
    func isCurrent(path: String) -> Bool
    func write(index: Int, record: ConvertedRecord) throws
    /// The input at `index` is skipped (its output is current).
    func skip(index: Int)
    func finish() throws
}

/// JSON Lines on stdout, in input order: records that finish early wait for those before them.
final class StreamSink: OutputSink, @unchecked Sendable {
    // Invariant: `pending` and `next` are only touched while holding `lock`.
    private let lock = NSLock()
    private var pending: [Int: String?] = [:]
    private var next = 0
    private let count: Int

    init(count: Int) { self.count = count }

    func isCurrent(path: String) -> Bool { false }

    func write(index: Int, record: ConvertedRecord) throws {
        let line = record.record.contains("\n") ? Self.compact(record.record) : record.record
        emit(index: index, line: line)
    }

    func skip(index: Int) { emit(index: index, line: nil) }

    private func emit(index: Int, line: String?) {
        lock.withLock {
            pending[index] = .some(line)
            var output = ""
            while let entry = pending[next] {
                pending[next] = nil
                if let text = entry { output += text + "\n" }
                next += 1
            }
            if !output.isEmpty { FileHandle.standardOutput.write(Data(output.utf8)) }
        }
    }

    func finish() throws {}

    private static func compact(_ json: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)),
            let data = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return json.replacingOccurrences(of: "\n", with: " ") }
        return String(decoding: data, as: UTF8.self)
    }
}

/// One `<name>.json` per input in a directory, written atomically (temporary file + rename), and a
/// state file `.ratsdoc-state.json` recording each output's input digest and the configuration
/// fingerprint, which makes the next run incremental.
final class DirectorySink: OutputSink, @unchecked Sendable {
    // Invariant: `state` is only touched while holding `lock`.
    private let lock = NSLock()
    private let directory: URL
    private let fingerprint: String
    private let outputNames: [String: String]
    private var state: [String: String]
    private var writesSinceSave = 0

    struct StateFile: Codable {
        var fingerprint: String
        var outputs: [String: String]
    }

    init(directory: String, inputs: [String], fingerprint: String) throws {
        self.directory = URL(fileURLWithPath: directory)
        self.fingerprint = fingerprint
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        outputNames = Self.outputNames(for: inputs)
        let stateURL = self.directory.appendingPathComponent(".ratsdoc-state.json")
        if let data = try? Data(contentsOf: stateURL),
            let saved = try? JSONDecoder().decode(StateFile.self, from: data),
            saved.fingerprint == fingerprint
        {
            state = saved.outputs
        } else {
            state = [:]
        }
    }

    /// `<input name without extension>.json`; when two inputs share a name, the extension is kept
    /// (`a.pdf.json`, `a.txt.json`), and when that is not enough, the parent folder is prefixed.
    static func outputNames(for inputs: [String]) -> [String: String] {
        func stem(_ path: String) -> String { ((path as NSString).lastPathComponent as NSString).deletingPathExtension }
        var byStem: [String: [String]] = [:]
        for input in inputs { byStem[stem(input), default: []].append(input) }
        var names: [String: String] = [:]
        var used: Set<String> = []
        for input in inputs {
            var name = stem(input) + ".json"
            if (byStem[stem(input)]?.count ?? 0) > 1 { name = (input as NSString).lastPathComponent + ".json" }
            if used.contains(name) {
                let parent = ((input as NSString).deletingLastPathComponent as NSString).lastPathComponent
                name = parent + "__" + name
            }
            var unique = name
            var counter = 2
            while used.contains(unique) {
                unique = "\(counter)__" + name
                counter += 1
            }
            used.insert(unique)
            names[input] = unique
        }
        return names
    }

    func isCurrent(path: String) -> Bool {
        guard let name = outputNames[path] else { return false }
        let recorded = lock.withLock { state[name] }
        guard let recorded, FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) else {
            return false
        }
        return recorded == PaperFileConverter.digest(path)
    }

    func write(index: Int, record: ConvertedRecord) throws {
        guard let name = outputNames[record.path] else { return }
        let target = directory.appendingPathComponent(name)
        try Data((record.record + "\n").utf8).write(to: target, options: .atomic)
        let digest = Self.sourceDigest(record.record) ?? PaperFileConverter.digest(record.path)
        let shouldSave: Bool = lock.withLock {
            // A run-level failure (timeout, crash) is not remembered: the next run tries again.
            state[name] = record.transient == true ? nil : digest
            writesSinceSave += 1
            return writesSinceSave >= 50
        }
        if shouldSave { try saveState() }
    }

    func skip(index: Int) {}

    func finish() throws { try saveState() }

    private func saveState() throws {
        let snapshot: StateFile = lock.withLock {
            writesSinceSave = 0
            return StateFile(fingerprint: fingerprint, outputs: state)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(snapshot).write(
            to: directory.appendingPathComponent(".ratsdoc-state.json"), options: .atomic)
    }

    /// The `source.sha256` of a record, so the state matches what the record says it was made from.
    private static func sourceDigest(_ json: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let source = object["source"] as? [String: Any], let digest = source["sha256"] as? String, !digest.isEmpty
        else { return nil }
        return digest
    }
}

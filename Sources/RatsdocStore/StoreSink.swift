import Foundation
import GRDB
import RatsdocCore
import RatsdocPipeline

/// The batch run's records into the store: each input in its own transaction, written by this one
/// writer while the workers only parse.
///
/// Records are committed in input order (one that finishes early waits for those before it), so
/// when two inputs hold the same meeting, the later input holds it, and a run that was killed and
/// run again ends where one uninterrupted run ends.
final class StoreSink: RecordSink, @unchecked Sendable {
    /// What a run did to the store.
    struct Tally: Sendable, Codable {
        var added = 0
        var updated = 0
        var unchanged = 0
        var withdrawn = 0
        var failed = 0
        var partial = 0
        /// Records that could not be written (a line each in `errors`).
        var writeErrors = 0
    }

    // Invariant: everything below `lock` is only touched while holding it.
    private let lock = NSLock()
    private let store: Store
    private let writer: DocumentWriter
    private let retryFailed: Bool
    private var outputNames: [String: String] = [:]
    private var pending: [Int: ConvertedRecord?] = [:]
    private var next = 0
    private var skippedSources: [Int64] = []
    private var currentSources: [String: Int64] = [:]
    private(set) var tally = Tally()
    /// Input path → what happened to it: added, updated, unchanged; failed and partial inputs are
    /// also listed in `problems` with their status.
    private(set) var outcomes: [String: String] = [:]
    private(set) var problems: [String: String] = [:]
    private(set) var errors: [String] = []
    /// Inputs counted by their status in ``Tally`` (failure, partial) without a new version.
    private var unchangedStatus: [String: String] = [:]

    /// How many unchanged sources are collected before their `lastSeen` is written.
    static let touchBatch = 500

    init(store: Store, writer: DocumentWriter, retryFailed: Bool) {
        self.store = store
        self.writer = writer
        self.retryFailed = retryFailed
    }

    func begin(outputNames: [String: String]) {
        lock.withLock { self.outputNames = outputNames }
    }

    /// Every input of the run, by absolute path (for `--snapshot`).
    var inputPaths: Set<String> {
        lock.withLock { Set(outputNames.keys.map(InputFiles.absolute)) }
    }

    func previousStatus(path: String) -> String? {
        let absolute = InputFiles.absolute(path)
        let row = try? store.database.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT s.id, s.sha256, v.status FROM source s JOIN documentVersion v ON v.id = s.currentVersionId
                    WHERE s.path = ?
                    """, arguments: [absolute])
        }
        guard let row, let status: String = row["status"], let recorded: String = row["sha256"] else { return nil }
        if retryFailed && status == PaperDocument.Status.failure.rawValue { return nil }
        guard recorded == Pipeline.digest(path) else { return nil }
        lock.withLock {
            currentSources[path] = row["id"]
            unchangedStatus[path] = status
        }
        return status
    }

    func skip(index: Int, path: String) {
        lock.withLock {
            tally.unchanged += 1
            outcomes[path] = DocumentWriter.Outcome.unchanged.rawValue
            switch unchangedStatus[path] {
            case "failure":
                tally.failed += 1
                problems[path] = "failure"
            case "partial":
                tally.partial += 1
                problems[path] = "partial"
            default: break
            }
            if let id = currentSources[path] { skippedSources.append(id) }
            if skippedSources.count >= Self.touchBatch { flushTouches() }
            pending[index] = .some(nil)
            drain()
        }
    }

    func write(index: Int, record: ConvertedRecord) throws {
        lock.withLock {
            pending[index] = .some(record)
            drain()
        }
    }

    func finish() throws {
        lock.withLock {
            flushTouches()
            // Inputs that never came (a run stopped early) leave gaps: commit what is there.
            for index in pending.keys.sorted() {
                if case .some(.some(let record)) = pending[index] { commit(record) }
            }
            pending = [:]
        }
    }

    /// Commits the records that are next in input order. Caller holds `lock`.
    private func drain() {
        while let entry = pending[next] {
            pending[next] = nil
            next += 1
            if let record = entry { commit(record) }
        }
    }

    /// One input, one transaction. Caller holds `lock`.
    private func commit(_ record: ConvertedRecord) {
        let absolute = InputFiles.absolute(record.path)
        var info = stat()
        let size = stat(record.path, &info) == 0 ? Int64(info.st_size) : 0
        let input = DocumentWriter.Input(
            absolutePath: absolute, displayPath: record.path,
            outputName: outputNames[record.path] ?? ((record.path as NSString).lastPathComponent + ".json"),
            size: size)
        do {
            let outcome = try store.database.write { db in try writer.write(record, input: input, in: db) }
            switch outcome {
            case .added: tally.added += 1
            case .updated: tally.updated += 1
            case .unchanged: tally.unchanged += 1
            }
            outcomes[record.path] = outcome.rawValue
            switch record.status {
            case PaperDocument.Status.failure.rawValue:
                tally.failed += 1
                problems[record.path] = record.status
            case PaperDocument.Status.partial.rawValue:
                tally.partial += 1
                problems[record.path] = record.status
            default: break
            }
        } catch {
            tally.writeErrors += 1
            problems[record.path] = "failure"
            outcomes[record.path] = "not written"
            errors.append("\(record.path): cannot write to the store: \(error)")
        }
    }

    /// Writes `lastSeen` of the unchanged sources collected so far. Caller holds `lock`.
    private func flushTouches() {
        guard !skippedSources.isEmpty else { return }
        let ids = skippedSources
        skippedSources = []
        let marks = databaseQuestionMarks(count: ids.count)
        var arguments: StatementArguments = [writer.now, writer.runId]
        arguments += StatementArguments(ids)
        do {
            try store.database.write { db in
                let back = try Int64.fetchAll(
                    db,
                    sql: "SELECT id FROM source WHERE withdrawn = 1 AND id IN (\(marks))",
                    arguments: StatementArguments(ids))
                try db.execute(
                    sql: """
                        UPDATE source SET lastSeen = ?, lastRunId = ?, withdrawn = 0, withdrawnAt = NULL
                        WHERE id IN (\(marks))
                        """, arguments: arguments)
                // Sources that were withdrawn and are back: their papers point at them again.
                for id in back { try DocumentWriter.refreshPapers(of: id, in: db, tracker: writer.tracker) }
            }
        } catch {
            errors.append("cannot record the unchanged inputs as seen: \(error)")
        }
    }
}

public import Foundation
import GRDB
public import RatsdocPipeline

/// `ratsdoc ingest`: the pipeline's batch run (the same inputs, workers and records as
/// `convert`) written into a store instead of a folder.
///
/// One ingest per store at a time (``StoreLock``). The run is a row in `run`, marked `running`
/// until it ends; a run found still `running` by the next one was killed and becomes
/// `interrupted`. Inputs whose bytes match their source's current version are not parsed again:
/// only their `lastSeen` moves. A failure version counts as current too (the same bytes fail the
/// same way) unless `retryFailed`.
public enum StoreIngest {
    public struct Options: Sendable {
        public var batch: BatchOptions
        /// Mark sources that are not inputs of this run as withdrawn (never deleted).
        public var snapshot = false
        /// Parse inputs whose current version is a failure again.
        public var retryFailed = false
        /// Queue behind another ingest instead of refusing.
        public var wait = false
        /// The command line, kept with the run.
        public var arguments: [String] = []

        public init(batch: BatchOptions) { self.batch = batch }
    }

    /// What one ingest did: counts, and the inputs in each class.
    public struct Report: Sendable, Codable {
        public var run: Int64
        public var added: [String] = []
        public var updated: [String] = []
        public var unchanged: [String] = []
        public var withdrawn: [String] = []
        /// Inputs whose current version is a failure (new this run or unchanged), and partial ones.
        public var failed: [String] = []
        public var partial: [String] = []
        /// Inputs that got no record at all (the batch's warnings) and records the store could not take.
        public var errors: [String] = []
        public var seconds: Double = 0
        /// Peak RSS in MiB of the ingest process and of its largest worker.
        public var peakResidentMiB: [String: Double] = [:]

        /// True when any input failed or was partial, now or unchanged since: the exit status is 1.
        public var hasProblems: Bool { !failed.isEmpty || !partial.isEmpty || !errors.isEmpty }

        public var summaryLine: String {
            "ratsdoc ingest: run \(run): \(added.count) added, \(updated.count) updated, \(unchanged.count) unchanged, "
                + "\(withdrawn.count) withdrawn, \(failed.count) failed, \(partial.count) partial"
                + (errors.isEmpty ? "" : ", \(errors.count) errors")
                + String(format: " in %.2f s", seconds)
        }
    }

    /// Runs one ingest into the store at `storePath` (created when missing).
    /// - Throws: ``StoreError`` when the store cannot be opened or another ingest holds it;
    ///   ``ConvertFailure`` when an input is missing or there is nothing to ingest.
    public static func run(
        storePath: String, options: Options, pipelinesURL: URL, paperConverter: PaperFileConverter,
        observer: any BatchObserver
    ) throws -> Report {
        let started = Date()
        // The lock comes first: two ingests never migrate one new store at once.
        return try StoreLock.withExclusiveLock(store: storePath, wait: options.wait) {
            let store = try Store(path: storePath)
            let tracker: StatusTracker
            do {
                tracker = try StatusTracker.load(pipelinesDirectory: pipelinesURL)
            } catch {
                throw ConvertFailure("\(pipelinesURL.path)/vocabulary/committees.yml: \(error)")
            }
            let now = Store.timestamp()
            let build = "ratsdoc \(options.batch.version) (\(BatchRun.buildIdentifier()))"
            let runId: Int64 = try store.database.write { db in
                // A run still marked running was killed: it keeps the versions it committed.
                try db.execute(
                    sql: """
                        UPDATE run SET state = 'interrupted',
                            added = (SELECT COUNT(*) FROM documentVersion v WHERE v.runId = run.id AND v.number = 1),
                            updated = (SELECT COUNT(*) FROM documentVersion v WHERE v.runId = run.id AND v.number > 1),
                            failed = (SELECT COUNT(*) FROM documentVersion v WHERE v.runId = run.id AND v.status = 'failure'),
                            partial = (SELECT COUNT(*) FROM documentVersion v WHERE v.runId = run.id AND v.status = 'partial')
                        WHERE state = 'running'
                        """)
                try db.execute(
                    sql: "INSERT INTO run (startedAt, state, build, arguments, snapshot) VALUES (?, 'running', ?, ?, ?)",
                    arguments: [now, build, try DocumentWriter.json(options.arguments), options.snapshot])
                let id = db.lastInsertedRowID
                // A store made before tracking existed gets its statuses once.
                _ = try tracker.fillMissing(in: db)
                return id
            }
            var batch = options.batch
            // The workers write the contract compact; the store keeps it as it came.
            batch.format = .jsonl
            batch.output = nil
            batch.workerCommand = "convert"
            let sink = StoreSink(
                store: store, writer: DocumentWriter(runId: runId, build: build, now: now, tracker: tracker),
                retryFailed: options.retryFailed)
            let batchRun: BatchRun
            do {
                batchRun = try BatchRun(
                    options: batch, pipelinesURL: pipelinesURL, paperConverter: paperConverter, observer: observer,
                    sink: sink)
            } catch {
                try? store.database.write { db in try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [runId]) }
                throw error
            }
            _ = try batchRun.execute()
            var report = Report(run: runId)
            if options.snapshot {
                report.withdrawn = try withdraw(keeping: sink.inputPaths, store: store, now: now, tracker: tracker)
            }
            for (path, outcome) in sink.outcomes.sorted(by: { $0.key < $1.key }) {
                switch outcome {
                case "added": report.added.append(path)
                case "updated": report.updated.append(path)
                case "unchanged": report.unchanged.append(path)
                default: break
                }
            }
            for (path, status) in sink.problems.sorted(by: { $0.key < $1.key }) {
                if status == "partial" { report.partial.append(path) } else { report.failed.append(path) }
            }
            report.errors = batchRun.warnings + sink.errors
            report.seconds = (Date().timeIntervalSince(started) * 1000).rounded() / 1000
            report.peakResidentMiB = [
                "parent": PeakMemory.megabytes(children: false), "workers": PeakMemory.megabytes(children: true),
            ]
            try store.database.write { db in
                try db.execute(
                    sql: """
                        UPDATE run SET finishedAt = ?, state = 'finished', added = ?, updated = ?, unchanged = ?,
                            withdrawn = ?, failed = ?, partial = ?
                        WHERE id = ?
                        """,
                    arguments: [
                        Store.timestamp(), report.added.count, report.updated.count, report.unchanged.count,
                        report.withdrawn.count, report.failed.count + report.errors.count, report.partial.count, runId,
                    ])
            }
            return report
        }
    }

    /// Marks every source that is not among `inputs` (absolute paths) withdrawn; returns their paths.
    static func withdraw(keeping inputs: Set<String>, store: Store, now: String, tracker: StatusTracker) throws
        -> [String]
    {
        try store.database.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, path, displayPath FROM source WHERE withdrawn = 0")
            var withdrawn: [String] = []
            for row in rows {
                let path: String = row["path"]
                guard !inputs.contains(path) else { continue }
                let id: Int64 = row["id"]
                try db.execute(
                    sql: "UPDATE source SET withdrawn = 1, withdrawnAt = ? WHERE id = ?", arguments: [now, id])
                try DocumentWriter.refreshPapers(of: id, in: db, tracker: tracker)
                withdrawn.append(row["displayPath"])
            }
            return withdrawn.sorted()
        }
    }
}

import Foundation
import RatsdocCore

/// Where a batch run's records go: a folder of files (``BatchRun`` with `--output`), JSON Lines on
/// stdout, or a caller's own sink (the store's ingest).
public protocol RecordSink: Sendable {
    /// Called once before the run starts: every input's path with its output name (its path
    /// relative to its root argument, NFC, plus `.json`: `2024/b.txt` → `2024/b.txt.json`).
    func begin(outputNames: [String: String])
    /// The status the input's record had when that record is current (made from the same bytes, so
    /// the input need not be converted again); nil when the input must be converted.
    func previousStatus(path: String) -> String?
    /// One finished record, from any thread. `index` is the input's position in the run.
    func write(index: Int, record: ConvertedRecord) throws
    /// The input at `index` gets no new record (its record is current).
    func skip(index: Int, path: String)
    /// The run is over: flush what is buffered.
    func finish() throws
}

extension RecordSink {
    public func begin(outputNames: [String: String]) {}
}

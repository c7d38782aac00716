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

import Foundation

/// JSON Lines on stdout, in input order: records that finish early wait for those before them.
final class StreamSink: RecordSink, @unchecked Sendable {
    // Invariant: `pending` and `next` are only touched while holding `lock`.
    private let lock = NSLock()
    private var pending: [Int: String?] = [:]
    private var next = 0
    private let count: Int

    init(count: Int) { self.count = count }

    func previousStatus(path: String) -> String? { nil }

    func write(index: Int, record: ConvertedRecord) throws {
        // Records for a stream are encoded compact (one line each) by the caller.
        emit(index: index, line: record.record.replacingOccurrences(of: "\n", with: " "))
    }

    func skip(index: Int, path: String) { emit(index: index, line: nil) }

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
}

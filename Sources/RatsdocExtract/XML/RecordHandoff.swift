import Foundation
import RatsdocCore

/// A bounded queue that hands flat XML records from the reading thread to a mapping thread, so
/// that parsing (libxml2) and mapping (Swift) use both cores on large exports. At most
/// `capacity` records wait; the reader blocks when the mapper falls behind, so memory stays flat.
final class RecordHandoff: @unchecked Sendable {
    // Invariant: `queue`, `finished` and `cancelled` are read and written only while holding
    // `condition`'s lock; records are value copies, owned by the queue until taken.
    private let condition = NSCondition()
    private var queue: [(index: Int, record: XMLRecord)] = []
    private var head = 0
    private var finished = false
    private var cancelled = false
    let capacity: Int

    init(capacity: Int = 256) { self.capacity = capacity }

    /// Adds a record; blocks while the queue is full. Returns false once the consumer cancelled.
    @discardableResult
    func put(_ index: Int, _ record: XMLRecord) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count - head >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append((index, record))
        condition.broadcast()
        return true
    }

    /// No more records will come.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer stops taking records (the producer's `put` returns false from now on).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next record, or nil when the producer finished and the queue is empty.
    func take() -> (index: Int, record: XMLRecord)? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count && !finished && !cancelled { condition.wait() }
        guard head < queue.count, !cancelled else { return nil }
        let item = queue[head]
        head += 1
        if head > 256 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return item
    }
}

import Foundation
import RatsdocCore

/// Reads a file in large chunks and computes the SHA-256 of exactly the bytes read, on a second
/// thread for large files (hashing in pure Swift costs about as much as parsing, and the machine
/// has cores to spare), inline for small ones.
///
/// Buffers come from a small pool: the reader fills one, hands it to the hashing thread and may
/// read from it until it asks for the next chunk; the hashing thread puts it back into the pool
/// once it has hashed it. So at most `poolSize` chunks exist, and no chunk is overwritten before
/// it is hashed.
///
/// `@unchecked Sendable` invariant: the pool state (`free`, `submitted`, `noMoreChunks`,
/// `cancelled`, `workerDone`, `current`) is read and written only while `condition` is locked;
/// `bytesRead` and `endOfFile` only by the owning thread; `digest` only by the hashing thread
/// until `finish()` has seen `workerDone` (and by the owning thread in inline mode). The buffers are allocated in
/// `init` and freed in `deinit`; the hashing thread keeps the object alive while it runs, and
/// `finish()`/`cancel()` wait for it to leave, so no buffer is used after the call that created
/// this reader returns.
final class ChunkedHashingReader: @unchecked Sendable {
    static let chunkSize = 1 << 20
    static let poolSize = 8

    private let fileDescriptor: Int32
    private let background: Bool
    private let condition = NSCondition()
    private var buffers: [UnsafeMutableRawBufferPointer] = []
    private var free: [Int] = []
    private var submitted: [(index: Int, count: Int)] = []
    private var noMoreChunks = false
    private var cancelled = false
    private var workerDone = false
    private var digest = SHA256Digest()
    /// The chunk the owner reads from now (not yet back in the pool from the owner's view).
    private var current: Int?
    private(set) var bytesRead = 0
    private(set) var endOfFile = false

    /// - Parameter background: hash on a second thread (use for inputs larger than one chunk).
    init(fileDescriptor: Int32, background: Bool) {
        self.fileDescriptor = fileDescriptor
        self.background = background
        let count = background ? Self.poolSize : 1
        for index in 0..<count {
            buffers.append(.allocate(byteCount: Self.chunkSize, alignment: 64))
            free.append(index)
        }
        if background {
            let thread = Thread { [self] in
                lowerHelperThreadPriority()
                work()
            }
            thread.name = "ratsdoc-sha256"
            thread.start()
        } else {
            workerDone = true
        }
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
    }

    /// Reads the next chunk (up to 1 MiB) and returns a view of it, valid until the next call;
    /// empty at the end of the file or on a read error.
    func nextChunk() -> UnsafeRawBufferPointer {
        guard !endOfFile else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        condition.lock()
        if let current {
            // The owner is done with it; in inline mode it is free again right away.
            if !background { free.append(current) }
            self.current = nil
        }
        while free.isEmpty, !cancelled { condition.wait() }
        guard let index = free.popLast() else {
            condition.unlock()
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        condition.unlock()
        let buffer = buffers[index]
        var filled = 0
        while filled < buffer.count {
            let count = Foundation.read(fileDescriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            if count <= 0 { break }
            filled += count
        }
        if filled < buffer.count { endOfFile = true }
        bytesRead += filled
        let view = UnsafeRawBufferPointer(start: buffer.baseAddress, count: filled)
        condition.lock()
        current = index
        if background {
            if filled > 0 { submitted.append((index, filled)) }
            condition.broadcast()
        }
        condition.unlock()
        if !background { digest.update(view) }
        return view
    }

    /// Reads the rest of the file into the digest, waits for the hashing thread and returns the hex digest.
    func finish() -> String {
        while nextChunk().count > 0 {}
        condition.lock()
        noMoreChunks = true
        condition.broadcast()
        while !workerDone { condition.wait() }
        condition.unlock()
        return digest.finalizeHex()
    }

    /// Stops the hashing thread without finishing the digest (on errors); waits until it has left.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !workerDone { condition.wait() }
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while submitted.isEmpty, !noMoreChunks, !cancelled { condition.wait() }
            if cancelled || submitted.isEmpty {
                workerDone = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let (index, count) = submitted.removeFirst()
            let buffer = buffers[index]
            condition.unlock()
            digest.update(UnsafeRawBufferPointer(start: buffer.baseAddress, count: count))
            condition.lock()
            // Only the owner takes buffers from the pool, and only once it is done with its current
            // chunk, so handing this one back while the owner still reads it is safe.
            free.append(index)
            condition.broadcast()
            condition.unlock()
        }
    }
}

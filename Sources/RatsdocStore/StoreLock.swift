import Foundation

/// One writer per store: an ingest holds an exclusive `flock` on `<store>.lock` for its whole run.
/// A second ingest waits for it (`wait`) or is refused with the holder's pid. The kernel drops the
/// lock when its holder dies, even by SIGKILL, so a killed run never leaves a store locked.
/// Readers (history, export, the server) take no lock: WAL lets them read while one writes.
enum StoreLock {
    /// Runs `body` while holding the store's write lock.
    /// - Throws: ``StoreError`` when the lock is held by another process (and `wait` is false) or
    ///   the lock file cannot be opened; whatever `body` throws.
    static func withExclusiveLock<T>(store: String, wait: Bool, _ body: () throws -> T) throws -> T {
        let lockPath = store + ".lock"
        // O_CLOEXEC: worker processes must not inherit (and keep) the lock.
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError("cannot open the lock file \(lockPath): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var locked = flock(descriptor, LOCK_EX | (wait ? 0 : LOCK_NB))
        while locked != 0 && errno == EINTR { locked = flock(descriptor, LOCK_EX | (wait ? 0 : LOCK_NB)) }
        if locked != 0 && errno != EWOULDBLOCK {
            throw StoreError("cannot lock \(lockPath): \(String(cString: strerror(errno)))")
        }
        if locked != 0 {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = pread(descriptor, &buffer, buffer.count, 0)
            let holder = count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            throw StoreError(
                "\(store): another ingest (pid \(holder)) is writing to this store; run again when it has ended, or pass --wait to queue behind it")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return try body()
    }
}

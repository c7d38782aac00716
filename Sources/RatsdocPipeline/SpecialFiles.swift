import Foundation

/// Inputs that are not regular files (FIFOs, sockets, devices) are refused before anything opens
/// them: reading a FIFO blocks until a writer comes, a device may never end.
public enum SpecialFiles {
    /// A failure record for a path that is not a regular file (after following symlinks), or nil.
    public static func refusal(_ path: String) -> ConvertedRecord? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            return WorkerPool.failure(path, code: .unreadable, reason: "cannot read: \(reason)", transient: false)
        }
        let kind = info.st_mode & S_IFMT
        guard kind != S_IFREG else { return nil }
        let name: String
        switch kind {
        case S_IFIFO: name = "a FIFO"
        case S_IFSOCK: name = "a socket"
        case S_IFCHR, S_IFBLK: name = "a device"
        case S_IFDIR: name = "a directory"
        default: name = "not a regular file"
        }
        return WorkerPool.failure(
            path, code: .notARegularFile, reason: "\(name), not a regular file; not opened", transient: false)
    }
}

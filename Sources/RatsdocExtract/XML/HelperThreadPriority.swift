#if canImport(Glibc)
    import Glibc
#endif

/// Lowers the calling thread's scheduling priority a little (Linux: per-thread nice value).
///
/// The XML import runs the parser on the calling thread and the mapping and hashing on helper
/// threads. On a two-core machine the three compete; the parser is the critical path, so the
/// helpers yield to it. They still share a whole core, which is more than they need.
func lowerHelperThreadPriority() {
    #if os(Linux)
        // The thread id, from /proc/thread-self → "<pid>/task/<tid>" (gettid is not imported).
        var buffer = [CChar](repeating: 0, count: 64)
        let length = readlink("/proc/thread-self", &buffer, buffer.count - 1)
        guard length > 0 else { return }
        let link = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let last = link.split(separator: "/").last, let tid = id_t(last) else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), tid, 5)
    #endif
}

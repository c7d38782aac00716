import Foundation

/// Substring search over bytes: the C library's `memchr` (vectorised in glibc) finds each
/// candidate first byte, `memcmp` checks the rest.
enum ByteSearch {
    /// Whether `needle` occurs in `haystack`; an empty needle always does.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let key = needle.baseAddress, !needle.isEmpty else { return true }
        guard needle.count <= haystack.count, let hay = haystack.baseAddress else { return false }
        let first = Int32(key.pointee)
        var start = hay
        // Positions where a match could start: haystack.count - needle.count + 1 of them.
        var candidates = haystack.count - needle.count + 1
        while candidates > 0 {
            guard let found = memchr(start, first, candidates) else { return false }
            let position = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
            if memcmp(position, key, needle.count) == 0 { return true }
            candidates -= position - start + 1
            start = position + 1
        }
        return false
    }

    /// Whether `needle` occurs in `haystack`; an empty needle always does.
    static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer { hay in needle.withUnsafeBufferPointer { contains(hay, $0) } }
    }
}

/// SHA-256 (FIPS 180-4), used for the `source.sha256` digest and content-addressed output.
/// Foundation on Linux has no CryptoKit; this small implementation keeps the core free of C.
///
/// One incremental implementation serves both uses: ``hex(of:)`` for bytes in memory, and
/// ``init()`` / ``update(_:)-(UnsafeRawBufferPointer)`` / ``finalizeHex()`` for inputs too large
/// to hold in memory (multi-GB session exports). Whole 64-byte blocks are compressed straight
/// from the caller's buffer; only a partial block is kept in the value.
public struct SHA256Digest: Sendable {
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    private typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
    /// 64 bytes: the partial block carried between updates.
    private typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    private var state: State = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    private var pending: Block = (0, 0, 0, 0, 0, 0, 0, 0)
    private var pendingCount = 0
    private var totalBytes: UInt64 = 0

    /// An empty digest, ready for ``update(_:)-(UnsafeRawBufferPointer)``.
    public init() {}

    /// The lower-case hex digest of `bytes`.
    public static func hex<C: Collection>(of bytes: C) -> String where C.Element == UInt8 {
        var digest = SHA256Digest()
        digest.update(bytes)
        return digest.finalizeHex()
    }

    /// Adds bytes of any collection (contiguous storage is used directly when there is one).
    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { update($0) }
        }
    }

    /// Adds `bytes` to the digest.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        totalBytes &+= UInt64(bytes.count)
        var offset = 0
        if pendingCount > 0 {
            let take = min(64 - pendingCount, bytes.count)
            let filled = pendingCount
            withUnsafeMutableBytes(of: &pending) { block in
                block.baseAddress.map { ($0 + filled).copyMemory(from: base, byteCount: take) }
            }
            pendingCount += take
            offset = take
            guard pendingCount == 64 else { return }
            var block = pending
            withUnsafeBytes(of: &block) { compress($0, blocks: 1) }
            pendingCount = 0
        }
        let whole = (bytes.count - offset) / 64
        if whole > 0 {
            compress(UnsafeRawBufferPointer(start: base + offset, count: whole * 64), blocks: whole)
            offset += whole * 64
        }
        let rest = bytes.count - offset
        if rest > 0 {
            withUnsafeMutableBytes(of: &pending) { block in
                block.baseAddress.map { $0.copyMemory(from: base + offset, byteCount: rest) }
            }
            pendingCount = rest
        }
    }

    /// Pads, finishes and returns the lower-case hex digest. The value is spent afterwards.
    public mutating func finalizeHex() -> String {
        let bitLength = totalBytes &* 8
        var tail = [UInt8](repeating: 0, count: pendingCount < 56 ? 64 - pendingCount : 128 - pendingCount)
        tail[0] = 0x80
        for index in 0..<8 { tail[tail.count - 1 - index] = UInt8(truncatingIfNeeded: bitLength >> UInt64(index * 8)) }
        tail.withUnsafeBytes { update($0) }
        let words = [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7]
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for word in words {
            for shift in stride(from: 28, through: 0, by: -4) { hex.append(digits[Int((word >> UInt32(shift)) & 0xF)]) }
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// Compresses `blocks` whole 64-byte blocks from `bytes` into the state.
    private mutating func compress(_ bytes: UnsafeRawBufferPointer, blocks: Int) {
        var current = state
        Self.roundConstants.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                for block in 0..<blocks {
                    let base = block * 64
                    for index in 0..<16 {
                        w[index] = UInt32(
                            bigEndian: bytes.loadUnaligned(fromByteOffset: base + index * 4, as: UInt32.self))
                    }
                    for index in 16..<64 {
                        let w15 = w[index - 15]
                        let w2 = w[index - 2]
                        let s0 = rotate(w15, 7) ^ rotate(w15, 18) ^ (w15 >> 3)
                        let s1 = rotate(w2, 17) ^ rotate(w2, 19) ^ (w2 >> 10)
                        w[index] = w[index - 16] &+ s0 &+ w[index - 7] &+ s1
                    }
                    var (a, b, c, d, e, f, g, h) = current
                    for index in 0..<64 {
                        let sum1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
                        let choice = (e & f) ^ (~e & g)
                        let temp1 = h &+ sum1 &+ choice &+ k[index] &+ w[index]
                        let sum0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
                        let majority = (a & b) ^ (a & c) ^ (b & c)
                        let temp2 = sum0 &+ majority
                        h = g; g = f; f = e; e = d &+ temp1
                        d = c; c = b; b = a; a = temp1 &+ temp2
                    }
                    current = (
                        current.0 &+ a, current.1 &+ b, current.2 &+ c, current.3 &+ d, current.4 &+ e,
                        current.5 &+ f, current.6 &+ g, current.7 &+ h
                    )
                }
            }
        }
        state = current
    }
}

@inline(__always) private func rotate(_ value: UInt32, _ amount: UInt32) -> UInt32 {
    (value >> amount) | (value << (32 - amount))
}

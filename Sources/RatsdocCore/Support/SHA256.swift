import Crypto

/// SHA-256 for the `source.sha256` digest and the run fingerprint, from swift-crypto (BoringSSL's
/// assembly where the CPU has it).
///
/// One incremental interface serves both uses: ``hex(of:)`` for bytes in memory, and
/// ``init()`` / ``update(_:)-(UnsafeRawBufferPointer)`` / ``finalizeHex()`` for inputs too large to
/// hold in memory (multi-GB session exports).
///
/// `@unchecked Sendable`: `Crypto.SHA256` is a value type (its state is copied with the struct)
/// that swift-crypto 3 does not mark Sendable; a digest is never shared between threads while
/// it is updated.
public struct SHA256Digest: @unchecked Sendable {
    private var hasher = Crypto.SHA256()

    /// An empty digest, ready for ``update(_:)-(UnsafeRawBufferPointer)``.
    public init() {}

    /// The lower-case hex digest of `bytes`.
    public static func hex<C: Collection>(of bytes: C) -> String where C.Element == UInt8 {
        var digest = SHA256Digest()
        digest.update(bytes)
        return digest.finalizeHex()
    }

    /// Adds bytes of any collection (copied once into a contiguous buffer when they are not).
    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
        }
        if handled == nil { Array(bytes).withUnsafeBytes { hasher.update(bufferPointer: $0) } }
    }

    /// Adds the bytes of a buffer.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    /// The lower-case hex digest of everything added.
    public mutating func finalizeHex() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in hasher.finalize() {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

internal import CLibXML2
import Foundation
import RatsdocCore

/// Feeds file bytes to libxml2: checks the prolog first, optionally runs the repair filter, and
/// keeps the first libxml2 error. Lives only inside one ``StreamingXMLReader`` call; not shared.
/// The bytes are read in 1 MiB chunks by a ``ChunkedHashingReader``, which computes the SHA-256
/// of the raw input (before any repair), on a second thread for files larger than one chunk.
final class XMLByteSource {
    static let maxPrologBytes = 1 << 20

    private let fileDescriptor: Int32
    private let chunks: ChunkedHashingReader
    private var filter: XMLRepairFilter?
    /// Bytes for libxml2 that are not in the current chunk: the prolog, and the repair filter's output.
    private var ready: [UInt8] = []
    private var readyOffset = 0
    /// The unread part of the current raw chunk (fast path without repair filter).
    private var chunk = UnsafeRawBufferPointer(start: nil, count: 0)
    private var chunkOffset = 0
    private var firstError: (code: Int32, line: Int, message: String)?
    private(set) var sawFatalError = false
    /// Counts each start tag's attributes in the bytes handed to libxml2.
    private(set) var attributes = AttributeCounter()

    var bytesRead: Int { chunks.bytesRead }

    init(path: String, recover: Bool) throws(ExtractionError) {
        var status = stat()
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ExtractionError(.unreadable, path: path, message: String(cString: strerror(errno)))
        }
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            Foundation.close(descriptor)
            throw ExtractionError(.unreadable, path: path, message: "not a regular file")
        }
        fileDescriptor = descriptor
        chunks = ChunkedHashingReader(
            fileDescriptor: descriptor, background: Int(status.st_size) > ChunkedHashingReader.chunkSize)
        filter = recover ? XMLRepairFilter() : nil
        // Read the prolog and check it before libxml2 parses anything.
        var prolog: [UInt8] = []
        while true {
            let raw = chunks.nextChunk()
            if raw.count > 0 { prolog += raw }
            switch XMLPrologGuard.check(prolog, isComplete: raw.count == 0) {
            case .accepted:
                break
            case .refused(let reason):
                close()
                throw ExtractionError(.refused, path: path, message: reason)
            case .undecided:
                if prolog.count < Self.maxPrologBytes, raw.count > 0 { continue }
                close()
                throw ExtractionError(
                    .tooLarge, path: path, message: "the prolog is larger than \(Self.maxPrologBytes) bytes")
            }
            break
        }
        if prolog.isEmpty {
            close()
            throw ExtractionError(.empty, path: path, message: "file is empty (0 bytes)")
        }
        if prolog.count >= 4, prolog[0] == 0x25, prolog[1] == 0x50, prolog[2] == 0x44, prolog[3] == 0x46 {
            close()
            throw ExtractionError(.wrongType, path: path, message: "this is a PDF, not XML")
        }
        prolog.withUnsafeBytes { enqueue($0, final: chunks.endOfFile) }
    }

    private var isClosed = false

    /// Stops the hashing thread (if still running) and closes the file.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        chunks.cancel()
        _ = Foundation.close(fileDescriptor)
    }

    /// Reads what libxml2 left unread (trailing bytes) into the digest, and returns the hex digest.
    func finishDigest() -> String {
        chunks.finish()
    }

    private func enqueue(_ bytes: UnsafeRawBufferPointer, final: Bool) {
        if readyOffset == ready.count {
            ready.removeAll(keepingCapacity: true)
            readyOffset = 0
        }
        if filter != nil {
            filter?.process(bytes, final: final, into: &ready)
        } else {
            ready.append(contentsOf: bytes)
        }
    }

    /// The libxml2 read callback: fills `buffer` with up to `capacity` bytes; 0 at the end.
    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        if readyOffset == ready.count, filter == nil {
            // Fast path: copy from the current chunk straight into libxml2's buffer.
            if chunkOffset == chunk.count {
                chunk = chunks.nextChunk()
                chunkOffset = 0
                if chunk.count == 0 { return 0 }
            }
            let count = min(capacity, chunk.count - chunkOffset)
            guard let base = chunk.baseAddress else { return 0 }
            guard attributes.scan(UnsafeRawBufferPointer(start: base + chunkOffset, count: count)) else { return -1 }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + chunkOffset, byteCount: count)
            chunkOffset += count
            return count
        }
        while readyOffset == ready.count {
            if chunks.endOfFile { return 0 }
            let raw = chunks.nextChunk()
            enqueue(raw, final: raw.count == 0 || chunks.endOfFile)
        }
        let count = min(capacity, ready.count - readyOffset)
        let allowed = ready.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            guard attributes.scan(UnsafeRawBufferPointer(start: base + readyOffset, count: count)) else { return false }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + readyOffset, byteCount: count)
            return true
        }
        guard allowed else { return -1 }
        readyOffset += count
        return count
    }

    var findings: [Finding] { filter?.findings ?? [] }

    func recordError(_ error: xmlError) {
        if error.level.rawValue >= XML_ERR_ERROR.rawValue {
            if error.level == XML_ERR_FATAL { sawFatalError = true }
            if firstError == nil {
                let message = error.message.map { String(cString: $0) } ?? "parse error"
                firstError = (error.code, Int(error.line), message)
            }
        }
    }

    /// The first libxml2 error as an ``ExtractionError``. The message is libxml2's, cut to one line
    /// of at most 160 characters; it names markup, never entity or file content.
    func failure(path: String, fallbackLine: Int) -> ExtractionError {
        guard let firstError else {
            return ExtractionError(.malformed, path: path, message: "libxml2 stopped reading", line: fallbackLine)
        }
        let oneLine = firstError.message.split(whereSeparator: \.isNewline).joined(separator: " ")
        let message = "libxml2 error \(firstError.code): \(oneLine.prefix(160))"
        // Entity loops and amplification are hostile, not merely broken.
        let hostileCodes: Set<Int32> = [89, 104, 26, 27, 88]  // XML_ERR_ENTITY_LOOP, ..._BOUNDARY, UNDECLARED_ENTITY...
        let code: ExtractionError.Code = hostileCodes.contains(firstError.code) ? .refused : .malformed
        return ExtractionError(
            code, path: path, message: message, line: firstError.line > 0 ? firstError.line : fallbackLine)
    }
}

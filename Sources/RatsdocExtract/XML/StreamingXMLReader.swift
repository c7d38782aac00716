internal import CLibXML2
import Foundation
public import RatsdocCore

/// Streams an XML file through libxml2's `xmlTextReader` in constant memory and hands each
/// record element (as selected by element-name paths) to a callback as an ``XMLElementNode``.
///
/// Safety: parser options are `NONET | NOERROR | NOWARNING` (+ `RECOVER` in recover mode),
/// never `NOENT`, `DTDLOAD`, `DTDATTR` or `HUGE`; an external-entity loader that loads nothing is
/// installed; a document type declaration with entity declarations or an external DTD is refused
/// before parsing; entity references, depth and text size are checked while streaming.
/// The file is read by ratsdoc itself (no transparent decompression, no URL access).
///
/// All libxml2 handles live inside one call; results are Sendable values.
public struct StreamingXMLReader: Sendable {
    /// Limits and modes.
    public struct Options: Sendable, Hashable {
        /// Repair broken markup first (see `--recover`); each repair becomes an `xmlRepaired` finding.
        public var recover: Bool
        /// Deepest element nesting accepted (libxml2's own limit is 256).
        public var maxDepth: Int
        /// Largest text node accepted, in bytes.
        public var maxTextBytes: Int
        /// Largest record (text and attribute bytes of one record element) accepted.
        public var maxRecordBytes: Int

        public init(recover: Bool = false, maxDepth: Int = 128, maxTextBytes: Int = 8 << 20, maxRecordBytes: Int = 64 << 20) {
            self.recover = recover
            self.maxDepth = maxDepth
            self.maxTextBytes = maxTextBytes
            self.maxRecordBytes = maxRecordBytes
        }
    }

    /// What a completed stream saw.
    public struct Summary: Sendable, Hashable {
        public var rootName: String?
        public var rootNamespace: String?
        public var bytes: Int
        public var records: Int
        public var elements: Int
        /// Hex SHA-256 of the input bytes as read (before any repair).
        public var sha256: String
        /// Repairs (recover mode) and other findings of the reader.
        public var findings: [Finding]
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    private static let initialize: Void = {
        xmlInitParser()
        // Belt and braces: even if some option ever asked for it, no external entity or DTD is loaded.
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    /// Reads only up to the root element and returns its local name and namespace URI.
    /// - Throws: ``ExtractionError`` as ``stream(path:selectors:onRecord:)``.
    public func rootElement(path: String) throws(ExtractionError) -> (name: String, namespace: String?) {
        let summary = try run(path: path, selectors: [], stopAfterRoot: true) { _, _ in }
        guard let name = summary.rootName else {
            throw ExtractionError(.malformed, path: path, message: "no root element")
        }
        return (name, summary.rootNamespace)
    }

    /// Streams the file and calls `onRecord` with the index of the matching selector and the
    /// record element, once per element whose path from the root ends with a selector
    /// (`["list", "item"]`). Record elements inside a record are part of it, not separate records.
    /// - Throws: ``ExtractionError``: `.unreadable`, `.empty`, `.malformed` (with line),
    ///   `.refused` (entities, external DTD), `.tooLarge` (depth, text size); or what `onRecord` throws,
    ///   wrapped as `.malformed`.
    public func stream(
        path: String, selectors: [[String]], onRecord: (Int, XMLElementNode) throws -> Void
    ) throws(ExtractionError) -> Summary {
        try run(path: path, selectors: selectors, stopAfterRoot: false, onRecord: onRecord)
    }

    // MARK: - The loop

    private func run(
        path: String, selectors: [[String]], stopAfterRoot: Bool, onRecord: (Int, XMLElementNode) throws -> Void
    ) throws(ExtractionError) -> Summary {
        _ = Self.initialize
        let source = try XMLByteSource(path: path, recover: options.recover)
        defer { source.close() }

        var parserOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        if options.recover { parserOptions |= Int32(XML_PARSE_RECOVER.rawValue) }
        let context = Unmanaged.passUnretained(source).toOpaque()
        guard
            let reader = xmlReaderForIO(
                { context, buffer, length in
                    guard let context, let buffer else { return -1 }
                    let source = Unmanaged<XMLByteSource>.fromOpaque(context).takeUnretainedValue()
                    return Int32(source.read(into: buffer, capacity: Int(length)))
                }, nil, context, "input.xml", nil, parserOptions)
        else {
            throw ExtractionError(.unreadable, path: path, message: "libxml2 could not create a reader")
        }
        defer { xmlFreeTextReader(reader) }
        xmlTextReaderSetStructuredErrorHandler(
            reader,
            { context, error in
                guard let context, let error else { return }
                Unmanaged<XMLByteSource>.fromOpaque(context).takeUnretainedValue().recordError(error.pointee)
            }, context)

        var summary = Summary(bytes: 0, records: 0, elements: 0, sha256: "", findings: [])
        var names: [String] = []
        var recordStack: [XMLElementNode] = []
        var recordSelector = -1
        var recordBytes = 0
        var failure: ExtractionError?

        func line() -> Int { Int(xmlTextReaderGetParserLineNumber(reader)) }
        // Element and attribute names come from the reader's dictionary: one pointer per distinct
        // name, so each name is turned into a Swift String once. Bounded by the distinct names.
        var internedNames: [UnsafeRawPointer: String] = [:]
        func internedName(_ pointer: UnsafePointer<xmlChar>?) -> String {
            guard let pointer else { return "" }
            let key = UnsafeRawPointer(pointer)
            if let known = internedNames[key] { return known }
            let created = String(cString: pointer)
            if internedNames.count < 65536 { internedNames[key] = created }
            return created
        }

        readLoop: while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            if status < 0 {
                failure = source.failure(path: path, fallbackLine: line())
                break
            }
            let nodeType = xmlTextReaderNodeType(reader)
            switch nodeType {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                summary.elements += 1
                let name = internedName(xmlTextReaderConstLocalName(reader))
                let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
                if names.isEmpty {
                    summary.rootName = name
                    summary.rootNamespace = Self.string(xmlTextReaderConstNamespaceUri(reader))
                    if stopAfterRoot { break readLoop }
                }
                names.append(name)
                if names.count > options.maxDepth {
                    failure = ExtractionError(
                        .tooLarge, path: path, message: "elements nested deeper than \(options.maxDepth) levels",
                        line: line())
                    break readLoop
                }
                if recordStack.isEmpty {
                    guard let index = selectors.firstIndex(where: { Self.names(names, endWith: $0) }) else {
                        if isEmpty { names.removeLast() }
                        continue
                    }
                    recordSelector = index
                    recordBytes = 0
                }
                var node = XMLElementNode(name: name, line: line())
                if xmlTextReaderHasAttributes(reader) == 1 {
                    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                        if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
                        let attributeName = internedName(xmlTextReaderConstLocalName(reader))
                        let value = Self.string(xmlTextReaderConstValue(reader)) ?? ""
                        recordBytes += value.utf8.count
                        node.attributes[attributeName] = value
                    }
                    xmlTextReaderMoveToElement(reader)
                }
                recordStack.append(node)
                if isEmpty {
                    names.removeLast()
                    if let done = try finishElement(&recordStack, &summary, recordSelector, onRecord, path) {
                        failure = done
                        break readLoop
                    }
                }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                names.removeLast()
                if !recordStack.isEmpty {
                    if let done = try finishElement(&recordStack, &summary, recordSelector, onRecord, path) {
                        failure = done
                        break readLoop
                    }
                }
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                guard let value = xmlTextReaderConstValue(reader) else { continue }
                let length = strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))
                if length > options.maxTextBytes {
                    failure = ExtractionError(
                        .tooLarge, path: path, message: "a text node is larger than \(options.maxTextBytes) bytes",
                        line: line())
                    break readLoop
                }
                guard !recordStack.isEmpty else { continue }
                recordBytes += length
                if recordBytes > options.maxRecordBytes {
                    failure = ExtractionError(
                        .tooLarge, path: path, message: "a record is larger than \(options.maxRecordBytes) bytes",
                        line: line())
                    break readLoop
                }
                recordStack[recordStack.count - 1].text += Self.string(value) ?? ""
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue), Int32(XML_READER_TYPE_ENTITY.rawValue):
                failure = ExtractionError(
                    .refused, path: path, message: "the document uses a declared entity; ratsdoc refuses entities",
                    line: line())
                break readLoop
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
                if let refusal = Self.checkDocumentType(xmlTextReaderCurrentNode(reader)) {
                    failure = ExtractionError(.refused, path: path, message: refusal, line: line())
                    break readLoop
                }
            default:
                continue
            }
        }
        if failure == nil, !stopAfterRoot, source.sawFatalError, !options.recover {
            failure = source.failure(path: path, fallbackLine: line())
        }
        if let failure { throw failure }
        if !stopAfterRoot, summary.rootName == nil {
            throw ExtractionError(.malformed, path: path, message: "no root element")
        }
        if !stopAfterRoot { summary.sha256 = source.finishDigest() }
        summary.bytes = source.bytesRead
        summary.findings = source.findings
        return summary
    }

    /// Pops the finished element; when it is the record element, maps nothing but hands it on.
    /// Returns an error to stop with (a callback failure), or nil.
    private func finishElement(
        _ stack: inout [XMLElementNode], _ summary: inout Summary, _ selector: Int,
        _ onRecord: (Int, XMLElementNode) throws -> Void, _ path: String
    ) throws(ExtractionError) -> ExtractionError? {
        guard let finished = stack.popLast() else { return nil }
        if stack.isEmpty {
            summary.records += 1
            do {
                try onRecord(selector, finished)
            } catch let error as ExtractionError {
                return error
            } catch {
                return ExtractionError(.malformed, path: path, message: "record handler failed: \(error)", line: finished.line)
            }
        } else {
            stack[stack.count - 1].children.append(finished)
        }
        return nil
    }

    static func names(_ names: [String], endWith suffix: [String]) -> Bool {
        guard !suffix.isEmpty, names.count >= suffix.count else { return false }
        return names.suffix(suffix.count).elementsEqual(suffix)
    }

    /// A refusal message for a DOCTYPE node that declares entities or names an external DTD.
    private static func checkDocumentType(_ node: xmlNodePtr?) -> String? {
        guard let node else { return nil }
        let dtd = UnsafeMutableRawPointer(node).assumingMemoryBound(to: xmlDtd.self).pointee
        if dtd.ExternalID != nil || dtd.SystemID != nil {
            return "the document type declaration names an external DTD (SYSTEM/PUBLIC); ratsdoc never loads DTDs"
        }
        if dtd.entities != nil || dtd.pentities != nil {
            return "the document type declaration declares entities; ratsdoc refuses entity declarations"
        }
        return nil
    }

    static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}

/// Feeds file bytes to libxml2: checks the prolog first, optionally runs the repair filter, and
/// keeps the first libxml2 error. Lives only inside one ``StreamingXMLReader`` call; not shared.
final class XMLByteSource {
    static let chunkSize = 1 << 16
    static let maxPrologBytes = 1 << 20

    private let fileDescriptor: Int32
    private var filter: XMLRepairFilter?
    private var ready: [UInt8] = []
    private var readyOffset = 0
    private var scratch: [UInt8]
    private var endOfFile = false
    private(set) var bytesRead = 0
    private var hasher = SHA256Stream()
    private var firstError: (code: Int32, line: Int, message: String)?
    private(set) var sawFatalError = false

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
        scratch = [UInt8](repeating: 0, count: Self.chunkSize)
        filter = recover ? XMLRepairFilter() : nil
        // Read the prolog and check it before libxml2 parses anything.
        var prolog: [UInt8] = []
        while true {
            let count = readRaw()
            if count > 0 { prolog += scratch[0..<count] }
            switch XMLPrologGuard.check(prolog, isComplete: count == 0) {
            case .accepted:
                break
            case .refused(let reason):
                close()
                throw ExtractionError(.refused, path: path, message: reason)
            case .undecided:
                if prolog.count < Self.maxPrologBytes, count > 0 { continue }
                close()
                throw ExtractionError(.tooLarge, path: path, message: "the prolog is larger than \(Self.maxPrologBytes) bytes")
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
        enqueue(prolog, final: endOfFile)
    }

    private var isClosed = false

    func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = Foundation.close(fileDescriptor)
    }

    /// Reads the next raw chunk into `scratch`; 0 at end of file or on error.
    private func readRaw() -> Int {
        guard !endOfFile else { return 0 }
        let count = scratch.withUnsafeMutableBytes { Foundation.read(fileDescriptor, $0.baseAddress, $0.count) }
        if count <= 0 {
            endOfFile = true
            return 0
        }
        bytesRead += count
        scratch.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        return count
    }

    /// Reads what libxml2 left unread (trailing bytes) into the digest, and returns the hex digest.
    func finishDigest() -> String {
        while readRaw() > 0 {}
        return hasher.finalizeHex()
    }

    private func enqueue(_ bytes: [UInt8], final: Bool) {
        if readyOffset == ready.count {
            ready.removeAll(keepingCapacity: true)
            readyOffset = 0
        }
        if filter != nil {
            bytes.withUnsafeBytes { raw in filter?.process(raw, final: final, into: &ready) }
        } else {
            ready += bytes
        }
    }

    /// The libxml2 read callback: fills `buffer` with up to `capacity` bytes; 0 at the end.
    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        while readyOffset == ready.count {
            if endOfFile { return 0 }
            if filter == nil {
                // Fast path: read straight into libxml2's buffer.
                let count = Foundation.read(fileDescriptor, buffer, capacity)
                if count <= 0 {
                    endOfFile = true
                    return 0
                }
                bytesRead += count
                hasher.update(UnsafeRawBufferPointer(start: buffer, count: count))
                return count
            }
            let count = readRaw()
            enqueue(Array(scratch[0..<count]), final: count == 0)
        }
        let count = min(capacity, ready.count - readyOffset)
        ready.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + readyOffset, byteCount: count)
        }
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
        return ExtractionError(code, path: path, message: message, line: firstError.line > 0 ? firstError.line : fallbackLine)
    }
}

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

        public init(
            recover: Bool = false, maxDepth: Int = 128, maxTextBytes: Int = 8 << 20, maxRecordBytes: Int = 64 << 20
        ) {
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
        let summary = try run(path: path, selectors: [], knownNames: [], keepAllNames: false, stopAfterRoot: true) {
            _, _, _ in
        }
        guard let name = summary.rootName else {
            throw ExtractionError(.malformed, path: path, message: "no root element")
        }
        return (name, summary.rootNamespace)
    }

    /// Streams the file and calls `onRecord` with the index of the matching selector and the
    /// record element as a tree, once per element whose path from the root ends with a selector
    /// (`["list", "item"]`). Record elements inside a record are part of it, not separate records.
    /// ``stream(path:selectors:knownNames:onRecord:)`` is the faster, allocation-free form.
    /// - Throws: ``ExtractionError``: `.unreadable`, `.empty`, `.malformed` (with line),
    ///   `.refused` (entities, external DTD), `.tooLarge` (depth, text size); or what `onRecord` throws,
    ///   wrapped as `.malformed`.
    public func stream(
        path: String, selectors: [[String]], onRecord: (Int, XMLElementNode) throws -> Void
    ) throws(ExtractionError) -> Summary {
        try run(path: path, selectors: selectors, knownNames: [], keepAllNames: true, stopAfterRoot: false) {
            index, record, names in
            try onRecord(index, record.tree { names[Int($0)] })
        }
    }

    /// Streams the file like ``stream(path:selectors:onRecord:)``, handing each record element over
    /// as a flattened ``XMLRecord`` whose name ids are indexes into `knownNames` (any other name gets
    /// an id outside it). The record value is reused: copy what you keep before returning.
    /// - Throws: as ``stream(path:selectors:onRecord:)``.
    public func stream(
        path: String, selectors: [[String]], knownNames: [String], onRecord: (Int, XMLRecord) throws -> Void
    ) throws(ExtractionError) -> Summary {
        try run(path: path, selectors: selectors, knownNames: knownNames, keepAllNames: false, stopAfterRoot: false) {
            index, record, _ in
            try onRecord(index, record)
        }
    }

    // MARK: - The loop

    /// Id of every name not in `knownNames` when names are not all kept.
    private static let otherName: Int32 = .max

    private func run(
        path: String, selectors: [[String]], knownNames: [String], keepAllNames: Bool, stopAfterRoot: Bool,
        onRecord: (Int, XMLRecord, [String]) throws -> Void
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

        // Names as small ids: the known names first (ids = their index), then the selectors' names,
        // then (tree form only) every other name as it appears. libxml2 hands out element and
        // attribute names from the reader's dictionary, one pointer per distinct name, so a
        // pointer is turned into a String once; the cache is bounded.
        var names: [String] = []
        var ids: [String: Int32] = [:]
        func register(_ name: String) -> Int32 {
            if let known = ids[name] { return known }
            let id = Int32(truncatingIfNeeded: names.count)
            names.append(name)
            ids[name] = id
            return id
        }
        for name in knownNames { _ = register(name) }
        let selectorIDs = selectors.map { $0.map(register) }
        var pointerIDs: [UnsafeRawPointer: Int32] = [:]
        func nameID(_ pointer: UnsafePointer<xmlChar>?) -> Int32 {
            guard let pointer else { return keepAllNames ? register("") : ids[""] ?? Self.otherName }
            let key = UnsafeRawPointer(pointer)
            if let known = pointerIDs[key] { return known }
            let name = String(cString: pointer)
            let id = keepAllNames ? register(name) : ids[name] ?? Self.otherName
            if pointerIDs.count < 65536 { pointerIDs[key] = id }
            return id
        }

        var summary = Summary(bytes: 0, records: 0, elements: 0, sha256: "", findings: [])
        var stack: [Int32] = []
        var record = XMLRecord()
        var inRecord = false
        var recordSelector = -1
        var recordBytes = 0
        var failure: ExtractionError?
        let maxTextBytes = options.maxTextBytes
        let maxRecordBytes = options.maxRecordBytes
        let maxDepth = options.maxDepth

        func line() -> Int { Int(xmlTextReaderGetParserLineNumber(reader)) }
        /// Hands a finished record on; returns the error to stop with, or nil.
        func finishRecord() -> ExtractionError? {
            inRecord = false
            summary.records += 1
            defer { record.removeAll() }
            do {
                try onRecord(recordSelector, record, names)
            } catch let error as ExtractionError {
                return error
            } catch {
                return ExtractionError(
                    .malformed, path: path, message: "record handler failed: \(error)", line: record.line)
            }
            return nil
        }

        readLoop: while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            if status < 0 {
                failure = source.failure(path: path, fallbackLine: line())
                break
            }
            switch xmlTextReaderNodeType(reader) {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                summary.elements += 1
                let name = nameID(xmlTextReaderConstLocalName(reader))
                let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
                if stack.isEmpty {
                    summary.rootName = Self.string(xmlTextReaderConstLocalName(reader))
                    summary.rootNamespace = Self.string(xmlTextReaderConstNamespaceUri(reader))
                    if stopAfterRoot { break readLoop }
                }
                stack.append(name)
                if stack.count > maxDepth {
                    failure = ExtractionError(
                        .tooLarge, path: path, message: "elements nested deeper than \(maxDepth) levels", line: line())
                    break readLoop
                }
                if !inRecord {
                    guard let index = selectorIDs.firstIndex(where: { Self.ids(stack, endWith: $0) }) else {
                        if isEmpty { stack.removeLast() }
                        continue
                    }
                    inRecord = true
                    recordSelector = index
                    recordBytes = 0
                }
                record.beginElement(name: name, line: line())
                if xmlTextReaderHasAttributes(reader) == 1 {
                    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                        if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
                        let attributeName = nameID(xmlTextReaderConstLocalName(reader))
                        let value = Self.bytes(xmlTextReaderConstValue(reader))
                        recordBytes += value.count
                        record.addAttribute(name: attributeName, value: value)
                    }
                    xmlTextReaderMoveToElement(reader)
                }
                if isEmpty {
                    stack.removeLast()
                    if record.endElement(), let stop = finishRecord() {
                        failure = stop
                        break readLoop
                    }
                }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                stack.removeLast()
                if inRecord, record.endElement(), let stop = finishRecord() {
                    failure = stop
                    break readLoop
                }
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                let value = Self.bytes(xmlTextReaderConstValue(reader))
                if value.count > maxTextBytes {
                    failure = ExtractionError(
                        .tooLarge, path: path, message: "a text node is larger than \(maxTextBytes) bytes",
                        line: line())
                    break readLoop
                }
                guard inRecord else { continue }
                recordBytes += value.count
                if recordBytes > maxRecordBytes {
                    failure = ExtractionError(
                        .tooLarge, path: path, message: "a record is larger than \(maxRecordBytes) bytes",
                        line: line())
                    break readLoop
                }
                record.appendText(value)
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
        if source.attributes.exceeded {
            failure = ExtractionError(
                .tooLarge, path: path,
                message: "an element has more than \(AttributeCounter.limit) attributes; refused", line: line())
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

    static func ids(_ stack: [Int32], endWith suffix: [Int32]) -> Bool {
        guard !suffix.isEmpty, stack.count >= suffix.count else { return false }
        return stack.suffix(suffix.count).elementsEqual(suffix)
    }

    /// A NUL-terminated libxml2 string as a byte view (empty for nil); valid until the next reader call.
    @inline(__always)
    static func bytes(_ pointer: UnsafePointer<xmlChar>?) -> UnsafeRawBufferPointer {
        guard let pointer else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(
            start: pointer, count: strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self)))
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

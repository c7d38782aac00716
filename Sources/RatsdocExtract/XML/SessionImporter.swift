public import Foundation
public import RatsdocCore

/// The front door for session data: vendor XML exports (by a mapping in `Pipelines/xml/`) and
/// OParl 1.0/1.1 JSON, in, ``SessionDocument`` out.
///
/// ```swift
/// let importer = try SessionImporter(pipelinesDirectory: URL(fileURLWithPath: "Pipelines"))
/// let document = try importer.importFile(at: "export.xml")        // dialect from the root element
/// let documents = importer.importDirectory(at: "oparl-dump/")       // references resolved across files
/// ```
public struct SessionImporter: Sendable {
    /// Mappings found in `Pipelines/xml/*.yml`, by name.
    public let mappings: [SessionMapping]
    /// The mapping forced by `--mapping`, if any.
    public let forcedMapping: SessionMapping?
    public let results: ValueVocabulary
    public let roles: ValueVocabulary
    public let readerOptions: StreamingXMLReader.Options
    /// XML files from this size (bytes) on are mapped on a second thread while the first one parses.
    public var twoStageThreshold = 8 << 20

    /// Loads the mappings (`xml/*.yml`) and vocabularies (`vocabulary/results.yml`, `roles.yml`).
    /// - Parameters:
    ///   - mapping: a mapping name (`allris-ws`) or the path of a mapping file; nil to detect per file.
    ///   - recover: repair broken XML markup (each repair becomes an `xmlRepaired` finding).
    /// - Throws: when a mapping or vocabulary file is missing or invalid, or `mapping` names none.
    public init(pipelinesDirectory: URL, mapping: String? = nil, recover: Bool = false) throws {
        let xmlDirectory = pipelinesDirectory.appendingPathComponent("xml")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: xmlDirectory.path)) ?? []
        mappings = try files.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted().map {
            try SessionMapping(contentsOf: xmlDirectory.appendingPathComponent($0))
        }
        results = try ValueVocabulary(contentsOf: pipelinesDirectory.appendingPathComponent("vocabulary/results.yml"))
        roles = try ValueVocabulary(contentsOf: pipelinesDirectory.appendingPathComponent("vocabulary/roles.yml"))
        readerOptions = StreamingXMLReader.Options(recover: recover)
        if let mapping {
            if let named = mappings.first(where: { $0.name == mapping }) {
                forcedMapping = named
            } else if FileManager.default.fileExists(atPath: mapping) {
                forcedMapping = try SessionMapping(contentsOf: URL(fileURLWithPath: mapping))
            } else {
                throw SessionMappingError(mapping: mapping, problems: ["no such mapping in \(xmlDirectory.path)"])
            }
        } else {
            forcedMapping = nil
        }
    }

    /// Whether ``importFile(at:context:)`` takes this path (`.xml` or `.json`).
    public static func accepts(path: String) -> Bool {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        return ext == "xml" || ext == "json"
    }

    /// Reads one XML export or OParl JSON file, told apart by its content (``MediaTypeSniffer``).
    /// - Parameter context: references known from other OParl files (see ``oparlIndex(paths:)``);
    ///   the file's own objects are always added.
    /// - Throws: ``ExtractionError`` when the file cannot be read as a whole: unreadable, empty,
    ///   not XML/OParl (`wrongType`), malformed, refused (entities, external DTD) or too large.
    public func importFile(at path: String, context: OParlIndex = OParlIndex()) throws(ExtractionError)
        -> SessionDocument
    {
        if MediaTypeSniffer.mediaType(path: path) == MediaTypeSniffer.json {
            return try importOParl(at: path, context: context)
        }
        var records: [SessionRecord] = []
        let (dialect, findings, summary) = try streamRecords(at: path) { records.append($0) }
        let source = SourceInfo(path: path, sha256: summary.sha256, mediaType: "application/xml", pages: 0)
        return SessionDocument(source: source, dialect: dialect, records: records, findings: findings)
    }

    /// Reads every `.xml` and `.json` file below `path` (sorted), OParl references resolved across
    /// all JSON files of the directory. One result per file; a file that cannot be read is a failure.
    public func importDirectory(at path: String) -> [Result<SessionDocument, ExtractionError>] {
        let files = Self.inputFiles(under: path)
        let index = oparlIndex(paths: files.filter { $0.lowercased().hasSuffix(".json") })
        return files.map { file in
            do throws(ExtractionError) {
                return .success(try importFile(at: file, context: index))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Every `.xml`/`.json` file under a directory, sorted by path.
    public static func inputFiles(under path: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let full = (path as NSString).appendingPathComponent(relative)
            if accepts(path: full) { files.append(full) }
        }
        return files.sorted()
    }

    /// The first pass over OParl files: organization names, meeting starts, agenda item numbers and
    /// consultation → paper. Files that are not OParl JSON are skipped.
    public func oparlIndex(paths: [String]) -> OParlIndex {
        var index = OParlIndex()
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path), let parsed = JSONValue.parse(data) else {
                continue
            }
            index.add(parsed.value)
        }
        return index
    }

    // MARK: - XML

    /// The mapping for an XML file: `--mapping`, or the first whose `detect` matches the root element.
    /// - Throws: ``ExtractionError`` `.wrongType` when no mapping knows the root element.
    public func mapping(forXMLAt path: String) throws(ExtractionError) -> SessionMapping {
        if let forcedMapping { return forcedMapping }
        let root = try StreamingXMLReader(options: readerOptions).rootElement(path: path)
        if let mapping = mappings.first(where: { $0.detect.matches(rootName: root.name, rootNamespace: root.namespace) }
        ) {
            return mapping
        }
        let namespace = root.namespace.map { " in namespace \($0)" } ?? ""
        throw ExtractionError(
            .wrongType, path: path,
            message: "no mapping in Pipelines/xml knows the root element <\(root.name)>\(namespace); pass --mapping")
    }

    /// Streams an XML export record by record, in constant memory: `onRecord` gets each meeting,
    /// paper and organization as soon as its element ends.
    /// - Returns: the dialect (mapping name), the findings (mapping problems and repairs) and the reader summary.
    public func streamRecords(
        at path: String, onRecord: (SessionRecord) -> Void
    ) throws(ExtractionError) -> (dialect: String, findings: [Finding], summary: StreamingXMLReader.Summary) {
        let mapping = try mapping(forXMLAt: path)
        let engine = SessionMappingEngine(mapping: mapping, results: results, roles: roles)
        let selectors = engine.selectors
        let reader = StreamingXMLReader(options: readerOptions)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let summary: StreamingXMLReader.Summary
        let findings: [Finding]
        if size >= twoStageThreshold {
            (summary, findings) = try Self.streamInTwoStages(
                path: path, reader: reader, engine: engine, selectors: selectors, onRecord: onRecord)
        } else {
            var collected: [Finding] = []
            let memo = SessionMappingEngine.Memo()
            summary = try reader.stream(path: path, selectors: selectors.map(\.path), knownNames: engine.knownNames) {
                index, flat in
                let (record, recordFindings) = engine.record(selectors[index].kind, from: flat, memo: memo)
                if !recordFindings.isEmpty { collected += recordFindings }
                if let record { onRecord(record) }
            }
            findings = collected
        }
        let all = summary.findings + findings
        return (mapping.name, all.sorted { ($0.line ?? 0) < ($1.line ?? 0) }, summary)
    }

    /// For `ratsdoc bench`: streams an XML export through the mapping without keeping records.
    /// - Returns: bytes read and records mapped.

    /// Parses on this thread and maps on a second one, records handed over through a bounded
    /// queue. `onRecord` is called on the mapping thread, one record at a time, in document
    /// order, and never after this function returns (the thread is joined first).
    private static func streamInTwoStages(
        path: String, reader: StreamingXMLReader, engine: SessionMappingEngine,
        selectors: [(kind: SessionMappingEngine.RecordKind, path: [String])], onRecord: (SessionRecord) -> Void
    ) throws(ExtractionError) -> (StreamingXMLReader.Summary, [Finding]) {
        try withoutActuallyEscaping(onRecord) { (escapable) throws(ExtractionError) in
            let handoff = RecordHandoff()
            let consumer = MappingThread(handoff: handoff, engine: engine, selectors: selectors, onRecord: escapable)
            consumer.start()
            let outcome: Result<StreamingXMLReader.Summary, ExtractionError>
            do throws(ExtractionError) {
                outcome = .success(
                    try reader.stream(path: path, selectors: selectors.map(\.path), knownNames: engine.knownNames) {
                        index, flat in
                        handoff.put(index, flat)
                    })
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .failure(let failure):
                handoff.cancel()
                consumer.join()
                throw failure
            case .success(let summary):
                handoff.finish()
                consumer.join()
                return (summary, consumer.findings)
            }
        }
    }

    public func streamStatistics(path: String) throws(ExtractionError) -> (bytes: Int, records: Int) {
        var records = 0
        let (_, _, summary) = try streamRecords(at: path) { _ in records += 1 }
        return (summary.bytes, records)
    }

    // MARK: - OParl

    private func importOParl(at path: String, context: OParlIndex) throws(ExtractionError) -> SessionDocument {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ExtractionError(.unreadable, path: path, message: "could not read the file")
        }
        guard !data.isEmpty else { throw ExtractionError(.empty, path: path, message: "file is empty (0 bytes)") }
        guard let parsed = JSONValue.parse(data) else {
            throw ExtractionError(.malformed, path: path, message: "not valid JSON")
        }
        guard OParlReader.isOParl(parsed.value) else {
            throw ExtractionError(.wrongType, path: path, message: "JSON, but no OParl object in it")
        }
        var index = context
        index.add(parsed.value)
        let output = OParlReader(results: results, roles: roles).read(parsed.value, index: index)
        var findings: [Finding] = []
        if parsed.repairedControlCharacters > 0 {
            findings.append(
                Finding(
                    severity: .warning, code: .jsonControlCharacters,
                    message: "\(parsed.repairedControlCharacters) raw control character(s) in strings repaired"))
        }
        findings += output.findings
        let source = SourceInfo(path: path, sha256: SHA256Digest.hex(of: data), mediaType: "application/json", pages: 0)
        return SessionDocument(source: source, dialect: output.dialect, records: output.records, findings: findings)
    }
}

/// The mapping stage of ``SessionImporter``'s two-stage import.
private final class MappingThread: @unchecked Sendable {
    // Invariant: `findings` and `onRecord` are used only by the mapping thread between `start()`
    // and `join()`; the caller reads `findings` only after `join()` returned. `onRecord` is set to
    // nil before `done` is signalled, so it never outlives the call that created this object.
    private let handoff: RecordHandoff
    private let engine: SessionMappingEngine
    private let selectors: [(kind: SessionMappingEngine.RecordKind, path: [String])]
    /// Dropped by the mapping thread before it signals `done`: the caller's closure must not
    /// outlive `withoutActuallyEscaping`.
    private var onRecord: ((SessionRecord) -> Void)?
    private let done = DispatchSemaphore(value: 0)
    private(set) var findings: [Finding] = []

    init(
        handoff: RecordHandoff, engine: SessionMappingEngine,
        selectors: [(kind: SessionMappingEngine.RecordKind, path: [String])],
        onRecord: @escaping (SessionRecord) -> Void
    ) {
        self.handoff = handoff
        self.engine = engine
        self.selectors = selectors
        self.onRecord = onRecord
    }

    func start() {
        let thread = Thread { [self] in
            lowerHelperThreadPriority()
            let memo = SessionMappingEngine.Memo()
            while let item = handoff.take() {
                let (record, recordFindings) = engine.record(selectors[item.index].kind, from: item.record, memo: memo)
                if !recordFindings.isEmpty { findings += recordFindings }
                if let record { onRecord?(record) }
            }
            onRecord = nil
            done.signal()
        }
        thread.start()
    }

    func join() { done.wait() }
}

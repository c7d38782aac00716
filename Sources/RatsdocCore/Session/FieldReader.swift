import Foundation

/// Reads typed field values from one element of a flattened record by the compiled field rules;
/// collects findings.
struct FieldReader {
    typealias Field = SessionMappingEngine.Plan.Field
    typealias Path = SessionMappingEngine.Plan.Path
    let context: RecordContext
    let node: Int32
    let kind: String
    let fields: SessionMappingEngine.Plan.Fields
    var findings: [Finding] = []

    init(_ context: RecordContext, node: Int32, kind: String, fields: SessionMappingEngine.Plan.Fields) {
        self.context = context
        self.node = node
        self.kind = kind
        self.fields = fields
    }

    /// The cleaned value of one match of a path (attribute value or string value), or nil when
    /// the attribute is missing.
    private static func value(_ path: Path, of element: Int32, in record: XMLRecord) -> String? {
        if let attribute = path.attribute {
            guard let range = record.attribute(element, named: attribute) else { return nil }
            return cleanValue(record.bytes[range])
        }
        if let range = record.contiguousStringValue(element) { return cleanValue(record.bytes[range]) }
        var assembled: [UInt8] = []
        record.appendStringValue(element, to: &assembled)
        return cleanValue(assembled[...])
    }

    /// The first usable value of `path`: cleaned, not empty, not `ignore`d (unless `keepIgnored`).
    /// A single child step, the common case, is walked without building a list of matches.
    private func firstValue(_ path: Path, _ field: Field, skipUnusable: Bool) -> (value: String, line: Int)? {
        let record = context.record
        if let steps = path.steps, steps.count == 1, steps[0] != Path.wildcard {
            let step = steps[0]
            var child = record.firstChild(node)
            while child >= 0 {
                if record.name(child) == step, let value = Self.value(path, of: child, in: record) {
                    if !skipUnusable || !(value.isEmpty || field.ignore.contains(value)) {
                        return (value, record.line(child))
                    }
                }
                child = record.nextSibling(child)
            }
            return nil
        }
        for element in record.matches(path, from: node) {
            guard let value = Self.value(path, of: element, in: record) else { continue }
            if !skipUnusable || !(value.isEmpty || field.ignore.contains(value)) {
                return (value, record.line(element))
            }
        }
        return nil
    }

    /// The first value of a field before the `values` map: cleaned, empty and `ignore`d values
    /// dropped, `paths` joined, the default when nothing is left.
    private func firstRaw(_ field: Field) -> (value: String, line: Int)? {
        if field.joins {
            var joined: String?
            var line = context.record.line(node)
            for path in field.paths {
                // The first match of each path counts; an empty or ignored one drops that part.
                guard let (value, valueLine) = firstValue(path, field, skipUnusable: false) else { continue }
                if value.isEmpty || field.ignore.contains(value) { continue }
                if joined == nil { joined = value } else { joined? += field.join + value }
                line = valueLine
            }
            if let joined { return (joined, line) }
        } else if let path = field.paths.first, let found = firstValue(path, field, skipUnusable: true) {
            return found
        }
        return field.defaultValue.map { ($0, context.record.line(node)) }
    }

    /// Every value of a field (``firstRaw(_:)`` for all matches of `path`).
    private func allRaw(_ field: Field) -> [(value: String, line: Int)] {
        if field.joins { return firstRaw(field).map { [$0] } ?? [] }
        var found: [(value: String, line: Int)] = []
        if let path = field.paths.first {
            let record = context.record
            for element in record.matches(path, from: node) {
                guard let value = Self.value(path, of: element, in: record) else { continue }
                if value.isEmpty || field.ignore.contains(value) { continue }
                found.append((value, record.line(element)))
            }
        }
        if found.isEmpty, let fallback = field.defaultValue { found.append((fallback, context.record.line(node))) }
        return found
    }

    private func mapped(_ field: Field, _ value: String) -> String {
        guard let map = field.values else { return value }
        // Byte-equal keys first: hashing non-ASCII Strings normalizes them, comparing bytes does not.
        if let exact = field.valueList.first(where: { $0.key.utf8.elementsEqual(value.utf8) }) { return exact.value }
        if let exact = map[value] { return exact }
        let folded = context.memo.fold(value)
        return field.foldedValues.first(where: { $0.folded == folded })?.value ?? value
    }

    /// The first value of a field, cleaned, `ignore`d values dropped, `values` map applied.
    func first(_ name: FieldName) -> (value: String, line: Int)? {
        guard let field = fields[name], let (value, line) = firstRaw(field) else { return nil }
        return (mapped(field, value), line)
    }

    func string(_ name: FieldName) -> String? { first(name)?.value }

    func strings(_ name: FieldName) -> [String]? {
        guard let field = fields[name] else { return nil }
        let values = allRaw(field).map { mapped(field, $0.value) }
        return values.isEmpty ? nil : values
    }

    mutating func int(_ name: FieldName) -> Int? {
        guard let (value, line) = first(name) else { return nil }
        if let number = Int(value) { return number }
        let digits = value.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: " ", with: "")
        if let number = Int(digits) { return number }
        report(name, "is not a whole number", line)
        return nil
    }

    mutating func bool(_ name: FieldName) -> Bool? {
        guard let (value, line) = first(name) else { return nil }
        if value == "true" { return true }
        if value == "false" { return false }
        switch context.memo.fold(value) {
        case "true", "1", "ja", "yes", "j", "y", "ö", "öffentlich", "oeffentlich": return true
        case "false", "0", "nein", "no", "n", "nö", "nichtöffentlich", "nicht öffentlich", "nicht-öffentlich":
            return false
        default:
            report(name, "is not a yes/no value", line)
            return nil
        }
    }

    mutating func date(_ name: FieldName) -> CalendarDate? {
        guard let (value, line) = first(name) else { return nil }
        let field = fields[name]
        if let format = field?.format {
            if let parts = format.parse(value) { return parts.date }
        } else {
            for format in DateFormatHint.Compiled.defaultDates {
                if let parts = format.parse(value) { return parts.date }
            }
            if let iso = CalendarDate(iso: value) { return iso }
        }
        let formats = field?.formatPattern.map { [$0] } ?? ["yyyy-MM-dd", "dd.MM.yyyy"]
        report(name, "does not match the date format \(formats.joined(separator: " or "))", line)
        return nil
    }

    /// An ISO date-time string: as written when the source is already ISO, else built from the format.
    mutating func dateTime(_ name: FieldName) -> String? {
        guard let (value, line) = first(name) else { return nil }
        let field = fields[name]
        if let format = field?.format {
            if let parts = format.parse(value) { return parts.isoDateTime }
        } else {
            if CalendarDate(iso: value) != nil { return value }
            for format in DateFormatHint.Compiled.defaultDateTimes {
                if let parts = format.parse(value) { return parts.isoDateTime }
            }
        }
        report(
            name, "does not match the date-time format \(field?.formatPattern ?? "ISO 8601 or dd.MM.yyyy HH:mm")", line)
        return nil
    }

    private mutating func report(_ name: FieldName, _ problem: String, _ line: Int) {
        findings.append(
            Finding(severity: .warning, code: .unparsableValue, message: "\(kind).\(name.key) \(problem)", line: line))
    }

    /// ``clean(_:)`` of UTF-8 bytes: decoded once, without a pass through String when the bytes are
    /// already clean (the common case).
    static func cleanValue(_ bytes: ArraySlice<UInt8>) -> String {
        let ready = bytes.withUnsafeBufferPointer { isCleanAndNormalized($0) }
        let text = String(decoding: bytes, as: UTF8.self)
        return ready ? text : clean(text)
    }

    /// True when ``clean(_:)`` would return the text unchanged: ``isClean(_:)`` and not
    /// ``needsNormalization(_:)``, decided on UTF-8 bytes.
    static func isCleanAndNormalized(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previousSpace = true
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x7F { return false }
            if byte >= 0x80 {
                // U+0080...U+00A0 and U+00AD are C2 80...C2 A0 and C2 AD; U+0300 and above start at CC.
                if byte >= 0xCC { return false }
                if byte == 0xC2, index + 1 < count, bytes[index + 1] <= 0xA0 || bytes[index + 1] == 0xAD {
                    return false
                }
            }
            let isSpace = byte == 0x20
            if isSpace, previousSpace { return false }
            previousSpace = isSpace
            index += 1
        }
        return !previousSpace || count == 0
    }

    /// True when the text has no leading, trailing, doubled or non-space whitespace.
    static func isClean(_ text: String) -> Bool {
        var previousSpace = true
        for byte in text.utf8 {
            if byte == 0x09 || byte == 0x0A || byte == 0x0D { return false }
            let isSpace = byte == 0x20
            if isSpace, previousSpace { return false }
            previousSpace = isSpace
        }
        return !previousSpace || text.isEmpty
    }

    /// False when TextNormalizer would return the text unchanged: no control characters, no
    /// NBSP or soft hyphen, and only scalars below U+0300 (which are all NFC and combine with
    /// nothing). Saves the NFC pass for the common Latin-1 text of German exports.
    static func needsNormalization(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || (0x7F...0xA0).contains(value) || value == 0xAD || value >= 0x300 { return true }
        }
        return false
    }

    /// Normalized text (TextNormalizer), whitespace runs folded to one space, trimmed.
    static func clean(_ text: String) -> String {
        let normalized = needsNormalization(text) ? TextNormalizer.normalize(text) : text
        if isClean(normalized) { return normalized }
        // TextNormalizer turned every Unicode space into U+0020 and line breaks into spaces;
        // what is left to fold are ASCII spaces and tabs, so work on UTF-8 bytes.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(normalized.utf8.count)
        var pendingSpace = false
        var changed = false
        for byte in normalized.utf8 {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if !pendingSpace, !bytes.isEmpty, byte == 0x20 {
                    pendingSpace = true
                } else {
                    changed = true
                    pendingSpace = !bytes.isEmpty
                }
            } else {
                if pendingSpace { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(byte)
            }
        }
        if pendingSpace { changed = true }
        if !changed, bytes.count == normalized.utf8.count { return normalized }
        return String(decoding: bytes, as: UTF8.self)
    }
}

import RatsdocCore

/// The `--recover` byte filter: repairs the broken markup vendor exports produce, before
/// libxml2 sees it, and records each repair as a finding with its line.
///
/// Repairs: an unescaped `&` becomes `&amp;`; an unescaped `<` in text becomes `&lt;`; control
/// characters (U+0000–U+001F except tab, LF, CR) are dropped; an end tag that closes no open
/// element (a stray `</a>`) is dropped; an end tag that skips open elements gets their end tags
/// inserted first; elements still open at the end are closed.
///
/// Works on bytes of any ASCII-compatible encoding (UTF-8, ISO-8859-1, windows-1252) and keeps
/// only the current tag and the open-element names in memory. Line breaks are never added or
/// removed, so libxml2's line numbers stay those of the input.
struct XMLRepairFilter {
    /// At most this many repairs become single findings; the rest are counted in one summary finding.
    static let maxFindings = 1000
    /// A start or end tag longer than this is passed through unrepaired.
    static let maxTagBytes = 1 << 20

    private enum State {
        case text, tag, comment, cdata, processingInstruction, declaration
    }

    private var state = State.text
    private var pending: [UInt8] = []
    private var position = 0
    private var tag: [UInt8] = []
    private var tagLine = 1
    private var openElements: [[UInt8]] = []
    private var line = 1
    private var terminatorMatch = 0
    private(set) var findings: [Finding] = []
    private(set) var repairCount = 0

    /// Filters the next input chunk, appending repaired bytes to `output`. Call once more with
    /// `final: true` (and possibly no bytes) at the end of the input.
    mutating func process(_ input: UnsafeRawBufferPointer, final: Bool, into output: inout [UInt8]) {
        if position > 0, position == pending.count {
            pending.removeAll(keepingCapacity: true)
            position = 0
        } else if position > 65536 {
            pending.removeFirst(position)
            position = 0
        }
        pending.append(contentsOf: input)
        while position < pending.count {
            guard step(final: final, into: &output) else { break }
        }
        if final {
            if state == .tag { output += tag }  // unterminated tag at the end: let libxml2 report it
            tag.removeAll()
            while let open = openElements.popLast() {
                record("missing end tag inserted at end of input", line: line)
                output += Array("</".utf8) + open + [UInt8(ascii: ">")]
            }
            if repairCount > Self.maxFindings {
                findings.append(
                    Finding(
                        severity: .warning, code: .xmlRepaired,
                        message: "\(repairCount - Self.maxFindings) further repairs not listed"))
            }
        }
    }

    /// Consumes at least one byte, or returns false when it needs more input to decide.
    private mutating func step(final: Bool, into output: inout [UInt8]) -> Bool {
        let byte = pending[position]
        switch state {
        case .text:
            return stepText(byte, final: final, into: &output)
        case .tag:
            position += 1
            if byte == 0x0A { line += 1 }
            if isDroppedControl(byte) {
                record("control character dropped", line: line)
                return true
            }
            tag.append(byte)
            if byte == UInt8(ascii: ">"), !insideQuotes(tag) {
                finishTag(into: &output)
                state = .text
            } else if tag.count > Self.maxTagBytes {
                output += tag
                tag.removeAll()
                state = .text
            }
            return true
        case .comment, .cdata, .processingInstruction, .declaration:
            position += 1
            if byte == 0x0A { line += 1 }
            if isDroppedControl(byte) {
                record("control character dropped", line: line)
                return true
            }
            output.append(byte)
            let terminator: [UInt8] =
                switch state {
                case .comment: Array("-->".utf8)
                case .cdata: Array("]]>".utf8)
                case .processingInstruction: Array("?>".utf8)
                default: Array(">".utf8)
                }
            if byte == terminator[terminatorMatch] {
                terminatorMatch += 1
                if terminatorMatch == terminator.count {
                    terminatorMatch = 0
                    state = .text
                }
            } else {
                terminatorMatch = byte == terminator[0] ? 1 : 0
            }
            return true
        }
    }

    private mutating func stepText(_ byte: UInt8, final: Bool, into output: inout [UInt8]) -> Bool {
        switch byte {
        case UInt8(ascii: "&"):
            switch entityLength(at: position) {
            case .incomplete where !final:
                return false
            case .valid(let length):
                output.append(contentsOf: pending[position..<(position + length)])
                position += length
            default:
                record("unescaped '&' escaped", line: line)
                output += Array("&amp;".utf8)
                position += 1
            }
            return true
        case UInt8(ascii: "<"):
            guard let kind = markupKind(at: position, final: final) else { return false }
            switch kind {
            case .comment:
                output += Array("<!--".utf8)
                position += 4
                state = .comment
            case .cdata:
                output += Array("<![CDATA[".utf8)
                position += 9
                state = .cdata
            case .processingInstruction:
                output += Array("<?".utf8)
                position += 2
                state = .processingInstruction
            case .declaration:
                output += Array("<!".utf8)
                position += 2
                state = .declaration
            case .tag:
                tag = [byte]
                tagLine = line
                position += 1
                state = .tag
            case .strayLessThan:
                record("unescaped '<' escaped", line: line)
                output += Array("&lt;".utf8)
                position += 1
            }
            terminatorMatch = 0
            return true
        default:
            position += 1
            if byte == 0x0A { line += 1 }
            if isDroppedControl(byte) {
                record("control character dropped", line: line)
            } else {
                output.append(byte)
            }
            return true
        }
    }

    private enum MarkupKind { case comment, cdata, processingInstruction, declaration, tag, strayLessThan }

    private func markupKind(at start: Int, final: Bool) -> MarkupKind? {
        func has(_ literal: String) -> Bool? {
            let bytes = Array(literal.utf8)
            let available = pending.count - start
            let compared = min(bytes.count, available)
            for offset in 0..<compared where pending[start + offset] != bytes[offset] { return false }
            if compared < bytes.count { return final ? false : nil }
            return true
        }
        guard start + 1 < pending.count else { return final ? .strayLessThan : nil }
        let next = pending[start + 1]
        if next == UInt8(ascii: "!") {
            guard let comment = has("<!--") else { return nil }
            if comment { return .comment }
            guard let cdata = has("<![CDATA[") else { return nil }
            return cdata ? .cdata : .declaration
        }
        if next == UInt8(ascii: "?") { return .processingInstruction }
        if next == UInt8(ascii: "/") || isNameStart(next) { return .tag }
        return .strayLessThan
    }

    private enum EntityCheck { case valid(Int), invalid, incomplete }

    /// `&name;`, `&#123;` or `&#x1F;` at `start`.
    private func entityLength(at start: Int) -> EntityCheck {
        var index = start + 1
        let limit = start + 40
        guard index < pending.count else { return .incomplete }
        if pending[index] == UInt8(ascii: "#") {
            index += 1
            guard index < pending.count else { return .incomplete }
            let hex = pending[index] == UInt8(ascii: "x")
            if hex { index += 1 }
            var digits = 0
            while index < pending.count, index < limit {
                let byte = pending[index]
                if byte == UInt8(ascii: ";") { return digits > 0 ? .valid(index - start + 1) : .invalid }
                let isDigit = (0x30...0x39).contains(byte)
                let isHexLetter = (0x61...0x66).contains(byte | 0x20)
                guard isDigit || (hex && isHexLetter) else { return .invalid }
                digits += 1
                index += 1
            }
            return index >= limit ? .invalid : .incomplete
        }
        guard isNameStart(pending[index]) else { return .invalid }
        while index < pending.count, index < limit {
            let byte = pending[index]
            if byte == UInt8(ascii: ";") { return .valid(index - start + 1) }
            guard isNameByte(byte) else { return .invalid }
            index += 1
        }
        return index >= limit ? .invalid : .incomplete
    }

    /// Decides what to do with a complete tag in `tag`.
    private mutating func finishTag(into output: inout [UInt8]) {
        defer { tag.removeAll(keepingCapacity: true) }
        let isEnd = tag.count > 1 && tag[1] == UInt8(ascii: "/")
        var nameStart = isEnd ? 2 : 1
        while nameStart < tag.count, isSpace(tag[nameStart]) { nameStart += 1 }
        var nameEnd = nameStart
        while nameEnd < tag.count, isNameByte(tag[nameEnd]) { nameEnd += 1 }
        let name = Array(tag[nameStart..<nameEnd])
        if isEnd {
            guard let depth = openElements.lastIndex(of: name) else {
                record("stray end tag dropped", line: tagLine)
                return
            }
            while openElements.count > depth + 1, let unclosed = openElements.popLast() {
                record("missing end tag inserted", line: tagLine)
                output += Array("</".utf8) + unclosed + [UInt8(ascii: ">")]
            }
            openElements.removeLast()
            output += tag
            return
        }
        let selfClosing = tag.count >= 2 && tag[tag.count - 2] == UInt8(ascii: "/")
        if !selfClosing, !name.isEmpty { openElements.append(name) }
        output += repairAttributes(tag)
    }

    /// Escapes unescaped `&` and `<` inside quoted attribute values.
    private mutating func repairAttributes(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var quote: UInt8?
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open {
                    quote = nil
                } else if byte == UInt8(ascii: "<") {
                    record("unescaped '<' in attribute escaped", line: tagLine)
                    result += Array("&lt;".utf8)
                    index += 1
                    continue
                } else if byte == UInt8(ascii: "&"), !isEntity(bytes, at: index) {
                    record("unescaped '&' escaped", line: tagLine)
                    result += Array("&amp;".utf8)
                    index += 1
                    continue
                }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            }
            result.append(byte)
            index += 1
        }
        return result
    }

    private func isEntity(_ bytes: [UInt8], at start: Int) -> Bool {
        var index = start + 1
        while index < bytes.count, index < start + 40 {
            let byte = bytes[index]
            if byte == UInt8(ascii: ";") { return index > start + 1 }
            guard isNameByte(byte) || byte == UInt8(ascii: "#") else { return false }
            index += 1
        }
        return false
    }

    private func insideQuotes(_ bytes: [UInt8]) -> Bool {
        var quote: UInt8?
        for byte in bytes.dropLast() {
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            }
        }
        return quote != nil
    }

    private mutating func record(_ message: String, line: Int) {
        repairCount += 1
        guard repairCount <= Self.maxFindings else { return }
        findings.append(Finding(severity: .warning, code: .xmlRepaired, message: message, line: line))
    }

    private func isDroppedControl(_ byte: UInt8) -> Bool {
        byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// ASCII letters, `_`, `:` and any non-ASCII byte (names in Latin-1 or UTF-8).
    private func isNameStart(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    private func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
}

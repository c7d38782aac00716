/// A cheap check of the document prolog, before libxml2 parses anything: refuses a document type
/// declaration that declares entities (XXE, parameter entities, "billion laughs") or names an
/// external DTD (SYSTEM / PUBLIC). A bare `<!DOCTYPE name>` and an internal subset without
/// entity declarations pass. Works on ASCII-compatible encodings; the reader's node checks
/// cover the rest.
enum XMLPrologGuard {
    enum Verdict: Equatable {
        /// The root element starts at this byte offset; the prolog is acceptable.
        case accepted
        /// The prolog does not end inside the scanned bytes and more input exists.
        case undecided
        case refused(String)
    }

    static func check(_ bytes: [UInt8], isComplete: Bool) -> Verdict {
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        func starts(_ literal: String, at offset: Int) -> Bool {
            let needle = Array(literal.utf8)
            guard offset + needle.count <= bytes.count else { return false }
            return bytes[offset..<(offset + needle.count)].elementsEqual(needle)
        }
        func find(_ literal: String, from offset: Int) -> Int? {
            let needle = Array(literal.utf8)
            guard let first = needle.first, bytes.count >= needle.count else { return nil }
            var position = offset
            while position + needle.count <= bytes.count {
                if bytes[position] == first, bytes[position..<(position + needle.count)].elementsEqual(needle) {
                    return position
                }
                position += 1
            }
            return nil
        }
        let undecided: Verdict = isComplete ? .accepted : .undecided
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            } else if starts("<?", at: index) {
                guard let end = find("?>", from: index + 2) else { return undecided }
                index = end + 2
            } else if starts("<!--", at: index) {
                guard let end = find("-->", from: index + 4) else { return undecided }
                index = end + 3
            } else if starts("<!DOCTYPE", at: index) {
                return checkDoctype(bytes, from: index + 9, isComplete: isComplete)
            } else {
                return .accepted  // the root element (or text libxml2 will reject)
            }
        }
        return undecided
    }

    private static func checkDoctype(_ bytes: [UInt8], from start: Int, isComplete: Bool) -> Verdict {
        // Walk the declaration up to its closing '>', outside quotes and the internal subset.
        var index = start
        var words: [String] = []
        var word: [UInt8] = []
        var quote: UInt8?
        var subsetStart: Int?
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "[") {
                subsetStart = index
                break
            } else if byte == UInt8(ascii: ">") {
                break
            } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
                word.removeAll()
            } else {
                word.append(byte)
            }
            index += 1
        }
        if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
        if words.contains("SYSTEM") || words.contains("PUBLIC") {
            return .refused(
                "the document type declaration names an external DTD (SYSTEM/PUBLIC); ratsdoc never loads DTDs")
        }
        guard index < bytes.count else {
            return isComplete ? .refused("unterminated document type declaration") : .undecided
        }
        guard let subsetStart else { return .accepted }
        // Internal subset: refuse any entity declaration (general or parameter) and any PE reference.
        var position = subsetStart + 1
        quote = nil
        while position < bytes.count {
            let byte = bytes[position]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "]") {
                return .accepted
            } else if byte == UInt8(ascii: "%") {
                return .refused(
                    "the document type declaration uses parameter entities; ratsdoc refuses entity declarations")
            } else if byte == UInt8(ascii: "<"), bytes[position...].starts(with: Array("<!ENTITY".utf8)) {
                return .refused("the document type declaration declares entities; ratsdoc refuses entity declarations")
            }
            position += 1
        }
        return isComplete ? .refused("unterminated document type declaration") : .undecided
    }
}

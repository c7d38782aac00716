/// One XML element as a small value tree: what the streaming XML reader hands to the mapping
/// engine for each record element. Built per record and dropped after mapping, so memory stays
/// proportional to one record, not to the document.
public struct XMLElementNode: Hashable, Sendable {
    /// The local name (without prefix).
    public var name: String
    /// The namespace URI, or nil when the element has none.
    public var namespace: String?
    /// Attributes by local name (namespace declarations are left out).
    public var attributes: [String: String]
    /// Child elements, in document order.
    public var children: [XMLElementNode]
    /// The element's own text (text and CDATA children concatenated), without the children's text.
    public var text: String
    /// 1-based line of the start tag in the input.
    public var line: Int

    public init(
        name: String, namespace: String? = nil, attributes: [String: String] = [:], children: [XMLElementNode] = [],
        text: String = "", line: Int = 0
    ) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.children = children
        self.text = text
        self.line = line
    }

    /// The XPath string value: this element's text and all descendant text, in document order.
    /// Child elements are separated by nothing, as in XPath; mapping values are whitespace-folded later.
    public var stringValue: String {
        guard !children.isEmpty else { return text }
        var output = ""
        appendStringValue(to: &output)
        return output
    }

    private func appendStringValue(to output: inout String) {
        // Text interleaving with children is not kept; own text first is the common case for data exports.
        output += text
        for child in children {
            if !output.isEmpty, !output.hasSuffix(" "), !output.hasSuffix("\n") { output += " " }
            child.appendStringValue(to: &output)
        }
    }

    /// The first child with this local name.
    public func child(named name: String) -> XMLElementNode? {
        children.first { $0.name == name }
    }

    /// Elements reached by a relative path of child names: `"tolist/item"`. `"."` is this element.
    public func elements(at path: String) -> [XMLElementNode] {
        if path.isEmpty || path == "." { return [self] }
        if !path.utf8.contains(UInt8(ascii: "/")) { return children.filter { $0.name == path } }
        let steps = path.split(separator: "/").map(String.init).filter { $0 != "." && !$0.isEmpty }
        var current = [self]
        for step in steps {
            current = current.flatMap { node in node.children.filter { step == "*" || $0.name == step } }
        }
        return current
    }

    /// Values reached by a path: child names separated by `/`, optionally ending in `@attribute`
    /// (`"organization/@ref"`, `"@id"`); `"."` is this element's own string value. Every match, in order.
    public func values(at path: String) -> [(value: String, line: Int)] {
        if !path.utf8.contains(UInt8(ascii: "/")) {
            if path.hasPrefix("@") { return attributes[String(path.dropFirst())].map { [($0, line)] } ?? [] }
            return elements(at: path).map { ($0.stringValue, $0.line) }
        }
        var elementPath = Substring(path)
        var attribute: Substring?
        if let at = path.lastIndex(of: "@") {
            attribute = path[path.index(after: at)...]
            elementPath = path[..<at]
            if elementPath.hasSuffix("/") { elementPath = elementPath.dropLast() }
        }
        return elements(at: String(elementPath)).compactMap { node in
            if let attribute {
                return node.attributes[String(attribute)].map { ($0, node.line) }
            }
            return (node.stringValue, node.line)
        }
    }
}

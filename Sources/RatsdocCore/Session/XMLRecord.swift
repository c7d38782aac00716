/// One record element flattened into a few arrays: what the streaming XML reader fills for each
/// record and the mapping engine reads. Element and attribute names are small integer ids (see
/// ``SessionMappingEngine/knownNames``), text is kept as UTF-8 bytes in one buffer, so building a
/// record allocates nothing once the buffers have grown to the size of the largest record; the
/// reader reuses one value for the whole stream (``removeAll()`` keeps the capacity).
///
/// Node 0 is the record element. ``XMLElementNode`` is the tree form of the same data, for callers
/// that build records by hand; ``init(_:nameID:)`` converts it.
public struct XMLRecord: Sendable {
    struct Node: Sendable {
        var name: Int32
        var parent: Int32
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var nextSibling: Int32 = -1
        var firstSegment: Int32 = -1
        var lastSegment: Int32 = -1
        var firstAttribute: Int32
        var attributeCount: Int32 = 0
        var line: Int32
    }

    /// A run of a node's own text in `bytes`; `next` links the runs of one node (mixed content).
    struct Segment: Sendable {
        var start: Int32
        var end: Int32
        var next: Int32 = -1
    }

    struct Attribute: Sendable {
        var name: Int32
        var start: Int32
        var end: Int32
    }

    private(set) var nodes: [Node] = []
    private(set) var segments: [Segment] = []
    private(set) var attributes: [Attribute] = []
    private(set) var bytes: [UInt8] = []
    /// Open elements while building; empty once the record element has ended.
    private var open: [Int32] = []

    /// An empty record.
    public init() {}

    /// True before the first ``beginElement(name:line:)`` and after ``removeAll()``.
    public var isEmpty: Bool { nodes.isEmpty }

    /// Elements in the record (the record element included).
    public var elementCount: Int { nodes.count }

    /// 1-based line of the record element's start tag (0 when empty).
    public var line: Int { nodes.first.map { Int($0.line) } ?? 0 }

    /// Text and attribute bytes stored so far.
    public var byteCount: Int { bytes.count }

    /// Forgets the content and keeps the buffers for the next record.
    public mutating func removeAll() {
        nodes.removeAll(keepingCapacity: true)
        segments.removeAll(keepingCapacity: true)
        attributes.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        open.removeAll(keepingCapacity: true)
    }

    /// Opens an element as the last child of the innermost open element (or as the record element).
    public mutating func beginElement(name: Int32, line: Int) {
        let index = Int32(truncatingIfNeeded: nodes.count)
        let parent = open.last ?? -1
        nodes.append(
            Node(
                name: name, parent: parent, firstAttribute: Int32(truncatingIfNeeded: attributes.count),
                line: Int32(clamping: line)))
        if parent >= 0 {
            let p = Int(parent)
            if nodes[p].lastChild >= 0 {
                nodes[Int(nodes[p].lastChild)].nextSibling = index
            } else {
                nodes[p].firstChild = index
            }
            nodes[p].lastChild = index
        }
        open.append(index)
    }

    /// Adds an attribute to the element opened last (call before its children and text).
    public mutating func addAttribute(name: Int32, value: UnsafeRawBufferPointer) {
        guard let element = open.last else { return }
        let start = Int32(truncatingIfNeeded: bytes.count)
        bytes.append(contentsOf: value)
        attributes.append(Attribute(name: name, start: start, end: Int32(truncatingIfNeeded: bytes.count)))
        nodes[Int(element)].attributeCount += 1
    }

    /// Appends text (UTF-8) to the innermost open element's own text.
    public mutating func appendText(_ text: UnsafeRawBufferPointer) {
        guard let element = open.last, !text.isEmpty else { return }
        let start = Int32(truncatingIfNeeded: bytes.count)
        bytes.append(contentsOf: text)
        let end = Int32(truncatingIfNeeded: bytes.count)
        let node = Int(element)
        let last = nodes[node].lastSegment
        if last >= 0, segments[Int(last)].end == start {
            segments[Int(last)].end = end  // adjacent to the previous run: extend it
            return
        }
        let segment = Int32(truncatingIfNeeded: segments.count)
        segments.append(Segment(start: start, end: end))
        if last >= 0 {
            segments[Int(last)].next = segment
        } else {
            nodes[node].firstSegment = segment
        }
        nodes[node].lastSegment = segment
    }

    /// Closes the innermost open element. Returns true when that was the record element.
    @discardableResult
    public mutating func endElement() -> Bool {
        _ = open.popLast()
        return open.isEmpty
    }

    // MARK: - Reading

    /// The first child of `node`, or -1.
    @inline(__always) func firstChild(_ node: Int32) -> Int32 { nodes[Int(node)].firstChild }
    /// The next sibling of `node`, or -1.
    @inline(__always) func nextSibling(_ node: Int32) -> Int32 { nodes[Int(node)].nextSibling }
    @inline(__always) func name(_ node: Int32) -> Int32 { nodes[Int(node)].name }
    @inline(__always) func line(_ node: Int32) -> Int { Int(nodes[Int(node)].line) }

    /// The byte range of an attribute's value, or nil.
    func attribute(_ node: Int32, named name: Int32) -> Range<Int>? {
        let element = nodes[Int(node)]
        var index = Int(element.firstAttribute)
        let end = index + Int(element.attributeCount)
        while index < end {
            let attribute = attributes[index]
            if attribute.name == name { return Int(attribute.start)..<Int(attribute.end) }
            index += 1
        }
        return nil
    }

    /// The byte range of the node's string value when it is one run of `bytes` (a leaf with at most
    /// one text run, the common case); nil when it has to be assembled by ``appendStringValue(_:to:)``.
    func contiguousStringValue(_ node: Int32) -> Range<Int>? {
        let element = nodes[Int(node)]
        guard element.firstChild < 0 else { return nil }
        if element.firstSegment < 0 { return 0..<0 }
        let segment = segments[Int(element.firstSegment)]
        guard segment.next < 0 else { return nil }
        return Int(segment.start)..<Int(segment.end)
    }

    /// Appends the XPath string value as ``XMLElementNode/stringValue`` builds it: own text first,
    /// then each child's, with a space between when the text so far does not end in one.
    func appendStringValue(_ node: Int32, to output: inout [UInt8]) {
        appendOwnText(node, to: &output)
        var child = nodes[Int(node)].firstChild
        while child >= 0 {
            if let last = output.last, last != 0x20, !(last == 0x0A && !Self.endsInCRLF(output)) {
                output.append(0x20)
            }
            appendStringValue(child, to: &output)
            child = nodes[Int(child)].nextSibling
        }
    }

    private static func endsInCRLF(_ output: [UInt8]) -> Bool {
        output.count >= 2 && output[output.count - 2] == 0x0D
    }

    func appendOwnText(_ node: Int32, to output: inout [UInt8]) {
        var segment = nodes[Int(node)].firstSegment
        while segment >= 0 {
            let run = segments[Int(segment)]
            output.append(contentsOf: bytes[Int(run.start)..<Int(run.end)])
            segment = run.next
        }
    }

    // MARK: - Tree conversion

    /// Flattens a tree; `nameID` gives the id of an element or attribute name.
    public init(_ tree: XMLElementNode, nameID: (String) -> Int32) {
        self.init()
        append(tree, nameID: nameID)
    }

    private mutating func append(_ node: XMLElementNode, nameID: (String) -> Int32) {
        beginElement(name: nameID(node.name), line: node.line)
        for (name, value) in node.attributes.sorted(by: { $0.key < $1.key }) {
            var value = value
            value.withUTF8 { addAttribute(name: nameID(name), value: UnsafeRawBufferPointer($0)) }
        }
        var text = node.text
        text.withUTF8 { appendText(UnsafeRawBufferPointer($0)) }
        for child in node.children { append(child, nameID: nameID) }
        endElement()
    }

    /// The tree form of `node` (0: the record element); `name` gives the string of a name id.
    public func tree(_ node: Int32 = 0, name: (Int32) -> String) -> XMLElementNode {
        let element = nodes[Int(node)]
        var attributes: [String: String] = [:]
        for index in Int(element.firstAttribute)..<Int(element.firstAttribute + element.attributeCount) {
            let attribute = self.attributes[index]
            attributes[name(attribute.name)] = String(
                decoding: bytes[Int(attribute.start)..<Int(attribute.end)], as: UTF8.self)
        }
        var text: [UInt8] = []
        appendOwnText(node, to: &text)
        var children: [XMLElementNode] = []
        var child = element.firstChild
        while child >= 0 {
            children.append(tree(child, name: name))
            child = nodes[Int(child)].nextSibling
        }
        return XMLElementNode(
            name: name(element.name), attributes: attributes, children: children,
            text: String(decoding: text, as: UTF8.self), line: Int(element.line))
    }
}

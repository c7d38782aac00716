import Foundation

extension XMLRecord {
    /// Every element reached from `node` by `path`, in document order.
    func matches(_ path: SessionMappingEngine.Plan.Path, from node: Int32) -> [Int32] {
        var found: [Int32] = []
        forEachMatch(path, from: node) { found.append($0) }
        return found
    }

    /// Calls `body` with every element reached from `node` by `path`, in document order.
    func forEachMatch(_ path: SessionMappingEngine.Plan.Path, from node: Int32, _ body: (Int32) -> Void) {
        guard let steps = path.steps else {
            body(node)
            return
        }
        visit(steps, 0, node, body)
    }

    private func visit(_ steps: [Int32], _ depth: Int, _ node: Int32, _ body: (Int32) -> Void) {
        let step = steps[depth]
        let last = depth == steps.count - 1
        var child = firstChild(node)
        while child >= 0 {
            if step == SessionMappingEngine.Plan.Path.wildcard || name(child) == step {
                if last { body(child) } else { visit(steps, depth + 1, child, body) }
            }
            child = nextSibling(child)
        }
    }
}

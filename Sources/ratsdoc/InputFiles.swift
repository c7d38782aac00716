import Foundation

/// Expands command-line inputs: files stay as given; directories are walked recursively for
/// files with the wanted extensions, in sorted order so runs are reproducible.
enum InputFiles {
    static func expand(_ inputs: [String], extensions: Set<String>) -> (files: [String], missing: [String]) {
        var files: [String] = []
        var missing: [String] = []
        let manager = FileManager.default
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: input, isDirectory: &isDirectory) else {
                missing.append(input)
                continue
            }
            guard isDirectory.boolValue else {
                files.append(input)
                continue
            }
            var found: [String] = []
            if let enumerator = manager.enumerator(atPath: input) {
                for case let relative as String in enumerator {
                    let ext = (relative as NSString).pathExtension.lowercased()
                    guard extensions.contains(ext) else { continue }
                    let path = (input as NSString).appendingPathComponent(relative)
                    var isDir: ObjCBool = false
                    if manager.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue { found.append(path) }
                }
            }
            files += found.sorted()
        }
        return (files, missing)
    }
}

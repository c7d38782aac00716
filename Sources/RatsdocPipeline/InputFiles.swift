import Foundation

/// Expands command-line inputs: files stay as given; directories are walked recursively for
/// files with the wanted extensions, in sorted order so runs are reproducible.
///
/// Each file keeps its path relative to the argument it came from (a file argument: its name),
/// which names its output. Walks skip dotfiles and dot-folders, and the folders in `excluding`
/// (the run's own output folder, so outputs are never read back as inputs). A dangling symbolic
/// link found in a walk is not skipped silently: it becomes a warning.
public enum InputFiles {
    public struct Input: Hashable, Sendable {
        /// The path as it is opened.
        public var path: String
        /// The path relative to its root argument.
        public var relative: String
    }

    public static func expand(_ inputs: [String], extensions: Set<String>) -> (files: [String], missing: [String]) {
        let found = collect(inputs, extensions: extensions, excluding: [])
        return (found.files.map(\.path), found.missing)
    }

    public static func collect(_ inputs: [String], extensions: Set<String>, excluding: [String])
        -> (files: [Input], missing: [String], warnings: [String])
    {
        var files: [Input] = []
        var missing: [String] = []
        var warnings: [String] = []
        let manager = FileManager.default
        let excluded = excluding.map(Self.absolute)
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: input, isDirectory: &isDirectory) else {
                missing.append(input)
                continue
            }
            guard isDirectory.boolValue else {
                files.append(Input(path: input, relative: (input as NSString).lastPathComponent))
                continue
            }
            var found: [Input] = []
            if let enumerator = manager.enumerator(atPath: input) {
                for case let relative as String in enumerator {
                    let path = (input as NSString).appendingPathComponent(relative)
                    let name = (relative as NSString).lastPathComponent
                    var isDir: ObjCBool = false
                    let exists = manager.fileExists(atPath: path, isDirectory: &isDir)
                    if name.hasPrefix(".") || (isDir.boolValue && excluded.contains(Self.absolute(path))) {
                        if isDir.boolValue { enumerator.skipDescendants() }
                        continue
                    }
                    guard extensions.contains((relative as NSString).pathExtension.lowercased()) else { continue }
                    if !exists {
                        // fileExists follows links: a link whose target is gone lands here; so does a
                        // name that is not UTF-8 (it reaches Swift with U+FFFD in place of its bytes).
                        var info = stat()
                        if lstat(path, &info) == 0 {
                            warnings.append("\(path): a symbolic link to nothing; skipped")
                        } else if relative.unicodeScalars.contains("\u{FFFD}") {
                            warnings.append("\(path): the file name is not valid UTF-8; skipped (rename it)")
                        } else {
                            warnings.append("\(path): vanished while the folder was read; skipped")
                        }
                        continue
                    }
                    if !isDir.boolValue { found.append(Input(path: path, relative: relative)) }
                }
            }
            files += found.sorted { $0.relative < $1.relative }
        }
        return (files, missing, warnings)
    }

    /// The absolute path with symbolic links resolved: one name for one file, however it was given.
    public static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

public import Foundation

/// Files replaced whole: a reader sees the old file or the new one, never half of one.
public enum AtomicFile {
    /// Temporary files of an unfinished write end in this; a new run removes them.
    public static let temporarySuffix = ".ratsdoc-tmp"

    /// Writes to `<target>.ratsdoc-tmp` in the same folder, then renames. A write error leaves no
    /// temporary file. Creates the folder when missing.
    public static func write(_ data: Data, to target: URL) throws {
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = URL(fileURLWithPath: target.path + temporarySuffix)
        do {
            try data.write(to: temporary)
            guard rename(temporary.path, target.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}

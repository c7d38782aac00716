import Foundation
import GRDB
public import RatsdocPipeline

/// `ratsdoc export`: the current record of every source that is not withdrawn, written back out
/// through the encoder `convert` uses, so a store and a `convert --output` folder of the same
/// inputs hold the same files.
public enum StoreExport {
    /// Writes each record to `directory/<output name>` (atomically), or, without a directory, as
    /// one line each to `line`. Returns how many records were written.
    public static func export(
        store: Store, format: RecordFormat, baseURL: String, directory: String?, line: (String) -> Void
    ) throws -> Int {
        let rows = try store.database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.outputName, v.record FROM source s JOIN documentVersion v ON v.id = s.currentVersionId
                    WHERE s.withdrawn = 0 ORDER BY s.outputName
                    """)
        }
        let pretty = directory != nil && format != .jsonl
        var count = 0
        for row in rows {
            let result = try DocumentWriter.decode(row["record"])
            let record = PaperFileConverter.encode(result, format: format, pretty: pretty, baseURL: baseURL)
            if let directory {
                let name: String = row["outputName"]
                try AtomicFile.write(
                    Data((record.record + "\n").utf8), to: URL(fileURLWithPath: directory).appendingPathComponent(name))
            } else {
                line(record.record.replacingOccurrences(of: "\n", with: " "))
            }
            count += 1
        }
        return count
    }
}

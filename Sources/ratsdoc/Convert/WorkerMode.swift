import Foundation

/// The child side of ``WorkerPool``: reads JSON-encoded paths from stdin, one per line, and
/// answers each with one ``ConvertedRecord`` JSON line on stdout.
enum WorkerMode {
    static func serve(_ converter: PaperFileConverter, memoryLimitMiB: Int) {
        var limit = rlimit()
        let bytes = rlim_t(memoryLimitMiB) * 1024 * 1024
        limit.rlim_cur = bytes
        limit.rlim_max = bytes
        setrlimit(Int32(RLIMIT_AS.rawValue), &limit)

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        while let line = readLine(strippingNewline: true) {
            guard let path = try? JSONDecoder().decode(String.self, from: Data(line.utf8)) else { continue }
            let record = converter.convert(path: path)
            guard var data = try? encoder.encode(record) else { continue }
            data.append(0x0A)
            FileHandle.standardOutput.write(data)
        }
    }
}

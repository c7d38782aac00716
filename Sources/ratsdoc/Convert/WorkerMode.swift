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
        // Fault injection for the end-to-end tests: a worker asked for a path containing this
        // marker dies the way a poppler crash kills it (SIGABRT).
        let crashMarker = ProcessInfo.processInfo.environment["RATSDOC_TEST_CRASH_MARKER"].flatMap {
            $0.isEmpty ? nil : $0
        }
        while let line = readLine(strippingNewline: true) {
            guard let path = try? JSONDecoder().decode(String.self, from: Data(line.utf8)) else { continue }
            if let crashMarker, path.contains(crashMarker) { abort() }
            let record = converter.convert(path: path)
            guard var data = try? encoder.encode(record) else { continue }
            data.append(0x0A)
            FileHandle.standardOutput.write(data)
        }
    }
}

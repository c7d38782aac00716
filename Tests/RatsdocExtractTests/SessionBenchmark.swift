import Foundation

/// Writes large generated ALLRIS exports for streaming tests and the benchmark.
enum SessionBenchmark {
    static let agendaItemsPerMeeting = 12

    /// Writes meetings until the file reaches `targetBytes`; returns the number of meetings.
    static func writeALLRISExport(to url: URL, targetBytes: Int) throws -> Int {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        func latin1(_ text: String) -> Data { text.data(using: .isoLatin1) ?? Data(text.utf8) }
        var written = 0
        let head = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<si010>\n  <list>\n"
        try handle.write(contentsOf: latin1(head))
        written += head.utf8.count
        var meetings = 0
        var chunk = ""
        while written < targetBytes {
            meetings += 1
            var meeting = """
                    <item>
                      <silfdnr>\(meetings)</silfdnr>
                      <sisbvcs>\(10 + meetings % 18).0\(1 + meetings % 9).2026 17:00</sisbvcs>
                      <siname>Sitzung Nr. \(meetings) des Ausschusses für Straßen und Grünflächen</siname>
                      <grname>Ausschuss für Straßen und Grünflächen</grname>
                      <tolist>

                """
            for item in 1...agendaItemsPerMeeting {
                meeting += """
                            <item><tolfdnr>\(meetings * 100 + item)</tolfdnr><tofnum>\(item)</tofnum><tofunum>0</tofunum><topnr>\(item)</topnr><toostLang>öffentlich</toostLang><totext1>Beratung über die Änderung der Gebührensatzung, Teil \(item), mit Erläuterungen zur Kalkulation</totext1><volfdnr>\(meetings * 10 + item)</volfdnr><voname>FB 61/\(item)/WP18</voname><totyp>ungeändert beschlossen</totyp></item>

                    """
            }
            meeting += "      </tolist>\n    </item>\n"
            chunk += meeting
            if chunk.utf8.count > 1 << 20 {
                let data = latin1(chunk)
                try handle.write(contentsOf: data)
                written += data.count
                chunk = ""
            }
        }
        chunk += "  </list>\n</si010>\n"
        try handle.write(contentsOf: latin1(chunk))
        return meetings
    }
}

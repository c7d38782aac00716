import Foundation

/// Writes synthetic session exports for benchmarks and streaming tests (`ratsdoc bench
/// --generate-allris`): the ALLRIS `si010` dialect of `Pipelines/xml/allris-ws.yml`, encoded as
/// ISO-8859-1 with umlauts in names and texts, one `<item>` per meeting with a `<tolist>` of
/// agenda items whose results cycle through plain decisions, vote counts and "einstimmig".
///
/// The file is written in chunks of about 1 MB, so memory stays constant whatever the size.
/// The content depends only on the meeting number: the same target size gives the same file.
public enum SyntheticExport {
    /// Agenda items (`<tolist>/<item>`) per meeting.
    public static let agendaItemsPerMeeting = 12

    /// What ``writeALLRIS(to:targetBytes:)`` wrote.
    public struct Written: Sendable, Hashable {
        /// File size in bytes.
        public var bytes: Int
        /// Meeting records (`list/item`).
        public var meetings: Int
        /// Agenda items over all meetings.
        public var agendaItems: Int
        /// Agenda items whose result carries vote counts or "einstimmig" (``VoteCount`` is set).
        public var agendaItemsWithVotes: Int
    }

    /// Writes meetings until the file holds at least `targetBytes` (the last meeting and the closing
    /// tags go past it by at most one meeting, about 4.5 kB), replacing any file at `url`.
    /// - Throws: file system errors (cannot create or write the file).
    public static func writeALLRIS(to url: URL, targetBytes: Int) throws -> Written {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var written = Written(bytes: 0, meetings: 0, agendaItems: 0, agendaItemsWithVotes: 0)
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 20 + 8192)
        func flush() throws {
            try handle.write(contentsOf: chunk)
            written.bytes += chunk.count
            chunk.removeAll(keepingCapacity: true)
        }
        latin1("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<si010>\n  <list>\n", into: &chunk)
        while written.bytes + chunk.count < targetBytes {
            written.meetings += 1
            let number = written.meetings
            latin1(
                """
                    <item>
                      <silfdnr>\(number)</silfdnr>
                      <sisbvcs>\(10 + number % 18).0\(1 + number % 9).2026 17:00</sisbvcs>
                      <sisevcs>\(10 + number % 18).0\(1 + number % 9).2026 19:30</sisevcs>
                      <siname>Sitzung Nr. \(number) des Ausschusses für Straßen und Grünflächen</siname>
                      <grname>Ausschuss für Straßen und Grünflächen</grname>
                      <raname>Großer Sitzungssaal</raname>
                      <raort>Rathaus, Marktplatz 1</raort>
                      <tolist>

                """, into: &chunk)
            for item in 1...agendaItemsPerMeeting {
                let (result, hasVotes) = self.result(meeting: number, item: item)
                if hasVotes { written.agendaItemsWithVotes += 1 }
                latin1(
                    """
                            <item><tolfdnr>\(number * 100 + item)</tolfdnr><tofnum>\(item)</tofnum>\
                    <tofunum>\(item % 3 == 0 ? 1 : 0)</tofunum><topnr>\(item)</topnr>\
                    <toostLang>\(item == agendaItemsPerMeeting ? "nichtöffentlich" : "öffentlich")</toostLang>\
                    <totext1>Beratung über die Änderung der Gebührensatzung, Teil \(item), mit Erläuterungen zur \
                    Kalkulation</totext1><volfdnr>\(number * 10 + item)</volfdnr><voname>FB 61/\(item)/WP18</voname>\
                    <vobetr>Gebührensatzung für die Straßenreinigung, Änderung Nr. \(item)</vobetr>\
                    <totyp>\(result)</totyp></item>

                    """, into: &chunk)
            }
            written.agendaItems += agendaItemsPerMeeting
            latin1("      </tolist>\n    </item>\n", into: &chunk)
            if chunk.count >= 1 << 20 { try flush() }
        }
        latin1("  </list>\n</si010>\n", into: &chunk)
        try flush()
        return written
    }

    /// The `totyp` text of an agenda item, and whether it carries votes.
    static func result(meeting: Int, item: Int) -> (String, Bool) {
        switch (meeting + item) % 4 {
        case 0: ("ungeändert beschlossen", false)
        case 1:
            (
                "mehrheitlich beschlossen (\(5 + meeting % 20) Ja-Stimmen, \(meeting % 7) Nein-Stimmen, \(meeting % 3) Enthaltungen)",
                true
            )
        case 2: ("einstimmig beschlossen", true)
        default: ("zur Kenntnis genommen", false)
        }
    }

    /// Appends `text` as ISO-8859-1 (every character here is below U+0100).
    private static func latin1(_ text: String, into bytes: inout [UInt8]) {
        for scalar in text.unicodeScalars {
            bytes.append(scalar.value < 0x100 ? UInt8(truncatingIfNeeded: scalar.value) : 0x3F)
        }
    }
}

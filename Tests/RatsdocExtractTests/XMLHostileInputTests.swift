import Foundation
import RatsdocCore
import RatsdocTestSupport
import Testing

@testable import RatsdocExtract

@Suite("Hostile XML is refused")
struct XMLHostileInputTests {
    /// Runs the importer on `path` and returns the error, the elapsed seconds and everything the
    /// run printed into the error.
    private func refusal(_ path: String, recover: Bool = false) throws -> (ExtractionError, Double) {
        let importer = try SessionFixtures.importer(mapping: "allris-ws", recover: recover)
        let started = ContinuousClock.now
        let result = Result<SessionDocument, ExtractionError> { () throws(ExtractionError) in
            try importer.importFile(at: path)
        }
        let elapsed = ContinuousClock.now - started
        guard case .failure(let error) = result else {
            Issue.record("expected an error")
            throw CancellationError()
        }
        return (error, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    @Test(
        "committed hostile fixtures",
        arguments: [
            ("xxe-file.xml", ExtractionError.Code.refused), ("xxe-url.xml", .refused),
            ("parameter-entity.xml", .refused), ("billion-laughs.xml", .refused), ("external-dtd.xml", .refused),
        ])
    func committed(name: String, code: ExtractionError.Code) throws {
        for recover in [false, true] {
            let (error, seconds) = try refusal(SessionFixtures.xml(name), recover: recover)
            #expect(error.code == code)
            #expect(seconds < 1)
            // Nothing from /etc/passwd or /etc/hostname, and no entity value, in the message.
            let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8)) ?? ""
            let firstPasswdLine = passwd.split(separator: "\n").first.map(String.init) ?? "root:x:0:0"
            #expect(!error.description.contains(firstPasswdLine))
            #expect(!error.description.contains("lollol"))
            #expect(!error.description.contains("127.0.0.1"))
        }
    }

    /// A secret file with a marker that must never show up anywhere.
    private func secretFile() throws -> (URL, String) {
        let marker = "SECRET-\(UUID().uuidString)"
        let url = try SessionFixtures.temporaryFile("secret.txt", contents: Data(marker.utf8))
        return (url, marker)
    }

    @Test("XXE to a local file: refused, the file's content appears nowhere")
    func xxeLocalFile() throws {
        let (secret, marker) = try secretFile()
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE si010 [<!ENTITY xxe SYSTEM "file://\(secret.path)">]>
            <si010><list><item><siname>&xxe;</siname></item></list></si010>
            """
        let url = try SessionFixtures.temporaryFile("xxe.xml", contents: Data(xml.utf8))
        let (error, seconds) = try refusal(url.path)
        #expect(error.code == .refused)
        #expect(seconds < 1)
        #expect(!error.description.contains(marker))
    }

    @Test("UTF-16 XXE (past the byte prescan): libxml2 options and node checks still refuse it")
    func xxeUTF16() throws {
        let (secret, marker) = try secretFile()
        let xml = """
            <?xml version="1.0" encoding="UTF-16"?>
            <!DOCTYPE si010 [<!ENTITY xxe SYSTEM "file://\(secret.path)">]>
            <si010><list><item><siname>&xxe;</siname></item></list></si010>
            """
        var data = Data([0xFF, 0xFE])
        data.append(xml.data(using: .utf16LittleEndian) ?? Data())
        let url = try SessionFixtures.temporaryFile("xxe16.xml", contents: data)
        let (error, seconds) = try refusal(url.path)
        #expect(error.code == .refused)
        #expect(seconds < 1)
        #expect(!error.description.contains(marker))
    }

    @Test("UTF-16 billion laughs (past the byte prescan) is refused quickly")
    func billionLaughsUTF16() throws {
        let text = try String(contentsOfFile: SessionFixtures.xml("billion-laughs.xml"), encoding: .utf8)
            .replacingOccurrences(of: "<?xml version=\"1.0\"?>", with: "<?xml version=\"1.0\" encoding=\"UTF-16\"?>")
        var data = Data([0xFF, 0xFE])
        data.append(text.data(using: .utf16LittleEndian) ?? Data())
        let url = try SessionFixtures.temporaryFile("lol16.xml", contents: data)
        let (error, seconds) = try refusal(url.path)
        #expect(error.code == .refused)
        #expect(seconds < 1)
    }

    @Test("deep nesting is refused as too large", arguments: [200, 100_000])
    func deepNesting(depth: Int) throws {
        let xml =
            "<si010>" + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "</si010>"
        let url = try SessionFixtures.temporaryFile("deep.xml", contents: Data(xml.utf8))
        let (error, seconds) = try refusal(url.path)
        #expect(error.code == .tooLarge)
        #expect(seconds < 1)
        #expect(error.message == "elements nested deeper than 128 levels")
    }

    @Test("a bare DOCTYPE without entities or external id is accepted")
    func bareDoctype() throws {
        let xml =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE si010>\n<si010><list><item><silfdnr>7</silfdnr></item></list></si010>\n"
        let url = try SessionFixtures.temporaryFile("bare.xml", contents: Data(xml.utf8))
        let document = try SessionFixtures.importer().importFile(at: url.path)
        #expect(document.meetings.map(\.id) == ["7"])
    }

    @Test(
        "empty file, PDF and a missing file are document-level errors",
        arguments: [
            ("empty.xml", Data(), ExtractionError.Code.empty), ("fake.xml", Data("%PDF-1.7\n".utf8), .wrongType),
        ])
    func notXML(name: String, contents: Data, code: ExtractionError.Code) throws {
        let url = try SessionFixtures.temporaryFile(name, contents: contents)
        let (error, _) = try refusal(url.path)
        #expect(error.code == code)
    }

    @Test("a missing file is unreadable")
    func missing() throws {
        let (error, _) = try refusal("/nonexistent/ratsdoc/missing.xml")
        #expect(error.code == .unreadable)
    }
}

@Suite("XML recover mode")
struct XMLRecoverTests {
    @Test("each repair is a finding with its line, and the records survive")
    func repairs() throws {
        let document = try SessionFixtures.importer(recover: true).importFile(
            at: SessionFixtures.xml("allris-broken.xml"))
        #expect(document.status == .partial)
        let repairs = document.findings.filter { $0.code == "xmlRepaired" }
        #expect(repairs.map(\.line) == [7, 12, 12, 13])
        #expect(
            repairs.map(\.message) == [
                "unescaped '&' escaped", "unescaped '<' escaped", "stray end tag dropped", "control character dropped",
            ])
        let meeting = try #require(document.meetings.first)
        #expect(meeting.name == "Bau- & Planungsausschuss")
        #expect(meeting.organization == ["Bau- & Planungsausschuss"])
        let item = try #require(meeting.agendaItems.first)
        #expect(item.name == "Tempo < 30 vor der Grundschule")
        #expect(item.result == "ungeändert beschlossen")
        #expect(item.resultCode == "approvedUnchanged")
    }

    @Test("recover mode leaves well-formed input unchanged")
    func cleanInput() throws {
        let plain = try SessionFixtures.importer().importFile(at: SessionFixtures.xml("allris-latin1.xml"))
        let recovered = try SessionFixtures.importer(recover: true).importFile(
            at: SessionFixtures.xml("allris-latin1.xml"))
        #expect(recovered.findings.isEmpty)
        #expect(recovered.meetings == plain.meetings)
    }

    @Test("filter repairs split across chunk boundaries")
    func chunkBoundaries() throws {
        let input = Array("<r><a x=\"1 & 2\">A &amp; B & C &#x41; <b>x</b></c></a>\u{01}</r>".utf8)
        var expected: [UInt8] = []
        var whole = XMLRepairFilter()
        input.withUnsafeBytes { whole.process($0, final: true, into: &expected) }
        for size in 1...7 {
            var filter = XMLRepairFilter()
            var output: [UInt8] = []
            for start in stride(from: 0, to: input.count, by: size) {
                Array(input[start..<min(start + size, input.count)]).withUnsafeBytes {
                    filter.process($0, final: false, into: &output)
                }
            }
            filter.process(UnsafeRawBufferPointer(start: nil, count: 0), final: true, into: &output)
            #expect(output == expected)
            #expect(filter.repairCount == 4)
        }
        #expect(
            String(decoding: expected, as: UTF8.self)
                == "<r><a x=\"1 &amp; 2\">A &amp; B &amp; C &#x41; <b>x</b></a></r>")
    }
}

import Foundation
import RatsdocCore
import RatsdocPipeline
import RatsdocTestSupport
import Testing

/// The front door: one input in, its typed record out, the family told by content.
@Suite("Pipeline front door")
struct PipelineTests {
    static func pipeline() throws -> Pipeline {
        let root = FixturePaths.packageRoot.appendingPathComponent("Pipelines")
        return Pipeline(
            converter: VorlageConverter(profiles: try TestConversion.library()), pipelinesDirectory: root)
    }

    @Test func aPDFBecomesAPaperRecord() throws {
        let result = try Self.pipeline().process(path: FixturePaths.fixture("pdf/aachen-vorlage-libreoffice.pdf").path)
        guard case .paper(let document) = result else {
            Issue.record("expected a paper record")
            return
        }
        #expect(document.status == .success)
        #expect(document.paper?.reference == "FB 11/0298/WP17")
        #expect(document.source.mediaType == "application/pdf")
    }

    @Test func anXMLExportIsASessionRecordWhateverItsName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-pipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let misnamed = folder.appendingPathComponent("export.txt")
        try FileManager.default.copyItem(at: FixturePaths.fixture("xml/allris-utf8.xml"), to: misnamed)
        guard case .session(let document) = try Self.pipeline().process(path: misnamed.path) else {
            Issue.record("expected a session record")
            return
        }
        #expect(document.dialect == "allris-ws")
        #expect(!document.meetings.isEmpty)
    }

    @Test func anUnreadableInputIsAFailureOfItsFamily() throws {
        let result = try Self.pipeline().process(path: FixturePaths.fixture("pdf/encrypted.pdf").path)
        guard case .paper(let document) = result else {
            Issue.record("expected a paper record")
            return
        }
        #expect(document.status == .failure)
        #expect(document.findings.map(\.code) == ["encrypted"])
        #expect(document.source.sha256.count == 64)
    }

    @Test func bytesInMemoryGoTheSameWay() throws {
        let data = try Data(contentsOf: FixturePaths.fixture("text/karlsruhe-676088.txt"))
        guard case .paper(let document) = try Self.pipeline().process(bytes: data, path: "in-memory.txt") else {
            Issue.record("expected a paper record")
            return
        }
        #expect(document.paper?.reference == "2026/0061")
        #expect(document.source.path == "in-memory.txt")
    }
}

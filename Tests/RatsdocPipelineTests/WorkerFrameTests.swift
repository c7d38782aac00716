import Foundation
import Testing

@testable import RatsdocPipeline

/// The worker protocol's frame: a header line, then the record text raw.
@Suite("Worker frames")
struct WorkerFrameTests {
    @Test func aRecordSurvivesTheRoundTripByteForByte() throws {
        let record = ConvertedRecord(
            path: "in/a \"b\".pdf", status: "partial", record: "{\n  \"x\" : \"ä\\n\"\n}", problem: "p",
            transient: nil, sha256: "ab")
        let frame = Array(WorkerFrame.encode(record))
        let newline = try #require(frame.firstIndex(of: 0x0A))
        let header = try #require(WorkerFrame.header(Array(frame[..<newline])))
        #expect(header.recordBytes == record.record.utf8.count)
        let decoded = WorkerFrame.record(header, body: Array(frame[(newline + 1)...]))
        #expect(decoded.path == record.path)
        #expect(decoded.record == record.record)
        #expect(decoded.status == "partial")
        #expect(decoded.sha256 == "ab")
    }

    @Test func garbageIsNoHeader() {
        #expect(WorkerFrame.header(Array("not json".utf8)) == nil)
        #expect(WorkerFrame.header(Array("{\"path\":\"a\"}".utf8)) == nil)
    }
}

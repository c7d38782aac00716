import Foundation
import RatsdocCore

/// One worker answer on the wire: a JSON header line (the ``ConvertedRecord`` without its
/// record text, plus the text's length in bytes), then the record text itself, raw. The record is
/// JSON already; sending it as a string inside JSON would escape every quote on one side and
/// unescape it on the other.
enum WorkerFrame {
    struct Header: Codable {
        var path: String
        var status: String
        var problem: String?
        var transient: Bool?
        var sha256: String?
        var recordBytes: Int
    }

    static func encode(_ record: ConvertedRecord) -> Data {
        let body = Data(record.record.utf8)
        let header = Header(
            path: record.path, status: record.status, problem: record.problem, transient: record.transient,
            sha256: record.sha256, recordBytes: body.count)
        var data = (try? JSONOutput.data(header, pretty: false)) ?? Data("{}".utf8)
        data.append(0x0A)
        data.append(body)
        return data
    }

    /// The header of a frame from its first line; nil for garbage.
    static func header(_ line: [UInt8]) -> Header? {
        try? JSONDecoder().decode(Header.self, from: Data(line))
    }

    static func record(_ header: Header, body: [UInt8]) -> ConvertedRecord {
        ConvertedRecord(
            path: header.path, status: header.status, record: String(decoding: body, as: UTF8.self),
            problem: header.problem, transient: header.transient, sha256: header.sha256)
    }
}

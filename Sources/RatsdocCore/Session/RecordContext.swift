import Foundation

/// What every field reader of one record shares.
final class RecordContext {
    let record: XMLRecord
    let memo: SessionMappingEngine.Memo

    init(_ record: XMLRecord, _ memo: SessionMappingEngine.Memo) {
        self.record = record
        self.memo = memo
    }
}

import Foundation
import RatsdocCore
import RatsdocExtract

/// The OParl index of a run's JSON files, built on first use and kept.
final class OParlContext: @unchecked Sendable {
    // Invariant: `built` is only touched while holding `lock`.
    private let lock = NSLock()
    private var built: OParlIndex?
    let paths: [String]

    init(paths: [String]) { self.paths = paths }

    func index(importer: SessionImporter?) -> OParlIndex {
        lock.withLock {
            if let built { return built }
            let index = importer?.oparlIndex(paths: paths) ?? OParlIndex()
            built = index
            return index
        }
    }
}

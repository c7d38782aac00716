import Foundation
import RatsdocCore
import RatsdocExtract
import RatsdocTestSupport
import Testing

@Test(.enabled(if: ProcessInfo.processInfo.environment["RATSDOC_DUMP"] != nil))
func scratchDump() throws {
    let paths = (ProcessInfo.processInfo.environment["RATSDOC_DUMP"] ?? "").split(separator: ":").map(String.init)
    for path in paths {
        let layout = LayoutAnalyzer().analyze(try DocumentReader().read(path: path))
        let document = VorlageConverter(profiles: try TestConversion.library()).convert(layout)
        let out = "/tmp/dump/" + ((path as NSString).lastPathComponent as NSString).deletingPathExtension + ".json"
        try JSONOutput.encode(document, pretty: true).write(toFile: out, atomically: true, encoding: .utf8)
    }
}

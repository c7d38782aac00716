import Foundation
import RatsdocPipeline

/// Finds the `Pipelines/` folder (profiles, XML mappings, vocabularies): `--pipelines DIR`, then
/// `$RATSDOC_PIPELINES`, then `./Pipelines`, then the source checkout the binary was built in.
enum PipelinesLocator {
    static func locate(_ explicit: String?) throws -> URL {
        let manager = FileManager.default
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if let fromEnvironment = ProcessInfo.processInfo.environment["RATSDOC_PIPELINES"] {
            candidates.append(fromEnvironment)
        }
        candidates.append(manager.currentDirectoryPath + "/Pipelines")
        // .build/<triple>/<config>/ratsdoc → package root.
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<5 {
            url.deleteLastPathComponent()
            candidates.append(url.appendingPathComponent("Pipelines").path)
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: candidate + "/profiles", isDirectory: &isDirectory), isDirectory.boolValue {
                return URL(fileURLWithPath: candidate)
            }
            if explicit != nil, candidate == explicit {
                throw ConvertFailure("\(candidate): not a Pipelines folder (no profiles/ inside)")
            }
        }
        throw ConvertFailure("cannot find the Pipelines folder; pass --pipelines DIR or set RATSDOC_PIPELINES")
    }
}

/// A usage or set-up problem that stops the whole run (exit status 2).


import Foundation
import RatsdocTestSupport
import Testing

/// Runs the built `ratsdoc` binary (it sits next to the test bundle) and captures its output.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The built `ratsdoc` binary: next to the test bundle, else the debug build.
func ratsdocBinary() -> URL { RatsdocBinary.url }

func runRatsdoc(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
    try runCommand(ratsdocBinary().path, arguments, environment: environment)
}

/// Runs a program in the package root and collects its exit status, stdout and stderr.
func runCommand(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
    -> CommandResult
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = FixturePaths.packageRoot
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes fully before waiting, so a large output cannot block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

@Suite("The ratsdoc binary")
struct CLITests {
    @Test func extractShowsTheBeratungsfolgeAsATable() throws {
        let result = try runRatsdoc(["extract", "Fixtures/pdf/aachen-vorlage-libreoffice.pdf"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout.contains("[table 4x3]"))
        #expect(
            result.stdout.contains("| 05.07.2018 | Personal- und Verwaltungsausschuss       | Anhörung/Empfehlung |"))
        #expect(result.stdout.contains("[footer] Seite 1 von 3"))
    }

    @Test func extractReportsEachBadFileOnOneLineAndGoesOn() throws {
        let result = try runRatsdoc([
            "extract", "Fixtures/pdf/encrypted.pdf", "Fixtures/pdf/truncated.pdf",
            "Fixtures/pdf/karlsruhe-vorlage-chromium.pdf",
            "Fixtures/pdf/not-a-pdf.pdf", "Fixtures/pdf/empty.pdf", "Fixtures/pdf/does-not-exist.pdf",
        ])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("ratsdoc: Fixtures/pdf/encrypted.pdf: encrypted: "))
        #expect(lines[1].hasPrefix("ratsdoc: Fixtures/pdf/truncated.pdf: malformed: "))
        #expect(lines[2].hasPrefix("ratsdoc: Fixtures/pdf/not-a-pdf.pdf: wrongType: "))
        #expect(lines[3] == "ratsdoc: Fixtures/pdf/empty.pdf: empty: file is empty (0 bytes)")
        #expect(lines[4].hasPrefix("ratsdoc: Fixtures/pdf/does-not-exist.pdf: unreadable: "))
        // The good file in the middle is still processed.
        #expect(result.stdout.contains("# Fixtures/pdf/karlsruhe-vorlage-chromium.pdf (2 pages)"))
    }

    @Test func extractJSONCarriesBoxesWithTopLeftOrigin() throws {
        let result = try runRatsdoc(["extract", "--format", "json", "Fixtures/pdf/two-column.pdf"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let pages = try #require(object["pages"] as? [[String: Any]])
        #expect(pages.count == 2)
        #expect(pages[0]["columns"] as? Int == 2)
        let blocks = try #require(pages[0]["blocks"] as? [[String: Any]])
        let box = try #require(blocks.first?["box"] as? [Double])
        #expect(box.count == 4)
        #expect(box[1] < 150)  // the heading sits near the top: y grows downwards
    }

    @Test func extractJSONOverSeveralFilesIsJSONLinesInOrder() throws {
        let result = try runRatsdoc([
            "extract", "--format", "json", "Fixtures/pdf/two-column.pdf", "Fixtures/pdf/empty.pdf",
            "Fixtures/text/karlsruhe-676088.txt",
        ])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let paths = try lines.map { line -> String? in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return (object?["source"] as? [String: Any])?["path"] as? String
        }
        #expect(paths == ["Fixtures/pdf/two-column.pdf", "Fixtures/text/karlsruhe-676088.txt"])
        #expect(result.stderr == "ratsdoc: Fixtures/pdf/empty.pdf: empty: file is empty (0 bytes)\n")
    }

    @Test func usageErrorsExitWithTwo() throws {
        #expect(try runRatsdoc(["convert", "--jobs", "0", "Fixtures/pdf"]).status == 2)
        #expect(try runRatsdoc(["convert", "Fixtures/pdf/no-such-file.pdf"]).status == 2)
        #expect(
            try runRatsdoc(["convert", "--profile", "no-such-profile", "Fixtures/pdf/aachen-vorlage-libreoffice.pdf"])
                .status == 2)
        #expect(try runRatsdoc(["frobnicate"]).status == 2)
    }

    @Test func helpTeaches() throws {
        let result = try runRatsdoc(["convert", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Exit status: 0 every input converted"))
        #expect(result.stdout.contains("--output"))
    }
}

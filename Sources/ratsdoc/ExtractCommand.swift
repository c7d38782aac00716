import ArgumentParser
import Foundation
import RatsdocCore
import RatsdocExtract

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Show the layout ratsdoc sees: lines and blocks in reading order, tables as grids.",
        discussion: """
            Reads each PDF (or .txt) file, rebuilds words, lines, columns and tables from the character \
            boxes, and prints them. Running headers and footers are marked [header] / [footer] and kept \
            out of the body. This is the first command to run on a new document template.

            Boxes in JSON are [x0, y0, x1, y1] in PDF points, origin at the TOP-LEFT of the page.

            Examples:
              ratsdoc extract Fixtures/pdf/aachen-vorlage-libreoffice.pdf
              ratsdoc extract --format json vorlage.pdf > layout.json

            Exit status: 0 when every file was read, 1 when at least one could not be read \
            (each such file gets one line on stderr naming it and the reason).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(name: .shortAndLong, help: "Output format: text (a readable view) or json (the full layout with boxes).")
    var format: Format = .text

    @Argument(help: "PDF or text files to read.")
    var files: [String]

    func run() throws {
        var failures = 0
        let analyzer = LayoutAnalyzer()
        for path in files {
            do {
                let extracted = try DocumentReader().read(path: path)
                let layout = analyzer.analyze(extracted)
                switch format {
                case .text: Output.write(LayoutTextRenderer.render(layout))
                case .json: Output.write(try JSONOutput.encode(layout, pretty: true) + "\n")
                }
            } catch {
                failures += 1
                Output.error("\(error)")
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

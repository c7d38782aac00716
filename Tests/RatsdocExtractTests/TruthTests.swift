import Foundation
import RatsdocCore
import RatsdocExtract
import RatsdocTestSupport
import Testing

/// Vorlagen that no parser rule was written against, PDFs and extracted texts, with their values
/// typed by hand from the sources (`Fixtures/truth/*.json`, not from ratsdoc's output). Every field the truth names must
/// come out exactly; long texts are compared with whitespace collapsed; a field the truth does
/// not name must be absent. `python3 Fixtures/truth/compare.py` prints the same comparison as a table.
@Suite("Unseen Vorlagen against hand-written truth")
struct TruthTests {
    static var names: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: FixturePaths.fixture("truth").path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static let textFields: Set<String> = ["summary", "decisionProposal", "explanation"]
    /// Fields the truth files do not describe (derived or diagnostic).
    static let ignoredFields: Set<String> = ["roleRaw"]

    @Test(arguments: names)
    func paperMatchesTruth(name: String) throws {
        let truthData = try Data(contentsOf: FixturePaths.fixture("truth/\(name).json"))
        let truth = try #require(try JSONSerialization.jsonObject(with: truthData) as? [String: Any])
        // A truth file belongs to Fixtures/pdf/<name>.pdf or, for text inputs, Fixtures/text/<name>.txt.
        let pdf = "pdf/\(name).pdf"
        let input = FileManager.default.fileExists(atPath: FixturePaths.fixture(pdf).path) ? pdf : "text/\(name).txt"
        let document = try GoldenTests.convert(input)
        #expect(document.status == .success)
        let encoded = try JSONOutput.encode(document, pretty: false)
        let output = try #require(try JSONSerialization.jsonObject(with: Data(encoded.utf8)) as? [String: Any])
        let paper = try #require(output["paper"] as? [String: Any])
        for key in Set(truth.keys).union(paper.keys).sorted() where !Self.ignoredFields.contains(key) {
            let expected = truth[key].map { Self.canonical($0, key: key) } ?? "<absent>"
            let actual = paper[key].map { Self.canonical($0, key: key) } ?? "<absent>"
            #expect(actual == expected, "\(name): \(key)")
        }
    }

    /// A comparable rendering: sorted-key JSON; whitespace collapsed for long texts; `roleRaw` dropped.
    static func canonical(_ value: Any, key: String) -> String {
        if textFields.contains(key), let text = value as? String {
            return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let cleaned = strip(value)
        guard JSONSerialization.isValidJSONObject([cleaned]),
            let data = try? JSONSerialization.data(withJSONObject: [cleaned], options: [.sortedKeys])
        else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func strip(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            return object.filter { !ignoredFields.contains($0.key) }.mapValues(strip)
        }
        if let array = value as? [Any] { return array.map(strip) }
        return value
    }
}

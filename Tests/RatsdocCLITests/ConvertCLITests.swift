import Foundation
import RatsdocTestSupport
import Testing

private func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
}

private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ratsdoc-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("ratsdoc convert")
struct ConvertCLITests {
    @Test func convertsTheAachenFixtureToTheContract() throws {
        let result = try runRatsdoc(["convert", "Fixtures/pdf/aachen-vorlage-libreoffice.pdf"])
        #expect(result.status == 0)
        let records = try jsonLines(result.stdout)
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record["schemaVersion"] as? String == "1")
        #expect(record["status"] as? String == "success")
        #expect(record["profile"] as? String == "aachen-allris")
        let paper = try #require(record["paper"] as? [String: Any])
        #expect(paper["reference"] as? String == "FB 11/0298/WP17")
        #expect(paper["date"] as? String == "2018-06-20")
        #expect(paper["public"] as? Bool == true)
        #expect(paper["leadDepartment"] as? String == "Fachbereich Personal und Organisation")
        #expect(paper["participatingDepartments"] as? [String] == ["Dezernat V"])
        #expect(paper["fileNumber"] as? String == "Dez. V / FB 11")
        #expect(paper["author"] as? String == "Herr Marc Neumann")
        let consultations = try #require(paper["consultations"] as? [[String: Any]])
        #expect(consultations.map { $0["date"] as? String } == ["2018-07-05", "2018-07-05", "2018-07-11"])
        #expect(
            consultations.map { $0["organization"] as? String } == [
                "Personal- und Verwaltungsausschuss", "Ausschuss für Arbeit, Wirtschaft und Wissenschaft",
                "Rat der Stadt Aachen",
            ])
        #expect(consultations.map { $0["authoritative"] as? Bool } == [false, false, true])
        let finance = try #require(paper["financialImpact"] as? [String: Any])
        #expect(finance["hasImpact"] as? Bool == false)
        let table = try #require((finance["tables"] as? [[String: Any]])?.first)
        #expect((table["columns"] as? [String])?.count == 7)
        // The summary names the run on stderr.
        #expect(result.stderr.contains("1 inputs: 1 success, 0 partial, 0 failure"))
    }

    @Test func aBatchWithBadFilesKeepsEveryRecordAndExitsWithOne() throws {
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: FixturePaths.fixture("pdf").path).filter {
            $0.hasSuffix(".pdf")
        }
        let result = try runRatsdoc(
            ["convert", "--output", output.path, "--jobs", "2"] + pdfs.map { "Fixtures/pdf/" + $0 })
        #expect(result.status == 1)
        let written = try FileManager.default.contentsOfDirectory(atPath: output.path).filter {
            $0.hasSuffix(".json") && !$0.hasPrefix(".")
        }
        #expect(Set(written) == Set(pdfs.map { $0 + ".json" }))
        func status(_ name: String) throws -> String? {
            let data = try Data(contentsOf: output.appendingPathComponent(name + ".pdf.json"))
            return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["status"] as? String
        }
        for bad in ["encrypted", "truncated", "not-a-pdf", "empty", "image-only"] {
            #expect(try status(bad) == "failure", "\(bad)")
            #expect(result.stderr.contains("Fixtures/pdf/\(bad).pdf: failure: "), "\(bad)")
        }
        for good in [
            "aachen-vorlage-libreoffice", "aachen-vorlage-chromium", "karlsruhe-vorlage-chromium",
            "karlsruhe-vorlage-libreoffice",
        ] {
            #expect(try status(good) == "success", "\(good)")
        }
    }

    @Test func asecondRunSkipsUnchangedInputsAndAChangedInputIsConvertedAgain() throws {
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for name in ["karlsruhe-676088.txt", "aachen-FB-11-0298-WP17.txt"] {
            try FileManager.default.copyItem(
                at: FixturePaths.fixture("text/" + name), to: input.appendingPathComponent(name))
        }
        let output = work.appendingPathComponent("out").path
        let first = try runRatsdoc(["convert", input.path, "--output", output])
        #expect(first.status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: output + "/karlsruhe-676088.txt.json"))

        let second = try runRatsdoc(["convert", input.path, "--output", output])
        #expect(second.status == 0)
        #expect(second.stderr.contains("2 inputs: 0 success, 0 partial, 0 failure, 2 unchanged"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: output + "/karlsruhe-676088.txt.json")) == before)

        let changed = input.appendingPathComponent("aachen-FB-11-0298-WP17.txt")
        let text = try String(contentsOf: changed, encoding: .utf8).replacingOccurrences(
            of: "20.06.2018", with: "21.06.2018")
        try text.write(to: changed, atomically: true, encoding: .utf8)
        let third = try runRatsdoc(["convert", input.path, "--output", output])
        #expect(third.stderr.contains("2 inputs: 1 success, 0 partial, 0 failure, 1 unchanged"))
        let data = try Data(contentsOf: URL(fileURLWithPath: output + "/aachen-FB-11-0298-WP17.txt.json"))
        let paper = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["paper"] as? [String: Any]
        #expect(paper?["date"] as? String == "2018-06-21")
    }

    @Test func aWorkerThatTimesOutCostsOnlyItsDocumentAndIsRetriedNextRun() throws {
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let stalled = try runRatsdoc([
            "convert", "--timeout", "0.001", "Fixtures/pdf/karlsruhe-vorlage-chromium.pdf", "--output", output.path,
        ])
        #expect(stalled.status == 1)
        #expect(stalled.stderr.contains("Fixtures/pdf/karlsruhe-vorlage-chromium.pdf: timeout: "))
        let data = try Data(contentsOf: output.appendingPathComponent("karlsruhe-vorlage-chromium.pdf.json"))
        let record = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(record["status"] as? String == "failure")
        #expect((record["findings"] as? [[String: Any]])?.first?["code"] as? String == "timeout")
        let retried = try runRatsdoc([
            "convert", "Fixtures/pdf/karlsruhe-vorlage-chromium.pdf", "--output", output.path,
        ])
        #expect(retried.status == 0)
        #expect(retried.stderr.contains("1 success"))
    }

    @Test func aWorkerCrashCostsOnlyItsDocument() throws {
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let crashing = work.appendingPathComponent("crash-here.pdf")
        try FileManager.default.copyItem(at: FixturePaths.fixture("pdf/aachen-vorlage-chromium.pdf"), to: crashing)
        let result = try runRatsdoc(
            [
                "convert", "--jobs", "1", "Fixtures/pdf/karlsruhe-vorlage-chromium.pdf", crashing.path,
                "Fixtures/pdf/aachen-vorlage-libreoffice.pdf",
            ],
            environment: ["RATSDOC_TEST_CRASH_MARKER": "crash-here"])
        #expect(result.status == 1)
        let records = try jsonLines(result.stdout)
        #expect(records.map { $0["status"] as? String } == ["success", "failure", "success"])
        let finding = (records[1]["findings"] as? [[String: Any]])?.first
        #expect(finding?["code"] as? String == "crashed")
        #expect((finding?["message"] as? String)?.contains("signal") == true)
        #expect(result.stderr.contains("crash-here.pdf: crashed: worker process died"))
    }

    @Test func oparlOutputIsAPaperWithEmbeddedConsultations() throws {
        let result = try runRatsdoc([
            "convert", "--format", "oparl", "--base-url", "https://ris.example.org/oparl",
            "Fixtures/pdf/karlsruhe-vorlage-libreoffice.pdf",
        ])
        #expect(result.status == 0)
        let paper = try #require(try jsonLines(result.stdout).first)
        #expect(paper["type"] as? String == "https://schema.oparl.org/1.1/Paper")
        #expect(paper["reference"] as? String == "2026/0061")
        #expect((paper["id"] as? String)?.hasPrefix("https://ris.example.org/oparl/paper/") == true)
        let consultations = try #require(paper["consultation"] as? [[String: Any]])
        #expect(consultations.count == 4)
        #expect(consultations.allSatisfy { $0["type"] as? String == "https://schema.oparl.org/1.1/Consultation" })
        #expect(consultations.last?["authoritative"] as? Bool == true)
    }

    @Test func jsonLinesKeepInputOrderWithParallelWorkers() throws {
        let inputs = [
            "karlsruhe-vorlage-2-chromium.pdf", "aachen-vorlage-chromium.pdf", "karlsruhe-vorlage-libreoffice.pdf",
            "aachen-vorlage-2-libreoffice.pdf",
        ]
        let result = try runRatsdoc(["convert", "--jobs", "2"] + inputs.map { "Fixtures/pdf/" + $0 })
        let paths = try jsonLines(result.stdout).map { ($0["source"] as? [String: Any])?["path"] as? String }
        #expect(paths == inputs.map { "Fixtures/pdf/" + $0 })
    }
}

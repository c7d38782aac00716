import Foundation
import GRDB
import RatsdocStore
import RatsdocTestSupport
import Testing

/// `ratsdoc ingest`, `history`, `runs` and `export` end to end, through the built binary.
@Suite("The store")
struct StoreCLITests {
    static func report(_ path: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
    }

    /// Files under `url`, relative, sorted, with their bytes.
    static func tree(_ url: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: url.path)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = url.appendingPathComponent(relative)
            FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory)
            if !isDirectory.boolValue && !relative.hasPrefix(".") {
                files[relative] = try Data(contentsOf: path)
            }
        }
        return files
    }

    /// Good inputs of every family, and three that go wrong in the worker: one hangs, one
    /// crashes it, one eats memory until the limit stops it.
    static func mixedInputs(in input: URL) throws {
        try TestFolders.copyFixture("pdf/karlsruhe-vorlage-libreoffice.pdf", to: input.appendingPathComponent("pdf/karlsruhe.pdf"))
        try TestFolders.copyFixture("pdf/aachen-vorlage-chromium.pdf", to: input.appendingPathComponent("pdf/aachen.pdf"))
        try TestFolders.copyFixture("text/karlsruhe-653760.txt", to: input.appendingPathComponent("text/653760.txt"))
        try TestFolders.copyFixture("text/aachen-FB-11-0298-WP17.txt", to: input.appendingPathComponent("text/aachen.txt"))
        try TestFolders.copyFixture("xml/ratsdoc-export.xml", to: input.appendingPathComponent("xml/ratsdoc-export.xml"))
        try TestFolders.copyFixture("xml/allris-utf8.xml", to: input.appendingPathComponent("xml/allris-utf8.xml"))
        for name in ["hang-me", "crash-me", "hungry-me"] {
            try TestFolders.copyFixture("text/karlsruhe-676088.txt", to: input.appendingPathComponent("bad/\(name).txt"))
        }
    }

    static let faults = [
        "RATSDOC_TEST_HANG_MARKER": "hang-me", "RATSDOC_TEST_CRASH_MARKER": "crash-me",
        "RATSDOC_TEST_MEMORY_MARKER": "hungry-me",
    ]

    /// With `../shared`: the 500 real Karlsruhe texts join the good inputs.
    @Test func aSecondIngestChangesNothingAndStillExitsNonZeroForTheBadInputs() throws {
        let work = try TestFolders.make("store")
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("in")
        try Self.mixedInputs(in: input)
        var good = 6
        if let samples = FixturePaths.sharedSamples {
            let corpus = samples.deletingLastPathComponent().appendingPathComponent("corpus/karlsruhe-texts")
            let texts = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".txt") }
            try FileManager.default.createDirectory(
                at: input.appendingPathComponent("corpus"), withIntermediateDirectories: true)
            for name in texts {
                try FileManager.default.copyItem(
                    at: corpus.appendingPathComponent(name), to: input.appendingPathComponent("corpus/\(name)"))
            }
            good += texts.count
        }
        let inputs = good + 3
        let store = work.appendingPathComponent("store.sqlite").path
        let arguments = [
            "ingest", "--quiet", input.path, "--store", store, "--jobs", "2", "--timeout", "2", "--memory-limit", "512",
        ]
        let first = try runRatsdoc(arguments + ["--report", work.appendingPathComponent("1.json").path], environment: Self.faults)
        #expect(first.status == 1, "\(first.stderr)")
        let firstReport = try Self.report(work.appendingPathComponent("1.json"))
        #expect((firstReport["added"] as? [String])?.count == inputs)
        #expect(
            (firstReport["failed"] as? [String])?.map { ($0 as NSString).lastPathComponent }.sorted()
                == ["crash-me.txt", "hang-me.txt", "hungry-me.txt"])
        #expect(first.stderr.contains("hang-me.txt: timeout: no result after 2 s"))
        #expect(first.stderr.contains("crash-me.txt: crashed: worker process died"))
        #expect(first.stderr.contains("hungry-me.txt: crashed: worker process died"))
        #expect(first.stderr.contains("\(inputs) added, 0 updated, 0 unchanged, 0 withdrawn, 3 failed, "))

        let opened = try Store(path: store, create: false)
        let dump = try opened.canonicalDump()
        // The failure versions keep their reasons.
        let problems = try opened.database.read { db in
            try String.fetchAll(db, sql: "SELECT problem FROM documentVersion WHERE status = 'failure' ORDER BY problem")
        }
        #expect(problems.count == 3)
        #expect(problems.allSatisfy { $0.contains("/bad/") })
        // Every good input is in the store, read (success or partial), with its paper.
        let read = try opened.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source s JOIN documentVersion v ON v.id = s.currentVersionId WHERE v.status != 'failure'")
        }
        #expect(read == good)

        let second = try runRatsdoc(arguments + ["--report", work.appendingPathComponent("2.json").path], environment: Self.faults)
        #expect(second.status == 1)
        #expect(second.stderr.contains("0 added, 0 updated, \(inputs) unchanged, 0 withdrawn, 3 failed, "))
        #expect(try opened.canonicalDump() == dump)
        #expect(try opened.integrityCheck() == "ok")
        let runs = try opened.runs()
        #expect(runs.map(\.state) == ["finished", "finished"])
        #expect(runs.map(\.unchanged) == [inputs, 0])

        let listed = try runRatsdoc(["runs", "--store", store])
        #expect(listed.status == 0)
        #expect(listed.stdout.split(separator: "\n").count == 3)
        #expect(listed.stdout.contains("finished"))
    }

    @Test func historyNamesTheFieldsThatChangedWhenThePDFIsReplaced() throws {
        let work = try TestFolders.make("store")
        defer { try? FileManager.default.removeItem(at: work) }
        let pdf = work.appendingPathComponent("in/vorlage.pdf")
        try TestFolders.copyFixture("pdf/karlsruhe-vorlage-libreoffice.pdf", to: pdf)
        let store = work.appendingPathComponent("store.sqlite").path
        #expect(try runRatsdoc(["ingest", "--quiet", pdf.path, "--store", store]).status == 0)
        try FileManager.default.removeItem(at: pdf)
        try TestFolders.copyFixture("store/karlsruhe-vorlage-revised-libreoffice.pdf", to: pdf)
        let second = try runRatsdoc(["ingest", "--quiet", pdf.path, "--store", store])
        #expect(second.status == 0)
        #expect(second.stderr.contains("0 added, 1 updated, 0 unchanged"))

        let history = try runRatsdoc(["history", "2026/0061", "--store", store])
        #expect(history.status == 0)
        let lines = history.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "2026/0061: 2 versions")
        #expect(lines.filter { $0.contains(" v1 ") || $0.contains(" v2 ") }.count == 2)
        #expect(lines.contains { $0.hasPrefix("* v2 ") })
        #expect(lines.contains("      changed /consultations/3/agendaItemNumber: 7 → 4"))
        #expect(lines.contains("      changed /consultations/3/date: 2026-04-28 → 2026-05-19"))
        #expect(lines.filter { $0.contains("changed /") }.count == 2)

        let json = try runRatsdoc(["history", "2026/0061", "--store", store, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let versions = try #require(object["versions"] as? [[String: Any]])
        #expect(versions.map { $0["number"] as? Int } == [1, 2])
        #expect((versions[1]["changed"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            == ["/consultations/3/agendaItemNumber", "/consultations/3/date"])

        let missing = try runRatsdoc(["history", "1999/0001", "--store", store])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("1999/0001: no paper with this reference"))
    }

    @Test(arguments: ["json", "jsonl", "oparl"])
    func exportWritesWhatConvertWrites(format: String) throws {
        let work = try TestFolders.make("store")
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("in")
        try Self.mixedInputs(in: input)
        try FileManager.default.removeItem(at: input.appendingPathComponent("bad"))
        try TestFolders.copyFixture("pdf/encrypted.pdf", to: input.appendingPathComponent("pdf/encrypted.pdf"))
        if let samples = FixturePaths.sharedSamples {
            try FileManager.default.copyItem(
                at: samples.appendingPathComponent("karlsruhe-oparl-syndication/docs"),
                to: input.appendingPathComponent("oparl"))
        }
        let store = work.appendingPathComponent("store.sqlite").path
        let converted = work.appendingPathComponent("converted")
        let exported = work.appendingPathComponent("exported")
        let ingest = try runRatsdoc(["ingest", "--quiet", input.path, "--store", store])
        #expect(ingest.status == 1)
        let convert = try runRatsdoc(["convert", "--quiet", input.path, "--output", converted.path, "--format", format])
        #expect(convert.status == 1)
        let export = try runRatsdoc(["export", "--store", store, "--output", exported.path, "--format", format])
        #expect(export.status == 0, "\(export.stderr)")
        let expected = try Self.tree(converted)
        #expect(expected.count >= 7)
        let actual = try Self.tree(exported)
        #expect(actual.keys.sorted() == expected.keys.sorted())
        for (name, data) in expected {
            #expect(actual[name] == data, "\(name) differs")
        }
    }

    @Test func aSnapshotWithdrawsWhatIsGoneAndKeepsIt() throws {
        let work = try TestFolders.make("store")
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("in")
        try TestFolders.copyFixture("text/karlsruhe-653760.txt", to: input.appendingPathComponent("a.txt"))
        try TestFolders.copyFixture("text/aachen-FB-11-0298-WP17.txt", to: input.appendingPathComponent("b.txt"))
        let store = work.appendingPathComponent("store.sqlite").path
        #expect(try runRatsdoc(["ingest", "--quiet", input.path, "--store", store]).status == 0)
        try FileManager.default.removeItem(at: input.appendingPathComponent("b.txt"))
        let snapshot = try runRatsdoc([
            "ingest", "--quiet", input.path, "--store", store, "--snapshot",
            "--report", work.appendingPathComponent("r.json").path,
        ])
        #expect(snapshot.status == 0)
        #expect(snapshot.stderr.contains("0 added, 0 updated, 1 unchanged, 1 withdrawn"))
        let report = try Self.report(work.appendingPathComponent("r.json"))
        #expect((report["withdrawn"] as? [String])?.map { ($0 as NSString).lastPathComponent } == ["b.txt"])

        let opened = try Store(path: store, create: false)
        let counts = try opened.rowCounts()
        #expect(counts["source"] == 2)
        #expect(counts["documentVersion"] == 2)
        #expect(counts["paper"] == 2)
        let withdrawnPaper = try opened.database.read { db in
            try Bool.fetchOne(db, sql: "SELECT withdrawn FROM paper WHERE reference = 'FB 11/0298/WP17'")
        }
        #expect(withdrawnPaper == true)
        let export = try runRatsdoc(["export", "--store", store, "--format", "jsonl"])
        #expect(export.stdout.split(separator: "\n").count == 1)
        let history = try runRatsdoc(["history", "FB 11/0298/WP17", "--store", store])
        #expect(history.stdout.contains("b.txt (document, withdrawn)"))

        // Back again: no new version, no longer withdrawn.
        try TestFolders.copyFixture("text/aachen-FB-11-0298-WP17.txt", to: input.appendingPathComponent("b.txt"))
        let back = try runRatsdoc(["ingest", "--quiet", input.path, "--store", store, "--snapshot"])
        #expect(back.stderr.contains("0 added, 0 updated, 2 unchanged, 0 withdrawn"))
        let restored = try opened.database.read { db in
            try Bool.fetchOne(db, sql: "SELECT withdrawn FROM paper WHERE reference = 'FB 11/0298/WP17'")
        }
        #expect(restored == false)
    }

    @Test func aPaperFromAnExportAndFromItsPDFMeetUnderOneReference() throws {
        let work = try TestFolders.make("store")
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("in")
        try TestFolders.copyFixture("pdf/karlsruhe-vorlage-chromium.pdf", to: input.appendingPathComponent("2026-0061.pdf"))
        try TestFolders.copyFixture("xml/ratsdoc-export.xml", to: input.appendingPathComponent("export.xml"))
        let store = work.appendingPathComponent("store.sqlite").path
        let result = try runRatsdoc(["ingest", "--quiet", input.path, "--store", store])
        #expect(result.status == 0, "\(result.stderr)")
        let opened = try Store(path: store, create: false)
        let origins = try opened.database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT o.origin, s.displayPath FROM paperOrigin o JOIN source s ON s.id = o.sourceId
                    WHERE o.reference = '2026/0061' ORDER BY o.origin
                    """
            ).map { "\($0["origin"] as String) \(($0["displayPath"] as String as NSString).lastPathComponent)" }
        }
        #expect(origins == ["document 2026-0061.pdf", "session export.xml"])
        let paper = try opened.database.read { db in
            try Row.fetchOne(db, sql: "SELECT origin, name FROM paper WHERE reference = '2026/0061'")
        }
        // The Vorlage itself is the paper's current reading.
        #expect(paper?["origin"] as String? == "document")
        // Meetings and their agenda items from the export, by id, with the sha256 they came from.
        let items = try opened.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agendaItem WHERE paperReference = '2026/0061'")
        }
        #expect((items ?? 0) >= 1)
        let shas = try opened.database.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM meeting")
        }
        #expect(shas == [try opened.database.read { db in
            try String.fetchOne(db, sql: "SELECT sha256 FROM source WHERE displayPath LIKE '%export.xml'") ?? ""
        }])
    }

    /// Two exports hold one meeting; when the one that wrote it last drops it, the other still
    /// holds it, so the store keeps it.
    @Test func aMeetingTwoExportsHoldSurvivesWhenOneDropsIt() throws {
        let work = try TestFolders.make("store")
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("in")
        try TestFolders.copyFixture("xml/ratsdoc-export.xml", to: input.appendingPathComponent("a.xml"))
        try TestFolders.copyFixture("xml/ratsdoc-export.xml", to: input.appendingPathComponent("b.xml"))
        let store = work.appendingPathComponent("store.sqlite").path
        #expect(try runRatsdoc(["ingest", "--quiet", input.path, "--store", store]).status == 0)
        let b = input.appendingPathComponent("b.xml")
        let text = try String(contentsOf: b, encoding: .utf8)
        try text.replacingOccurrences(of: "\"m-301\"", with: "\"m-999\"").write(to: b, atomically: true, encoding: .utf8)
        let second = try runRatsdoc(["ingest", "--quiet", input.path, "--store", store])
        #expect(second.status == 0)
        #expect(second.stderr.contains("0 added, 1 updated, 1 unchanged"))
        let opened = try Store(path: store, create: false)
        let meetings = try opened.database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT m.id, s.displayPath FROM meeting m JOIN source s ON s.id = m.sourceId ORDER BY m.id"
            ).map { "\($0["id"] as String) \(($0["displayPath"] as String as NSString).lastPathComponent)" }
        }
        #expect(meetings == ["m-301 a.xml", "m-999 b.xml"])
        let items = try opened.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agendaItem WHERE meetingId = 'm-301'")
        }
        #expect(items == 2)
    }

    /// An OParl file's record must not depend on which of the run's other OParl files are converted
    /// again: a run that finds the meetings and organisations unchanged (a rerun after a kill) still
    /// resolves the papers' references through them.
    @Test func oparlFilesSkippedAsUnchangedStillResolveTheOthersReferences() throws {
        guard let samples = FixturePaths.sharedSamples else {
            print("skipped: ../shared is absent")
            return
        }
        let work = try TestFolders.make("store")
        defer { try? FileManager.default.removeItem(at: work) }
        let docs = samples.appendingPathComponent("karlsruhe-oparl-syndication/docs")
        let input = work.appendingPathComponent("oparl")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for name in ["meetings", "papers", "organizations.json"] {
            try FileManager.default.copyItem(at: docs.appendingPathComponent(name), to: input.appendingPathComponent(name))
        }
        let clean = work.appendingPathComponent("clean.sqlite").path
        #expect(try runRatsdoc(["ingest", "--quiet", input.path, "--store", clean]).status == 0)
        // First the meetings and organisations alone (the papers not there yet), then everything:
        // the papers come in a run that skips the others as unchanged.
        let stepwise = work.appendingPathComponent("stepwise.sqlite").path
        let papers = input.appendingPathComponent("papers")
        let aside = work.appendingPathComponent("papers-aside")
        try FileManager.default.moveItem(at: papers, to: aside)
        #expect(try runRatsdoc(["ingest", "--quiet", input.path, "--store", stepwise]).status == 0)
        try FileManager.default.moveItem(at: aside, to: papers)
        let second = try runRatsdoc(["ingest", "--quiet", input.path, "--store", stepwise])
        #expect(second.status == 0)
        #expect(second.stderr.contains("3 added, 0 updated, 2 unchanged"))
        // The papers' records and consultations are the same either way. (The meeting's own record
        // differs: converted before the papers were there, it could not name them; it is
        // converted again only when its bytes change.)
        func papersPart(_ dump: String) -> [Substring] {
            dump.split(separator: "\n").filter {
                $0.hasPrefix("version [path:\"\(input.path)/papers/") || $0.hasPrefix("consultation ")
                    || $0.hasPrefix("origin ")
            }
        }
        let a = papersPart(try Store(path: clean, create: false).canonicalDump())
        let b = papersPart(try Store(path: stepwise, create: false).canonicalDump())
        #expect(a.contains { $0.contains("organization:\"Gemeinderat\"") })
        #expect(a.count >= 6)
        #expect(a == b)
    }

    @Test func aStoreThatIsNotADatabaseIsRefusedWithExitThree() throws {
        let work = try TestFolders.make("store")
        defer { try? FileManager.default.removeItem(at: work) }
        let store = work.appendingPathComponent("store.sqlite")
        try Data("not a database at all, but long enough to have a header".utf8).write(to: store)
        let result = try runRatsdoc([
            "ingest", "--quiet", FixturePaths.fixture("text/karlsruhe-653760.txt").path, "--store", store.path,
        ])
        #expect(result.status == 3)
        #expect(result.stderr.contains("cannot open the store"))
        let missing = try runRatsdoc(["runs", "--store", work.appendingPathComponent("none.sqlite").path])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("no such store"))
    }
}

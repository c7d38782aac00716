import Foundation
import RatsdocCore
import RatsdocStore
import RatsdocTestSupport
import Testing

/// `ratsdoc status`, `pending` and `agenda` over stores ingested by the built binary: the
/// fixtures with an XML export, the real Karlsruhe samples, and the 500 real Karlsruhe texts.
@Suite("Consultation tracking, end to end")
struct TrackingCLITests {
    static var karlsruheDocs: URL? {
        FixturePaths.sharedSamples?.appendingPathComponent("karlsruhe-oparl-syndication/docs")
    }

    static func statusJSON(_ reference: String, store: String, today: String) throws -> PaperStatus {
        let result = try runRatsdoc(["status", reference, "--store", store, "--json", "--today", today])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(PaperStatus.self, from: Data(result.stdout.utf8))
    }

    /// Paper 2026/0061: its printed Vorlage (the city's text of it) with the city's OParl dump.
    @Test func karlsruhe2026_0061ShowsBothHearingsThePreliminaryAndTheDecision() throws {
        guard let docs = Self.karlsruheDocs else {
            print("skipped: ../shared is absent")
            return
        }
        let work = try TestFolders.make("track")
        defer { try? FileManager.default.removeItem(at: work) }
        let store = work.appendingPathComponent("store.sqlite").path
        let ingest = try runRatsdoc(["ingest", "--quiet", docs.path, "--store", store])
        // The dump's folder holds two texts that are no Vorlage and a JSON that is no OParl.
        #expect(ingest.status == 1)
        let status = try Self.statusJSON("2026/0061", store: store, today: "2026-12-01")
        #expect(status.steps.map(\.organization) == [
            "Schulausschuss", "Ortschaftsrat Wettersbach", "Ortschaftsrat Wettersbach", "Gemeinderat",
        ])
        #expect(status.steps.map(\.role) == ["Vorberatung", "Anhörung", "Anhörung", "Entscheidung"])
        #expect(status.steps.map { $0.plannedDate?.description } == [
            "2026-03-11", "2026-03-17", "2026-04-14", "2026-04-28",
        ])
        #expect(status.steps[3].state == .treated)
        #expect(status.steps[3].occurrences.first?.meetingId == "https://web1.karlsruhe.de/oparl/bodies/0001/meetings/10512")
        #expect(status.steps[3].occurrences.first?.agendaItemNumber == "7")
        #expect(status.state == .decided)
        #expect(status.finalDecision?.organization == "Gemeinderat")
        #expect(status.finalDecision?.date?.description == "2026-04-28")
        #expect(status.finalDecision?.result == "einstimmig beschlossen")
        #expect(status.current == nil)

        let text = try runRatsdoc(["status", "2026/0061", "--store", store, "--today", "2026-12-01"])
        #expect(text.stdout.contains("✓ 2026-04-28  Gemeinderat"))
        #expect(text.stdout.contains("decided by Gemeinderat on 2026-04-28: einstimmig beschlossen"))

        let agenda = try runRatsdoc(["agenda", "--committee", "Gemeinderat", "--date", "2026-04-28", "--store", store])
        #expect(agenda.status == 0)
        #expect(agenda.stdout.hasPrefix("Gemeinderat, 2026-04-28: Gemeinderat (öffentlich/nicht öffentlich)"))
        #expect(agenda.stdout.contains("TOP 7  2026/0061  Heinz-Barth-Schule Wettersbach"))
    }

    /// The 500 real texts with the OParl data beside them. The city's OParl data are the truth:
    /// - every consultation OParl lists for a paper (committee and date) is a step of its timeline;
    /// - where OParl lists every consultation of a paper, every treated step is one of them;
    /// - a step treated by an agenda item of the OParl meeting carries that item's result.
    @Test func treatedStepsOfTheRealCorpusAgreeWithOParl() throws {
        guard let docs = Self.karlsruheDocs else {
            print("skipped: ../shared is absent")
            return
        }
        let corpus = docs.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("corpus/karlsruhe-texts")
        guard FileManager.default.fileExists(atPath: corpus.path) else {
            print("skipped: ../shared/corpus is absent")
            return
        }
        let work = try TestFolders.make("track")
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("texts")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        var truths: [String: (consultations: [[String: Any]], complete: Bool)] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: corpus.path) where name.hasSuffix(".truth.json") {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: corpus.appendingPathComponent(name)))
                    as? [String: Any])
            let paper = try #require(object["paper"] as? [String: Any])
            let complete = (object["scoring"] as? [String: Any])?["consultationsComplete"] as? Bool ?? false
            if let reference = paper["reference"] as? String {
                truths[reference] = (paper["consultations"] as? [[String: Any]] ?? [], complete)
            }
            let text = name.replacingOccurrences(of: ".truth.json", with: ".txt")
            try FileManager.default.copyItem(at: corpus.appendingPathComponent(text), to: input.appendingPathComponent(text))
        }
        #expect(truths.count == 500)
        let store = work.appendingPathComponent("store.sqlite").path
        _ = try runRatsdoc(["ingest", "--quiet", input.path, docs.path, "--store", store, "--jobs", "2"])
        let queries = TrackingQueries(
            store: try Store(path: store, create: false),
            tracker: try StatusTracker.load(pipelinesDirectory: FixturePaths.packageRoot.appendingPathComponent("Pipelines")))
        let matcher = queries.tracker.deriver.matcher
        let meeting = try JSONSerialization.jsonObject(
            with: Data(contentsOf: docs.appendingPathComponent("meetings/10512.json"))) as? [String: Any]
        let oparlResults = Dictionary(
            ((meeting?["agendaItem"] as? [[String: Any]]) ?? []).compactMap { item -> (String, String)? in
                guard let number = item["number"] as? String, let result = item["result"] as? String else { return nil }
                return (number, result)
            }, uniquingKeysWith: { first, _ in first })
        let today = try #require(CalendarDate(iso: "2026-12-01"))
        var listed = 0
        var missing: [String] = []
        var treated = 0
        var unlisted: [String] = []
        var fromAgenda = 0
        var wrongResults: [String] = []
        for (reference, truth) in truths.sorted(by: { $0.key < $1.key }) {
            guard let status = try queries.status(reference, today: today) else {
                missing.append("\(reference): no status")
                continue
            }
            func same(_ consultation: [String: Any], _ step: ConsultationStep) -> Bool {
                (consultation["date"] as? String) == step.date?.description
                    && (consultation["organization"] as? String).map { matcher.matches($0, step.organization ?? "") } == true
            }
            for consultation in truth.consultations where consultation["date"] is String {
                listed += 1
                if !status.steps.contains(where: { same(consultation, $0) }) {
                    missing.append("\(reference): \(consultation["organization"] ?? "?") \(consultation["date"] ?? "?")")
                }
            }
            for step in status.steps where step.state == .treated {
                treated += 1
                if truth.complete, !truth.consultations.contains(where: { same($0, step) }) {
                    unlisted.append("\(reference): \(step.organization ?? "?") \(step.date?.description ?? "?")")
                }
                if step.resultSource == "agenda", let occurrence = step.occurrences.last {
                    fromAgenda += 1
                    if occurrence.meetingId?.hasSuffix("/meetings/10512") == true,
                        oparlResults[occurrence.agendaItemNumber ?? ""] != step.result
                    {
                        wrongResults.append("\(reference): TOP \(occurrence.agendaItemNumber ?? "?") \(step.result ?? "-")")
                    }
                }
            }
        }
        print(
            "tracking over the real corpus: \(listed) OParl consultations, \(missing.count) not in a timeline; "
                + "\(treated) treated steps, \(unlisted.count) not in complete OParl data; \(fromAgenda) treated by the OParl meeting"
        )
        #expect(listed > 500)
        // Known misses (README): OParl names some committees otherwise than the print (Schulbeirat /
        // Schulausschuss, Migrationsbeirat / Integrationsausschuss), a date lost in the text.
        #expect(missing.count <= listed * 3 / 100, "\(missing.prefix(20))")
        #expect(treated > 250)
        #expect(unlisted.count <= treated / 100, "\(unlisted.prefix(10))")
        // Four corpus papers print a TOP of the one OParl meeting in the samples (a fifth prints none).
        #expect(fromAgenda >= 4)
        #expect(wrongResults.isEmpty, "\(wrongResults)")
    }

    @Test func pendingListsOpenPapersAtACommitteeInAnySpelling() throws {
        let work = try TestFolders.make("track")
        defer { try? FileManager.default.removeItem(at: work) }
        let store = work.appendingPathComponent("store.sqlite").path
        let ingest = try runRatsdoc([
            "ingest", "--quiet", FixturePaths.fixture("text/aachen-FB-11-0298-WP17.txt").path,
            FixturePaths.fixture("pdf/karlsruhe-vorlage-chromium.pdf").path,
            FixturePaths.fixture("xml/ratsdoc-export.xml").path, "--store", store,
        ])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let all = try runRatsdoc(["pending", "--store", store, "--today", "2018-06-01", "--json"])
        let page = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any])
        let items = try #require(page["items"] as? [[String: Any]])
        #expect(items.compactMap { $0["reference"] as? String } == ["FB 11/0298/WP17"])
        let first = try #require(items.first)
        #expect(first["organization"] as? String == "Personal- und Verwaltungsausschuss")
        #expect(first["date"] as? String == "2018-07-05")
        #expect(first["overdue"] as? Bool == false)

        let text = try runRatsdoc([
            "pending", "--store", store, "--today", "2018-07-06", "--committee", "Personal- u. Verwaltungsausschuss",
        ])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("1 open papers\n! 2018-07-05  FB 11/0298/WP17  "))
        let none = try runRatsdoc(["pending", "--store", store, "--committee", "Schulausschuss"])
        #expect(none.stdout == "0 open papers\n")
        let before = try runRatsdoc(["pending", "--store", store, "--before", "2018-07-01"])
        #expect(before.stdout == "0 open papers\n")
    }
}

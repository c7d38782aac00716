import Foundation
import RatsdocCore
import RatsdocTestSupport
import Testing

/// Status derivation over hand-built scenarios: the Beratungsfolge (plan) joined with the agenda
/// items that treated the paper (events).
@Suite("Consultation status")
struct StatusDeriverTests {
    static let matcher: CommitteeMatcher = {
        (try? CommitteeMatcher.load(pipelinesDirectory: FixturePaths.packageRoot.appendingPathComponent("Pipelines")))
            ?? CommitteeMatcher()
    }()
    static let deriver = StatusDeriver(matcher: matcher)

    static func date(_ text: String) -> CalendarDate {
        CalendarDate(iso: text) ?? CalendarDate(year: 1970, month: 1, day: 1)!
    }

    static func step(_ organization: String, _ date: String, _ role: String, authoritative: Bool = false)
        -> StatusDeriver.PlannedStep
    {
        .init(organization: organization, date: Self.date(date), role: role, authoritative: authoritative)
    }

    static func event(
        _ organization: String, _ date: String, meeting: String, result: String? = nil, code: String? = nil,
        top: String? = nil
    ) -> StatusDeriver.Event {
        .init(
            meetingId: meeting, meetingName: "\(organization) \(date)", date: Self.date(date),
            organizations: [organization], agendaItemNumber: top, result: result, resultCode: code)
    }

    static let plan = [
        step("Ausschuss f. Umwelt und Gesundheit (AUG)", "2026-03-10", "Vorberatung"),
        step("Bezirksvertretung Mitte", "2026-03-17", "Anhörung"),
        step("Gemeinderat", "2026-04-28", "Entscheidung", authoritative: true),
    ]

    @Test func postponedTwiceThenDecidedIsOneStepWithThreeMeetings() {
        let status = Self.deriver.derive(
            reference: "2026/0001", name: nil, paperType: nil, plan: Self.plan, previousPlan: nil,
            events: [
                Self.event("Ausschuss für Umwelt und Gesundheit", "2026-03-10", meeting: "m1", result: "ungeändert empfohlen", code: "recommendedUnchanged"),
                Self.event("BV Mitte", "2026-03-17", meeting: "m2", result: "Kenntnis genommen", code: "noted"),
                Self.event("Gemeinderat", "2026-04-28", meeting: "m3", result: "vertagt", code: "postponed", top: "7"),
                Self.event("Gemeinderat", "2026-05-19", meeting: "m4", result: "zurückgestellt", code: "postponed", top: "4"),
                Self.event("Gemeinderat", "2026-06-23", meeting: "m5", result: "einstimmig beschlossen", code: "approved", top: "12"),
            ], today: Self.date("2026-07-01"))
        #expect(status.steps.count == 3)
        #expect(status.steps.map(\.state) == [.treated, .treated, .treated])
        #expect(status.steps[1].meetingOrganization == "BV Mitte")
        #expect(status.steps[2].occurrences.map(\.meetingId) == ["m3", "m4", "m5"])
        #expect(status.steps[2].occurrences.map(\.resultCode) == ["postponed", "postponed", "approved"])
        #expect(status.state == .decided)
        #expect(status.current == nil)
        #expect(
            status.finalDecision
                == PaperStatus.Decision(
                    organization: "Gemeinderat", date: Self.date("2026-06-23"), resultCode: "approved",
                    result: "einstimmig beschlossen"))
        #expect(status.anomalies.isEmpty)
    }

    @Test func postponedWithNoNextMeetingIsTheCurrentPositionWithAnOpenDate() {
        let status = Self.deriver.derive(
            reference: "2026/0001", name: nil, paperType: nil, plan: Self.plan, previousPlan: nil,
            events: [
                Self.event("AUG", "2026-03-10", meeting: "m1", result: "vorberaten", code: "deliberated"),
                Self.event("Bezirksvertretung Mitte", "2026-03-17", meeting: "m2", result: "vertagt", code: "postponed"),
            ], today: Self.date("2026-03-20"))
        #expect(status.steps.map(\.state) == [.treated, .postponed, .planned])
        #expect(status.state == .pending)
        #expect(status.current == PaperStatus.Position(step: 1, organization: "Bezirksvertretung Mitte", date: nil, state: .postponed))
    }

    @Test func aWithdrawnPaperIsWithdrawn() {
        let status = Self.deriver.derive(
            reference: "2026/0002", name: nil, paperType: nil, plan: Self.plan, previousPlan: nil,
            events: [Self.event("AUG", "2026-03-10", meeting: "m1", result: "zurückgezogen", code: "withdrawn")],
            today: Self.date("2026-03-11"))
        #expect(status.steps.map(\.state) == [.withdrawn, .planned, .planned])
        #expect(status.state == .withdrawn)
        #expect(status.finalDecision == nil)
    }

    @Test func aChangedBeratungsfolgeIsFlagged() {
        var revised = Self.plan
        revised[2].date = Self.date("2026-05-19")
        let status = Self.deriver.derive(
            reference: "2026/0003", name: nil, paperType: nil, plan: revised, previousPlan: Self.plan, events: [],
            today: Self.date("2026-03-01"))
        #expect(status.anomalies.map(\.kind) == [.beratungsfolgeChanged])
        #expect(
            status.anomalies.first?.message
                == "the Beratungsfolge changed: Ausschuss f. Umwelt und Gesundheit (AUG) 2026-03-10, Bezirksvertretung Mitte 2026-03-17, Gemeinderat 2026-04-28 → Ausschuss f. Umwelt und Gesundheit (AUG) 2026-03-10, Bezirksvertretung Mitte 2026-03-17, Gemeinderat 2026-05-19"
        )
        // The same committees in another spelling are no change.
        var respelled = Self.plan
        respelled[0].organization = "Ausschuss für Umwelt und Gesundheit"
        let same = Self.deriver.derive(
            reference: "2026/0003", name: nil, paperType: nil, plan: respelled, previousPlan: Self.plan, events: [],
            today: Self.date("2026-03-01"))
        #expect(same.anomalies.isEmpty)
    }

    @Test func anAliasMatchesAndAnUnknownCommitteeIsAnUnplannedStep() {
        let status = Self.deriver.derive(
            reference: "2026/0004", name: nil, paperType: nil, plan: Self.plan, previousPlan: nil,
            events: [
                Self.event("AUG", "2026-03-10", meeting: "m1", result: "ungeändert empfohlen", code: "recommendedUnchanged"),
                Self.event("Bauausschuss", "2026-03-12", meeting: "m9", result: "beschlossen", code: "approved"),
            ], today: Self.date("2026-03-13"))
        #expect(status.steps.map(\.organization) == [
            "Ausschuss f. Umwelt und Gesundheit (AUG)", "Bauausschuss", "Bezirksvertretung Mitte", "Gemeinderat",
        ])
        #expect(status.steps.map(\.planned) == [true, false, true, true])
        #expect(status.steps[0].meetingOrganization == "AUG")
        #expect(status.anomalies.map(\.kind) == [.resultFromUnplannedCommittee])
        #expect(status.current?.organization == "Bezirksvertretung Mitte")
        #expect(status.current?.date == Self.date("2026-03-17"))
    }

    @Test func thePrintedErgebnisColumnAloneGivesTreatedSteps() {
        var plan = Self.plan
        plan[0].result = "vorberaten"
        plan[0].resultCode = "deliberated"
        plan[1].result = "Mehrheitlich zugestimmt"
        plan[1].resultCode = "approved"
        let status = Self.deriver.derive(
            reference: "2016/0166", name: nil, paperType: nil, plan: plan, previousPlan: nil, events: [],
            today: Self.date("2026-12-01"))
        #expect(status.steps.map(\.state) == [.treated, .treated, .planned])
        #expect(status.steps.map(\.resultSource) == ["printed", "printed", nil])
        #expect(status.state == .pending)
        #expect(status.anomalies.map(\.kind) == [.dateMissed])
        #expect(status.anomalies.first?.step == 2)
    }

    @Test func aLaterStepTreatedFirstIsFlagged() {
        let status = Self.deriver.derive(
            reference: "2026/0005", name: nil, paperType: nil, plan: Self.plan, previousPlan: nil,
            events: [
                Self.event("Bezirksvertretung Mitte", "2026-03-01", meeting: "m2", result: "Kenntnis genommen", code: "noted"),
                Self.event("AUG", "2026-03-10", meeting: "m1", result: "empfohlen", code: "recommendedUnchanged"),
            ], today: Self.date("2026-03-11"))
        #expect(status.steps.map(\.state) == [.treated, .treated, .planned])
        #expect(status.anomalies.map(\.kind) == [.treatedOutOfOrder])
        #expect(status.anomalies.first?.step == 1)
    }

    @Test func committeeSpellingsMatch() {
        let matcher = Self.matcher
        #expect(matcher.matches("Ausschuss f. Umwelt und Gesundheit (AUG)", "AUG"))
        #expect(matcher.matches("Ausschuss f. Umwelt und Gesundheit", "Ausschuss für Umwelt und Gesundheit"))
        #expect(matcher.matches("BV Mitte", "Bezirksvertretung Mitte"))
        #expect(matcher.matches("OR Wettersbach", "Ortschaftsrat Wettersbach"))
        #expect(matcher.matches("Rat der Stadt", "Gemeinderat"))
        #expect(!matcher.matches("Bezirksvertretung Mitte", "Bezirksvertretung Süd"))
        #expect(!matcher.matches("Schulausschuss", "Sportausschuss"))
    }
}

/// Cases a review found: an unplanned result must not close the sequence, a cancelled meeting
/// hands its step to the next one, brackets that are no abbreviation match nothing.
@Suite("Consultation status, edge cases")
struct StatusDeriverEdgeTests {
    static let deriver = StatusDeriverTests.deriver

    @Test func anUnplannedResultAfterTheSequenceLeavesThePaperPending() {
        let plan = [
            StatusDeriver.PlannedStep(organization: "Bauausschuss", date: nil, role: "Vorberatung", authoritative: false),
            StatusDeriver.PlannedStep(organization: "Rat der Stadt", date: nil, role: "Entscheidung", authoritative: true),
        ]
        let status = Self.deriver.derive(
            reference: "X/1", name: nil, paperType: nil, plan: plan, previousPlan: nil,
            events: [StatusDeriverTests.event("Ortsbeirat Nord", "2026-03-01", meeting: "o1", result: "empfohlen", code: "recommendedUnchanged")],
            today: StatusDeriverTests.date("2026-03-02"))
        #expect(status.state == .pending)
        #expect(status.current?.organization == "Bauausschuss")
        #expect(status.finalDecision == nil)
    }

    @Test func aCancelledMeetingHandsItsStepToTheNextMeeting() {
        var cancelled = StatusDeriverTests.event("Bauausschuss", "2026-03-05", meeting: "b1")
        cancelled.cancelled = true
        let plan = [StatusDeriverTests.step("Bauausschuss", "2026-03-05", "Vorberatung")]
        let status = Self.deriver.derive(
            reference: "X/2", name: nil, paperType: nil, plan: plan, previousPlan: nil,
            events: [cancelled, StatusDeriverTests.event("Bauausschuss", "2026-03-12", meeting: "b2", result: "vorberaten", code: "deliberated")],
            today: StatusDeriverTests.date("2026-03-20"))
        #expect(status.steps.count == 1)
        #expect(status.steps[0].occurrences.map(\.meetingId) == ["b1", "b2"])
        #expect(status.steps[0].state == .treated)
        #expect(status.anomalies.isEmpty)
    }

    @Test func bracketsThatAreNoAbbreviationMatchNothing() {
        let matcher = StatusDeriverTests.matcher
        #expect(!matcher.matches("Bauausschuss (neu)", "Sportausschuss (neu)"))
        #expect(!matcher.matches("Hauptausschuss (2020-2025)", "Jugendhilfeausschuss (2020-2025)"))
        #expect(!matcher.matches("Bauausschuss (BA)", "Betriebsausschuss (BA)"))
        #expect(matcher.matches("Bauausschuss (BA)", "BA"))
        #expect(matcher.matches("Planungsausschuss (PlA)", "PlA"))
    }
}

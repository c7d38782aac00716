/// Derives a paper's ``PaperStatus`` from its Beratungsfolge (the plan) and the agenda items that
/// treated it (the events). Pure: the store gathers the inputs, `today` makes it repeatable.
///
/// An event goes to the step it belongs to, in this order: the step whose consultation links to
/// the event's agenda item or meeting (OParl); the step of the same committee on the same date; the
/// step of the same committee whose last meeting postponed it (the next occurrence); the first
/// step of the same committee that has no meeting yet. An event no step takes becomes an unplanned
/// step. Committees match through ``CommitteeMatcher``.
public struct StatusDeriver: Sendable {
    /// One Beratungsfolge row.
    public struct PlannedStep: Hashable, Sendable {
        public var organization: String?
        public var date: CalendarDate?
        public var role: String?
        public var authoritative: Bool
        /// The Ergebnis column, as printed and as a code.
        public var result: String?
        public var resultCode: String?
        /// The TOP number printed in the Beratungsfolge.
        public var agendaItemNumber: String?
        /// OParl links of the consultation, when known.
        public var meetingId: String?
        public var agendaItemId: String?

        public init(
            organization: String?, date: CalendarDate?, role: String?, authoritative: Bool, result: String? = nil,
            resultCode: String? = nil, agendaItemNumber: String? = nil, meetingId: String? = nil,
            agendaItemId: String? = nil
        ) {
            self.agendaItemNumber = agendaItemNumber
            self.organization = organization
            self.date = date
            self.role = role
            self.authoritative = authoritative
            self.result = result
            self.resultCode = resultCode
            self.meetingId = meetingId
            self.agendaItemId = agendaItemId
        }
    }

    /// One agenda item that treats the paper, with its meeting.
    public struct Event: Hashable, Sendable {
        public var meetingId: String?
        public var meetingName: String?
        public var date: CalendarDate?
        public var organizations: [String]
        public var agendaItemId: String?
        public var agendaItemNumber: String?
        public var result: String?
        public var resultCode: String?
        public var cancelled: Bool?

        public init(
            meetingId: String?, meetingName: String?, date: CalendarDate?, organizations: [String],
            agendaItemId: String? = nil, agendaItemNumber: String? = nil, result: String? = nil,
            resultCode: String? = nil, cancelled: Bool? = nil
        ) {
            self.meetingId = meetingId
            self.meetingName = meetingName
            self.date = date
            self.organizations = organizations
            self.agendaItemId = agendaItemId
            self.agendaItemNumber = agendaItemNumber
            self.result = result
            self.resultCode = resultCode
            self.cancelled = cancelled
        }
    }

    static let postponedCode = "postponed"
    static let withdrawnCode = "withdrawn"

    public let matcher: CommitteeMatcher

    public init(matcher: CommitteeMatcher) { self.matcher = matcher }

    /// - Parameters:
    ///   - plan: the Beratungsfolge of the paper's current reading, in printed order.
    ///   - previousPlan: the Beratungsfolge of the version before, when there is one.
    ///   - events: the agenda items that treat the paper.
    ///   - withdrawn: every source of the paper is withdrawn.
    ///   - today: for the dates that passed (``PaperStatus/addingMissedDates(today:)``); nil leaves them out.
    public func derive(
        reference: String, name: String?, paperType: String?, plan: [PlannedStep], previousPlan: [PlannedStep]?,
        events: [Event], withdrawn: Bool = false, today: CalendarDate?
    ) -> PaperStatus {
        var steps = plan.map { entry in
            ConsultationStep(
                organization: entry.organization, meetingOrganization: nil, plannedDate: entry.date, role: entry.role,
                authoritative: entry.authoritative, planned: true, state: .planned, resultCode: nil, result: nil,
                resultSource: nil, occurrences: [])
        }
        let keys = plan.map { $0.organization.map(matcher.key) }
        var extraKeys: [CommitteeMatcher.Key?] = []
        let ordered = events.enumerated().sorted { a, b in
            switch (a.element.date, b.element.date) {
            case (let x?, let y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.offset < b.offset
            }
        }.map(\.element)
        for event in ordered {
            let eventKeys = event.organizations.map(matcher.key)
            func sameCommittee(_ index: Int) -> Bool {
                let key = index < keys.count ? keys[index] : extraKeys[index - keys.count]
                guard let key else { return false }
                return eventKeys.contains { CommitteeMatcher.same($0, key) }
            }
            let target: Int? =
                plan.indices.first { index in
                    steps[index].occurrences.isEmpty
                        && ((event.agendaItemId != nil && plan[index].agendaItemId == event.agendaItemId)
                            || (event.meetingId != nil && plan[index].meetingId == event.meetingId))
                }
                ?? steps.indices.first { index in
                    sameCommittee(index) && steps[index].occurrences.isEmpty && event.date != nil
                        && steps[index].plannedDate == event.date
                }
                ?? steps.indices.first { index in
                    sameCommittee(index) && steps[index].occurrences.last.map(Self.needsAnotherMeeting) == true
                }
                ?? steps.indices.first { index in sameCommittee(index) && steps[index].occurrences.isEmpty }
            let occurrence = ConsultationStep.Occurrence(
                meetingId: event.meetingId, meetingName: event.meetingName, date: event.date,
                agendaItemNumber: event.agendaItemNumber, resultCode: event.resultCode, result: event.result,
                cancelled: event.cancelled)
            if let target {
                steps[target].occurrences.append(occurrence)
                if let name = event.organizations.first, let printed = steps[target].organization, name != printed {
                    steps[target].meetingOrganization = name
                }
            } else {
                steps.append(
                    ConsultationStep(
                        organization: event.organizations.first, meetingOrganization: nil, plannedDate: nil, role: nil,
                        authoritative: false, planned: false, state: .planned, resultCode: nil, result: nil,
                        resultSource: nil, occurrences: [occurrence]))
                extraKeys.append(event.organizations.first.map(matcher.key))
            }
        }

        // States.
        for index in steps.indices {
            if let last = steps[index].occurrences.last {
                if last.cancelled == true && last.resultCode == nil && last.result == nil {
                    steps[index].state = .planned
                } else if last.resultCode == Self.withdrawnCode {
                    steps[index].state = .withdrawn
                } else if last.resultCode == Self.postponedCode {
                    steps[index].state = .postponed
                } else if last.resultCode != nil || last.result != nil {
                    steps[index].state = .treated
                } else {
                    steps[index].state = .scheduled
                }
                steps[index].resultCode = last.resultCode
                steps[index].result = last.result
                if last.resultCode != nil || last.result != nil { steps[index].resultSource = "agenda" }
            }
            // The printed Ergebnis column speaks where no agenda item does.
            if index < plan.count, steps[index].resultSource == nil,
                plan[index].result != nil || plan[index].resultCode != nil
            {
                steps[index].result = plan[index].result
                steps[index].resultCode = plan[index].resultCode
                steps[index].resultSource = "printed"
                switch plan[index].resultCode {
                case Self.withdrawnCode: steps[index].state = .withdrawn
                case Self.postponedCode: steps[index].state = .postponed
                default: steps[index].state = .treated
                }
            }
        }

        // Unplanned steps go before the first planned step dated after them (at the end without a date).
        let plannedSteps = steps.filter(\.planned)
        var unplanned = steps.filter { !$0.planned }
        if !unplanned.isEmpty {
            var merged: [ConsultationStep] = []
            for step in plannedSteps {
                if let date = step.date {
                    while let first = unplanned.first, let firstDate = first.date, firstDate < date {
                        merged.append(unplanned.removeFirst())
                    }
                }
                merged.append(step)
            }
            steps = merged + unplanned
        }

        var anomalies: [PaperStatus.Anomaly] = []
        for (index, step) in steps.enumerated() {
            if !step.planned, step.state == .treated || step.state == .postponed {
                anomalies.append(
                    .init(
                        kind: .resultFromUnplannedCommittee, step: index,
                        message: "\(step.organization ?? "a committee") gave a result but is not in the Beratungsfolge")
                )
            }
        }
        // Treated out of order: a treated planned step dated after a later treated planned step.
        let treated = steps.indices.filter { steps[$0].planned && steps[$0].state == .treated && steps[$0].date != nil }
        for (position, index) in treated.enumerated() {
            if let later = treated[(position + 1)...].first(where: { latter in
                guard let a = steps[index].date, let b = steps[latter].date else { return false }
                return b < a
            }) {
                anomalies.append(
                    .init(
                        kind: .treatedOutOfOrder, step: later,
                        message:
                            "\(steps[later].organization ?? "a later step") treated it on \(steps[later].date.map { "\($0)" } ?? "?") before \(steps[index].organization ?? "an earlier step") did"
                    ))
            }
        }
        if let previousPlan, Self.signature(previousPlan, matcher) != Self.signature(plan, matcher) {
            anomalies.append(
                .init(
                    kind: .beratungsfolgeChanged, step: nil,
                    message:
                        "the Beratungsfolge changed: \(Self.describe(previousPlan)) → \(Self.describe(plan))"))
        }

        let open: Set<ConsultationStep.State> = [.planned, .scheduled, .postponed]
        // The next open step after the last one that was treated: an earlier step left without a
        // known result is passed (a dateMissed anomaly), not where the paper sits.
        // Unplanned steps do not move the position: they are not part of the sequence.
        let lastTreated = steps.indices.last {
            steps[$0].planned && (steps[$0].state == .treated || steps[$0].state == .withdrawn)
        }
        let currentIndex = steps.indices.first { index in
            open.contains(steps[index].state) && index > (lastTreated ?? -1)
        }
        let current = currentIndex.map { index in
            let step = steps[index]
            // A postponed step's next date is open until a meeting takes it.
            let date = step.state == .postponed ? nil : step.date
            return PaperStatus.Position(step: index, organization: step.organization, date: date, state: step.state)
        }
        let decision = steps.last { $0.authoritative && $0.state == .treated }.map { step in
            PaperStatus.Decision(
                organization: step.organization, date: step.date, resultCode: step.resultCode, result: step.result)
        }
        let state: PaperStatus.State
        if withdrawn || steps.contains(where: { $0.state == .withdrawn }) {
            state = .withdrawn
        } else if decision != nil {
            state = .decided
        } else if steps.isEmpty {
            state = .unknown
        } else if current != nil || steps.contains(where: { $0.planned && open.contains($0.state) }) {
            state = .pending
        } else {
            // Every planned step treated, none authoritative: the sequence is through without a
            // decision recorded as one (a Kenntnisnahme, say).
            state = .decided
        }
        let status = PaperStatus(
            reference: reference, name: name, paperType: paperType, state: state, steps: steps, current: current,
            finalDecision: decision, anomalies: anomalies)
        return today.map { status.addingMissedDates(today: $0) } ?? status
    }

    /// Postponed, or on a meeting that was cancelled before it gave a result: the next meeting of
    /// the committee takes the step.
    static func needsAnotherMeeting(_ occurrence: ConsultationStep.Occurrence) -> Bool {
        occurrence.resultCode == postponedCode
            || (occurrence.cancelled == true && occurrence.resultCode == nil && occurrence.result == nil)
    }

    static func signature(_ plan: [PlannedStep], _ matcher: CommitteeMatcher) -> [String] {
        plan.map {
            "\($0.organization.map { matcher.key($0).name } ?? "")|\($0.date.map { "\($0)" } ?? "")|\($0.role ?? "")"
        }
    }

    static func describe(_ plan: [PlannedStep]) -> String {
        plan.map { "\($0.organization ?? "?") \($0.date.map { "\($0)" } ?? "")".trimmedWhitespaces() }
            .joined(separator: ", ")
    }
}

extension PaperStatus {
    /// The status with a `dateMissed` anomaly for every planned or scheduled step whose date is
    /// before `today`. Kept apart from derivation so a stored status stays true on later days.
    public func addingMissedDates(today: CalendarDate) -> PaperStatus {
        var status = self
        for (index, step) in steps.enumerated() {
            if step.state == .planned || step.state == .scheduled, let date = step.date, date < today {
                status.anomalies.append(
                    .init(
                        kind: .dateMissed, step: index,
                        message: "\(step.organization ?? "the committee") was due on \(date) and no result is known"))
            }
        }
        return status
    }
}

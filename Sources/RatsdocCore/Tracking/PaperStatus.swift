/// Where a paper sits in its consultation sequence: its steps in order (from the Beratungsfolge,
/// joined with the meetings and agenda items that treated it), the current position, the final
/// decision and what looks wrong.
public struct PaperStatus: Hashable, Sendable, Codable {
    public enum State: String, Hashable, Sendable, Codable {
        /// An open step remains.
        case pending
        /// An authoritative step is treated.
        case decided
        /// The paper was withdrawn (a step's result, or every source withdrawn).
        case withdrawn
        /// No Beratungsfolge and no meeting known.
        case unknown
    }

    public var reference: String
    public var name: String?
    public var paperType: String?
    public var state: State
    public var steps: [ConsultationStep]
    /// The next open step: its committee and date (a scheduled meeting's date, else the planned one).
    public var current: Position?
    /// The authoritative step that was treated, with its result.
    public var finalDecision: Decision?
    public var anomalies: [Anomaly]

    public struct Position: Hashable, Sendable, Codable {
        /// Index into `steps`.
        public var step: Int
        public var organization: String?
        public var date: CalendarDate?
        public var state: ConsultationStep.State

        public init(step: Int, organization: String?, date: CalendarDate?, state: ConsultationStep.State) {
            self.step = step
            self.organization = organization
            self.date = date
            self.state = state
        }
    }

    public struct Decision: Hashable, Sendable, Codable {
        public var organization: String?
        public var date: CalendarDate?
        public var resultCode: String?
        public var result: String?

        public init(organization: String?, date: CalendarDate?, resultCode: String?, result: String?) {
            self.organization = organization
            self.date = date
            self.resultCode = resultCode
            self.result = result
        }
    }

    public struct Anomaly: Hashable, Sendable, Codable {
        public enum Kind: String, Hashable, Sendable, Codable {
            /// A planned or scheduled date passed and no result is known.
            case dateMissed
            /// A later step of the Beratungsfolge was treated before an earlier one.
            case treatedOutOfOrder
            /// A committee that is not in the Beratungsfolge gave a result.
            case resultFromUnplannedCommittee
            /// The Beratungsfolge differs from the one in the document's previous version.
            case beratungsfolgeChanged
        }

        public var kind: Kind
        /// Index into `steps`, when the anomaly belongs to one.
        public var step: Int?
        public var message: String
    }

    public init(
        reference: String, name: String?, paperType: String?, state: State, steps: [ConsultationStep],
        current: Position?, finalDecision: Decision?, anomalies: [Anomaly]
    ) {
        self.reference = reference
        self.name = name
        self.paperType = paperType
        self.state = state
        self.steps = steps
        self.current = current
        self.finalDecision = finalDecision
        self.anomalies = anomalies
    }
}

/// One step of a consultation sequence: a committee treating the paper (possibly over several
/// meetings, when it was postponed).
public struct ConsultationStep: Hashable, Sendable, Codable {
    public enum State: String, Hashable, Sendable, Codable {
        /// In the Beratungsfolge; no meeting yet.
        case planned
        /// On a published agenda, no result yet.
        case scheduled
        /// A result is known (`resultCode`, `result`).
        case treated
        /// Vertagt or zurückgestellt at its last meeting; the next occurrence is tracked.
        case postponed
        /// Zurückgezogen.
        case withdrawn
    }

    /// The committee as printed in the Beratungsfolge (or named by the meeting, for an unplanned step).
    public var organization: String?
    /// The meeting's spelling of the committee, when it differs.
    public var meetingOrganization: String?
    public var plannedDate: CalendarDate?
    public var role: String?
    public var authoritative: Bool
    /// False for a step no Beratungsfolge lists (a meeting of another committee treated the paper).
    public var planned: Bool
    public var state: State
    public var resultCode: String?
    /// The result as printed or as the agenda item gives it.
    public var result: String?
    /// Where the result comes from: `agenda` (a meeting's agenda item) or `printed` (the
    /// Beratungsfolge's Ergebnis column).
    public var resultSource: String?
    /// Every meeting the step was on, oldest first (more than one after a postponement).
    public var occurrences: [Occurrence]

    public struct Occurrence: Hashable, Sendable, Codable {
        public var meetingId: String?
        public var meetingName: String?
        public var date: CalendarDate?
        public var agendaItemNumber: String?
        public var resultCode: String?
        public var result: String?
        public var cancelled: Bool?
    }

    /// The date that places the step: its last meeting's, else the planned one.
    public var date: CalendarDate? { occurrences.last?.date ?? plannedDate }
}

import Foundation

/// The fields any record kind can have (the union of ``SessionMapping/knownFields``).
enum FieldName: Int, CaseIterable, Sendable {
    case id, name, start, end, organization, organizationId, meetingState, cancelled, location, web
    case number, order, `public`, paperId, paperReference, paperName, consultationId, result, resolutionText
    case reference, paperType, date, leadDepartment, fileNumber, author, responsible, summary, decisionProposal
    case deleted, role, agendaItemNumber, authoritative, meetingId, agendaItemId, shortName, organizationType
    case classification

    /// The name as written in mapping files.
    var key: String { String(describing: self) }

    static let named: [String: FieldName] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.key, $0) })
}

import Foundation

/// The normalized output for one session input (an XML export or an OParl JSON file): meetings
/// with their agenda items, papers with their consultations, organizations, and findings.
/// Schema version 1, same conventions as ``PaperDocument``: sorted keys, ISO dates, no empty strings.
public struct SessionDocument: Sendable, Codable {
    public static let schemaVersion = "1"

    public var schemaVersion: String
    public var source: SourceInfo
    public var status: PaperDocument.Status
    /// The mapping (XML dialect) or the OParl version that read the input: `allris-ws`, `oparl-1.1`.
    public var dialect: String?
    public var meetings: [Meeting]
    public var papers: [SessionPaper]
    public var organizations: [Organization]
    public var findings: [Finding]

    public init(
        source: SourceInfo, status: PaperDocument.Status, dialect: String?, meetings: [Meeting] = [],
        papers: [SessionPaper] = [], organizations: [Organization] = [], findings: [Finding] = []
    ) {
        self.schemaVersion = Self.schemaVersion
        self.source = source
        self.status = status
        self.dialect = dialect
        self.meetings = meetings
        self.papers = papers
        self.organizations = organizations
        self.findings = findings
    }

    /// Collects records into a document; `status` is `partial` when a finding is a warning or worse.
    public init(source: SourceInfo, dialect: String?, records: [SessionRecord], findings: [Finding]) {
        var meetings: [Meeting] = []
        var papers: [SessionPaper] = []
        var organizations: [Organization] = []
        for record in records {
            switch record {
            case .meeting(let meeting): meetings.append(meeting)
            case .paper(let paper): papers.append(paper)
            case .organization(let organization): organizations.append(organization)
            }
        }
        let status: PaperDocument.Status = findings.contains { $0.severity >= .warning } ? .partial : .success
        self.init(
            source: source, status: status, dialect: dialect, meetings: meetings, papers: papers,
            organizations: organizations, findings: findings)
    }

    /// The contract's JSON: pretty-printed, sorted keys, no escaped slashes, trailing newline.
    public func jsonData() throws -> Data {
        var data = try JSONOutput.data(self, pretty: true)
        data.append(0x0A)
        return data
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, source, status, dialect, meetings, papers, organizations, findings
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(source, forKey: .source)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(dialect.nonEmpty, forKey: .dialect)
        try container.encode(meetings, forKey: .meetings)
        try container.encode(papers, forKey: .papers)
        try container.encode(organizations, forKey: .organizations)
        try container.encode(findings, forKey: .findings)
    }
}

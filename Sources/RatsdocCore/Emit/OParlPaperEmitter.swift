import Foundation

/// Emits an OParl 1.1 `Paper` with embedded `Consultation`s for `--format oparl`.
///
/// Ids are minted as `<baseURL>/paper/<url-safe reference>` and
/// `<paper id>/consultation/<n>` (1-based, in Beratungsfolge order). Fields OParl has no place for
/// carry the vendor prefix `ratsdoc:` (`ratsdoc:date`, `ratsdoc:organizationName`,
/// `ratsdoc:agendaItemNumber`, `ratsdoc:public`, `ratsdoc:financialImpact`, ...).
public struct OParlPaperEmitter: Sendable {
    public static let paperType = "https://schema.oparl.org/1.1/Paper"
    public static let consultationType = "https://schema.oparl.org/1.1/Consultation"

    /// The base URL ids are minted from, without a trailing slash.
    public let baseURL: String

    /// - Parameter baseURL: e.g. `https://ris.example.org/oparl`; a trailing slash is dropped.
    public init(baseURL: String) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
    }

    /// The url-safe form of a reference: "FB 11/0298/WP17" → "FB-11-0298-WP17", "2026/0061" → "2026-0061".
    public static func slug(_ reference: String) -> String {
        var result = ""
        var lastWasDash = false
        for scalar in reference.precomposedStringWithCanonicalMapping.unicodeScalars {
            let allowed =
                (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar))) || scalar == "." || scalar == "_"
            if allowed {
                result.unicodeScalars.append(scalar)
                lastWasDash = false
            } else if !lastWasDash && !result.isEmpty {
                result.append("-")
                lastWasDash = true
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result
    }

    /// The OParl object as a JSON-ready dictionary, or nil when the document has no paper.
    /// Without a reference the id uses the source file's SHA-256.
    public func object(for document: PaperDocument) -> [String: Any]? {
        guard let paper = document.paper else { return nil }
        let key = paper.reference.map(Self.slug).flatMap { $0.isEmpty ? nil : $0 } ?? document.source.sha256
        let id = "\(baseURL)/paper/\(key)"
        var object: [String: Any] = ["id": id, "type": Self.paperType]
        object["reference"] = paper.reference
        object["name"] = paper.name
        object["paperType"] = paper.paperType
        object["date"] = paper.date?.description
        var consultations: [[String: Any]] = []
        for (index, consultation) in paper.consultations.enumerated() {
            var entry: [String: Any] = [
                "id": "\(id)/consultation/\(index + 1)", "type": Self.consultationType,
                "authoritative": consultation.authoritative,
            ]
            entry["role"] = consultation.role
            entry["ratsdoc:roleRaw"] = consultation.roleRaw
            entry["ratsdoc:date"] = consultation.date?.description
            entry["ratsdoc:organizationName"] = consultation.organization
            entry["ratsdoc:agendaItemNumber"] = consultation.agendaItemNumber
            entry["ratsdoc:public"] = consultation.public
            consultations.append(entry)
        }
        if !consultations.isEmpty { object["consultation"] = consultations }
        object["ratsdoc:public"] = paper.public
        object["ratsdoc:leadDepartment"] = paper.leadDepartment
        object["ratsdoc:participatingDepartments"] = paper.participatingDepartments
        object["ratsdoc:fileNumber"] = paper.fileNumber
        object["ratsdoc:author"] = paper.author
        object["ratsdoc:responsible"] = paper.responsible
        object["ratsdoc:summary"] = paper.summary
        object["ratsdoc:decisionProposal"] = paper.decisionProposal
        object["ratsdoc:explanation"] = paper.explanation
        object["ratsdoc:attachments"] = paper.attachments
        if let impact = paper.financialImpact {
            object["ratsdoc:financialImpact"] =
                [
                    "hasImpact": impact.hasImpact.map { $0 as Any } ?? NSNull(),
                    "tables": impact.tables.map { table in
                        [
                            "columns": table.columns,
                            "rows": table.rows.map { row -> [String: Any] in
                                var entry: [String: Any] = [
                                    "label": row.label,
                                    "values": row.values.map { $0.map { $0.description as Any } ?? NSNull() },
                                ]
                                if let notes = row.notes, !notes.isEmpty { entry["notes"] = notes }
                                return entry
                            },
                        ] as [String: Any]
                    },
                ] as [String: Any]
        }
        object["ratsdoc:status"] = document.status.rawValue
        object["ratsdoc:profile"] = document.profile
        object["ratsdoc:sourceSha256"] = document.source.sha256
        return object.filter { entry in
            if let text = entry.value as? String { return !text.isEmpty }
            return true
        }
    }

    /// The OParl JSON (pretty, sorted keys, ending in a newline), or nil without a paper.
    /// - Throws: when the object cannot be serialized (not expected).
    public func json(for document: PaperDocument, pretty: Bool = true) throws -> String? {
        guard let object = object(for: document) else { return nil }
        return try JSONOutput.encode(JSONValue(any: object), pretty: pretty) + "\n"
    }
}

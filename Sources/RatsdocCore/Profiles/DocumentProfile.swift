import Foundation

/// Everything ratsdoc knows about one Vorlage template, decoded from a YAML file in
/// `Pipelines/profiles/`. The parser is generic; all template knowledge lives here, so a new
/// municipality is one new file. See `Pipelines/profiles/README.md` for every key.
public struct DocumentProfile: Sendable, Codable, Hashable {
    /// Unique profile name, e.g. `aachen-allris`; written to the JSON as `profile`.
    public var name: String
    public var description: String?
    /// True for the fallback profile that handles unknown templates label by label. A generic
    /// profile is never chosen by score and always yields `status: partial`.
    public var generic: Bool?
    /// Minimum classification score (0…1) for this profile to be chosen. Default 0.5.
    public var minimumScore: Double?
    /// Distinctive text fragments of the template (case-insensitive), used for classification.
    public var markers: [String]?
    /// Words that name the document type when printed alone ("Beschlussvorlage", "Vorlage").
    public var paperTypes: [String]?
    /// Header fields: `reference`, `date`, `public`, `leadDepartment`, `participatingDepartments`,
    /// `fileNumber`, `author`, `responsible`, `paperType` → their printed labels.
    public var fields: [String: FieldSpec]
    /// Reference-number patterns (ICU regex, named groups become `referenceParts`).
    public var reference: ReferenceSpec?
    /// Lines in the header area that are never title or value ("Gedruckt auf ... Recyclingpapier"), as regexes.
    public var ignoreLines: [String]?
    /// The Beratungsfolge.
    public var consultations: ConsultationSpec
    /// öffentlich / nichtöffentlich vocabulary, used for the `Status:` field and the Ö/N column.
    public var publicVocabulary: PublicVocabulary
    /// Sections captured as text, and the field each fills.
    public var sections: [SectionSpec]
    /// Finanzielle Auswirkungen.
    public var finance: FinanceSpec?
    /// Paper fields whose absence makes the result `partial` (`reference`, `name`, `date`, `consultations`...).
    public var required: [String]?
    /// Separators between several participating departments in one value, strongest first: the
    /// first one that occurs in the value splits it.
    public var listSeparators: [String]?
    /// Words a department name starts with ("Dezernat", "Fachbereich"). A comma splits a list
    /// only when every part starts with one of them, so "Fachbereich Kinder, Jugend und Schule"
    /// stays one department.
    public var departmentPrefixes: [String]?

    public struct FieldSpec: Sendable, Codable, Hashable {
        /// Labels as printed, e.g. "Vorlage-Nr:", "Vorlage Nr.:", "Drucksachen-Nr.". Matched case-insensitively,
        /// with any run of spaces matching any run of spaces.
        public var labels: [String]
        /// The shape of a value (an ICU regex the whole value matches). A label whose value is
        /// printed away from it, on a later line, takes only a line of this shape; such a value
        /// never wraps. The reference's shape is its `reference.patterns`.
        public var valuePattern: String?
    }

    public struct ReferenceSpec: Sendable, Codable, Hashable {
        /// Tried in order; the first that matches the label's value wins.
        public var patterns: [String]
    }

    public struct ConsultationSpec: Sendable, Codable, Hashable {
        /// Headings that introduce the Beratungsfolge ("Beratungsfolge:"); optional.
        public var headings: [String]?
        /// Column headers per column kind: `date`, `organization`, `role`, `agendaItemNumber`, `public`,
        /// `publicMark` / `nonPublicMark` (the "ö" and "nö" columns of a cross), `result` (Ergebnis).
        public var columns: [String: [String]]
        /// Raw → normalized roles.
        public var roles: [RoleSpec]
        /// Pattern of a TOP number cell. Default `^[0-9]+[a-z]?(\.[0-9]+)*\.?$`.
        public var agendaItemPattern: String?
    }

    public struct RoleSpec: Sendable, Codable, Hashable {
        /// The normalized role written to `role`.
        public var role: String
        /// Spellings as printed (the normalized name always matches too).
        public var raw: [String]?
        /// True when a consultation in this role takes the decision.
        public var authoritative: Bool?
    }

    public struct PublicVocabulary: Sendable, Codable, Hashable {
        public var `public`: [String]
        public var nonPublic: [String]
        /// Crosses that tick a cell of a two-column "ö | nö" Beratungsfolge ("x", "☒"): the column
        /// of the cross tells öffentlich from nichtöffentlich.
        public var marks: [String]?
        /// Empty boxes of such columns ("☐").
        public var emptyMarks: [String]?
    }

    public struct SectionSpec: Sendable, Codable, Hashable {
        /// `summary`, `decisionProposal`, `explanation`, `attachments`, `finance` or `ignore`.
        public var field: String
        /// Headings as printed; a trailing colon is optional.
        public var headings: [String]?
        /// Regexes a whole heading line must match ("^Antrag an (den|die|das) .+$").
        public var headingPatterns: [String]?
        /// True when content may follow the heading on the same line ("Finanzielle Auswirkungen Ja ☐ Nein ☒").
        public var inlineContent: Bool?
        /// True when only the first occurrence is a heading; later ones are body text of the open section.
        public var once: Bool?
    }

    public struct FinanceSpec: Sendable, Codable, Hashable {
        /// Words for "has financial impact" / "has none", e.g. JA / NEIN.
        public var yes: [String]
        public var no: [String]
        /// Marks that tick a box or grid cell ("X", "☒"); `unchecked` ones ("☐").
        public var checked: [String]
        public var unchecked: [String]
    }
}

extension DocumentProfile {
    /// All field labels of the profile.
    var allLabels: [(field: String, label: String)] {
        fields.flatMap { field, spec in spec.labels.map { (field, $0) } }
            .sorted { $0.label.count != $1.label.count ? $0.label.count > $1.label.count : $0.label < $1.label }
    }

    var isGeneric: Bool { generic ?? false }
}

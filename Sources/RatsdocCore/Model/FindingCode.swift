/// The catalogue of finding codes: every code a ``Finding`` can carry, with what it means. The
/// raw value is what the JSON says.
public enum FindingCode: String, Hashable, Sendable, Codable, CaseIterable {
    // Reading the input (also the codes of extraction errors).
    /// The file could not be opened or read.
    case unreadable
    /// The file is empty (0 bytes).
    case empty
    /// The file is not of the type its name or the caller says.
    case wrongType
    /// The PDF is encrypted and no password was given.
    case encrypted
    /// The PDF or XML is truncated or corrupt.
    case malformed
    /// The input asks for something refused for safety (XML entities, DTD loading).
    case refused
    /// The input is beyond a limit (nesting, record size, attributes per element).
    case tooLarge
    /// Not a regular file (a FIFO, a socket, a device); never opened.
    case notARegularFile
    /// A page could not be loaded.
    case pageUnreadable
    /// A page has no text layer (a scan); OCR would be needed.
    case noTextLayer
    /// Glyphs or lines off the page or absurdly large were left out.
    case outsidePage
    /// The document has no text to parse.
    case noText
    /// A text input was not UTF-8 and was read as Windows-1252.
    case legacyEncoding
    /// Broken XML markup was repaired (`--recover`).
    case xmlRepaired
    /// Control characters in a JSON input were escaped before reading.
    case jsonControlCharacters

    // The run (not the document): tried again by the next run.
    /// The worker process died or answered with garbage.
    case crashed
    /// The worker gave no result within the time limit.
    case timeout
    /// The configuration (profiles, mappings) could not be loaded.
    case configuration

    // Parsing a Vorlage.
    /// A required field of the profile was not found.
    case missingField
    /// A value was found but could not be read (a reference, a date, the public flag).
    case unparsedValue
    /// A Beratungsfolge date could not be read.
    case unparsedDate
    /// A finance cell is not an exact amount.
    case unparsedAmount
    /// A role is not in the vocabulary; kept as printed.
    case unknownRole
    /// Two marks contradict each other (JA and NEIN both ticked, ö and nö).
    case ambiguousValue
    /// No template profile matched well; the generic one was used.
    case genericProfile
    /// No template matched and none of the required fields was found: not a Vorlage.
    case notAVorlage

    // Session data.
    /// A mapped value could not be parsed (a date, a number).
    case unparsableValue
    /// OParl objects of types not converted were skipped.
    case oparlObjectsSkipped
    /// An OParl consultation names an organization the input does not hold.
    case unresolvedOrganization
    /// An OParl consultation has no date.
    case consultationWithoutDate
    /// A file's MIME type was normalized.
    case mimeTypeNormalized
}

/// A fixture that the front door did not read as a Vorlage.
enum PipelineTestError: Error {
    case notAPaper(String)
}

import RatsdocCore
import RatsdocExtract
import Testing

/// Findings carry codes from one catalogue.
@Suite("Finding codes")
struct FindingCodeTests {
    @Test func everyExtractionErrorHasAFindingCodeOfTheSameName() {
        for code in ExtractionError.Code.allCases {
            #expect(code.finding.rawValue == code.rawValue, "\(code)")
        }
    }

    @Test func aFindingWritesItsCodeAsTheCatalogueSpellsIt() throws {
        let finding = Finding(severity: .warning, code: .outsidePage, message: "m", page: 2)
        #expect(try JSONOutput.encode(finding, pretty: false) == #"{"code":"outsidePage","message":"m","page":2,"severity":"warning"}"#)
    }
}

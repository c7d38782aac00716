import Testing

@testable import RatsdocCore

@Suite("Running headers and footers")
struct RunningElementTests {
    @Test(
        arguments: [
            ("2", true), ("– 2 –", true), ("- 12 -", true), ("Seite 3", true), ("Seite 3 von 12", true),
            ("3 / 12", true), ("3/12", true), ("Anlage 2", false), ("2 Beschlussvorschlag", false),
            ("20.06.2018", false),
        ])
    func recognizesPageNumbers(text: String, isPageNumber: Bool) {
        #expect(RunningElementDetector.isPageNumber(text) == isPageNumber)
    }

    @Test func digitsDoNotMatterForRepetition() {
        #expect(
            RunningElementDetector.signature("Seite 2 von 13") == RunningElementDetector.signature("Seite 10 von 13"))
    }
}

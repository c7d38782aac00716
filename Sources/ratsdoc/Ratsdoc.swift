import ArgumentParser

@main
struct Ratsdoc: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ratsdoc",
        abstract: "Turns German council documents (Vorlagen, session exports) into typed, normalized JSON.",
        subcommands: [ExtractCommand.self, BenchCommand.self]
    )
}

// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ratsdoc",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ratsdoc", targets: ["ratsdoc"]),
        .library(name: "RatsdocCore", targets: ["RatsdocCore"]),
        .library(name: "RatsdocExtract", targets: ["RatsdocExtract"]),
        .library(name: "RatsdocPipeline", targets: ["RatsdocPipeline"]),
        .library(name: "RatsdocStore", targets: ["RatsdocStore"]),
        .library(name: "RatsdocServer", targets: ["RatsdocServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CPoppler",
            pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev"]), .brew(["poppler"])]
        ),
        // poppler's C++ core (pkg-config `poppler`), for the page reader below only.
        .systemLibrary(
            name: "CPopplerCore",
            pkgConfig: "poppler",
            providers: [.apt(["libpoppler-private-dev"]), .brew(["poppler"])]
        ),
        // The text (as poppler-glib lays it out) and the fills and strokes of PDF pages, in one pass
        // of poppler's interpreter (poppler-glib has no path API), behind a plain C function; every
        // poppler object lives inside it.
        .target(name: "CPopplerContent", dependencies: ["CPopplerCore"]),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // Pure Swift: model, layout analysis, profiles, parsers, normalization, emitters.
        .target(
            name: "RatsdocCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The only target that touches C: PDF (poppler-glib), XML (libxml2) and plain text in,
        // Sendable RatsdocCore values out.
        .target(
            name: "RatsdocExtract",
            dependencies: ["RatsdocCore", "CPoppler", "CPopplerContent", "CLibXML2"]
        ),
        // The one front door: input detection, worker isolation, batches, records. The CLI, the
        // tests and later the store and the server call it.
        .target(
            name: "RatsdocPipeline",
            dependencies: ["RatsdocCore", "RatsdocExtract"]
        ),
        // The store: SQLite (GRDB) in WAL mode, fed by the pipeline's batch run; versions, papers,
        // consultations, meetings, agenda items, organisations, runs.
        .target(
            name: "RatsdocStore",
            dependencies: ["RatsdocCore", "RatsdocPipeline", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The tracking server: JSON API, read-only OParl, document pushes, HTML pages (Hummingbird 2).
        .target(
            name: "RatsdocServer",
            dependencies: [
                "RatsdocCore", "RatsdocExtract", "RatsdocPipeline", "RatsdocStore",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // Test-data generators for `ratsdoc bench` and the tests (a synthetic ALLRIS export).
        .target(name: "RatsdocBench", dependencies: ["RatsdocCore"]),
        .executableTarget(
            name: "ratsdoc",
            dependencies: [
                "RatsdocCore", "RatsdocExtract", "RatsdocPipeline", "RatsdocBench", "RatsdocStore", "RatsdocServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "RatsdocTestSupport", dependencies: ["RatsdocCore"], path: "Tests/RatsdocTestSupport"),
        .testTarget(name: "RatsdocCoreTests", dependencies: ["RatsdocCore", "RatsdocTestSupport"]),
        .testTarget(
            name: "RatsdocExtractTests",
            dependencies: ["RatsdocExtract", "RatsdocCore", "RatsdocTestSupport", "RatsdocBench", "RatsdocPipeline"]),
        .testTarget(
            name: "RatsdocCLITests",
            dependencies: [
                "RatsdocTestSupport", "ratsdoc", "RatsdocStore", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "RatsdocServerTests",
            dependencies: [
                "RatsdocServer", "RatsdocStore", "RatsdocCore", "RatsdocTestSupport", "ratsdoc",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(
            name: "RatsdocPipelineTests", dependencies: ["RatsdocPipeline", "RatsdocCore", "RatsdocTestSupport"]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)

// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "scr",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SingleClientRecord", targets: ["SingleClientRecord"]),
        .executable(name: "scr", targets: ["scr"]),
    ],
    dependencies: [
        // Exact: the help text is pinned in tests.
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        // SHA-256 of inputs and plans; Ed25519 signatures of confirmations.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // The canonical record store: SQLite with migrations, WAL and transactions.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The review board's local web server (`scr review`).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The bureau's store: many practices in one PostgreSQL database (`--store postgres://…`).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // libxml2 through its C API: streaming SAX2, DTDs and entities off.
        .systemLibrary(
            name: "CLibXML2",
            path: "Sources/CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),

        // The library: the pipeline, stage by stage. Never imports ArgumentParser.
        .target(
            name: "SingleClientRecord",
            dependencies: [
                "CLibXML2", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Sources/SingleClientRecord"
        ),

        // The review board: a local web server over the library's review stage. Kept out of the
        // library, which never carries a server.
        .target(
            name: "ReviewServer",
            dependencies: [
                "SingleClientRecord", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/ReviewServer"
        ),

        // The PostgreSQL canonical store (many practices, isolated by row-level security) and the
        // batch queue its workers share. Kept out of the library, which opens it through the
        // scheme registered for `postgres://` locations.
        .target(
            name: "PostgresStore",
            dependencies: [
                "SingleClientRecord", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/PostgresStore"
        ),

        // The command-line tool: one file per subcommand, a thin shell around the library.
        .executableTarget(
            name: "scr",
            dependencies: [
                "SingleClientRecord", "SyntheticPractice", "ReviewServer", "PostgresStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/scr"
        ),

        // Synthetic practices with their truth, and plans measured against a truth: what
        // `scr generate`, `scr evaluate`, the benchmarks and the tests use. The library product
        // does not carry it.
        .target(
            name: "SyntheticPractice",
            dependencies: ["SingleClientRecord"],
            path: "Sources/SyntheticPractice"
        ),

        // Test support: fixture locator, temporary folders, running the built binary.
        .target(
            name: "SCRTestSupport",
            dependencies: ["SingleClientRecord", "SyntheticPractice"],
            path: "Sources/SCRTestSupport"
        ),

        // Benchmarks, kept out of the library: `Scripts/bench` runs them in a release build.
        .executableTarget(
            name: "SCRBench",
            dependencies: ["SingleClientRecord", "SyntheticPractice"],
            path: "Benchmarks/SCRBench"
        ),

        .testTarget(
            name: "SingleClientRecordTests",
            dependencies: ["SingleClientRecord", "SyntheticPractice", "SCRTestSupport"],
            path: "Tests/SingleClientRecordTests"
        ),
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: ["PostgresStore", "SCRTestSupport"],
            path: "Tests/PostgresStoreTests"
        ),
        .testTarget(
            name: "scrTests",
            dependencies: ["SCRTestSupport"],
            path: "Tests/scrTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)

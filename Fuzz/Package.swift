// swift-tools-version:6.1
// libFuzzer targets for scr's readers, kept apart so that `swift build` and `swift test` in the
// project's root never build them. Scripts/fuzz builds them with the fuzzer and address
// sanitizers and runs each; see README.md.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which is the checkout's (`main` here, anything
// in a fresh clone): read it from where this file is.
let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()
let library: Target.Dependency = .product(name: "SingleClientRecord", package: project)

let package = Package(
    name: "scr-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [library], path: "Sources/FuzzSupport"),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport", library], path: "Sources/FuzzCSV"),
        .executableTarget(name: "FuzzXML", dependencies: ["FuzzSupport", library], path: "Sources/FuzzXML"),
        .executableTarget(name: "FuzzColumns", dependencies: ["FuzzSupport", library], path: "Sources/FuzzColumns"),
        .executableTarget(
            name: "FuzzDecisions", dependencies: ["FuzzSupport", library], path: "Sources/FuzzDecisions"),
        .executableTarget(name: "FuzzPlan", dependencies: ["FuzzSupport", library], path: "Sources/FuzzPlan"),
    ]
)

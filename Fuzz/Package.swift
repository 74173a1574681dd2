// swift-tools-version:6.1
import Foundation
import PackageDescription

// A path dependency is named after its folder, which differs between checkouts.
let parentPackage = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

// libFuzzer targets for Baton's BPMN loader (FuzzBPMNLoader) and FEEL (FuzzFEEL). A
// separate package, so that the main `swift build` / `swift test` never compile it. Build and run with ./run.sh; see
// Docs/Fuzzing.md. It builds only with the sanitizer flags:
//
//     swift build -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
let package = Package(
    name: "BatonFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "FuzzBPMNLoader",
            dependencies: [.product(name: "BatonXML", package: parentPackage)]
        ),
        .executableTarget(
            name: "FuzzFEEL",
            dependencies: [.product(name: "BatonFEEL", package: parentPackage)]
        ),
    ],
    swiftLanguageModes: [.v6]
)

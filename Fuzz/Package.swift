// swift-tools-version:6.1
import PackageDescription

// libFuzzer target for Baton's BPMN loader. A separate package, so that the main
// `swift build` / `swift test` never compile it. Build and run with ./run.sh; see
// Docs/Fuzzing.md. It builds only with the sanitizer flags:
//
//     swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
let package = Package(
    name: "BatonFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "FuzzBPMNLoader",
            dependencies: [.product(name: "BatonXML", package: "main")]
        ),
    ],
    swiftLanguageModes: [.v6]
)

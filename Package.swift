// swift-tools-version:6.1
import PackageDescription

/// Settings every Baton target shares: Swift 6 language mode (strict concurrency) plus the
/// upcoming features that make a leaked dependency or an implicit existential visible.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Baton",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "baton", targets: ["baton"]),
        .library(name: "BatonModel", targets: ["BatonModel"]),
        .library(name: "BatonXML", targets: ["BatonXML"]),
        .library(name: "BatonFEEL", targets: ["BatonFEEL"]),
        .library(name: "BatonEngine", targets: ["BatonEngine"]),
        .library(name: "BatonTesting", targets: ["BatonTesting"]),
        .library(name: "BatonSQLite", targets: ["BatonSQLite"]),
        .library(name: "BatonRuntime", targets: ["BatonRuntime"]),
        .library(name: "BatonConnectors", targets: ["BatonConnectors"]),
        .library(name: "BatonServer", targets: ["BatonServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // HMAC-SHA256 request signing and AES-GCM for sensitive variables (connectors).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        // Already in the graph through Hummingbird; named so the server can name header fields.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        // The system libxml2, plus a header of static inline helpers for what Swift 6 cannot
        // call directly (C globals such as xmlFree, SAX callbacks).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(name: "BatonModel", swiftSettings: strictSettings),
        .target(name: "BatonFEEL", dependencies: ["BatonModel"], swiftSettings: strictSettings),
        .target(name: "BatonXML", dependencies: ["BatonModel", "BatonFEEL", "CLibXML2"], swiftSettings: strictSettings),
        .target(name: "BatonEngine", dependencies: ["BatonModel", "BatonFEEL"], swiftSettings: strictSettings),
        .target(
            name: "BatonSQLite", dependencies: ["BatonModel", "BatonFEEL", "BatonEngine", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings),
        .target(
            name: "BatonRuntime",
            dependencies: [
                "BatonModel", "BatonFEEL", "BatonXML", "BatonEngine", .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings),
        .target(
            name: "BatonConnectors",
            dependencies: ["BatonModel", "BatonFEEL", "BatonXML", "BatonEngine", "BatonRuntime", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings),
        .target(
            name: "BatonServer",
            dependencies: [
                "BatonModel", "BatonFEEL", "BatonXML", "BatonEngine", "BatonSQLite", "BatonRuntime", "BatonConnectors",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.embedInCode("Resources/openapi.yaml")],
            swiftSettings: strictSettings),
        // The reference CRM and ERP of the demo: systems of their own, which no engine
        // target depends on; only `BatonDemo` and the `baton` executable do.
        .target(
            name: "BatonReference",
            dependencies: [
                "BatonFEEL", "BatonEngine", "BatonRuntime", "BatonConnectors", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings),
        .target(name: "BatonTesting", dependencies: ["BatonModel", "BatonFEEL", "BatonXML", "BatonEngine"], swiftSettings: strictSettings),
        .executableTarget(
            name: "baton",
            dependencies: [
                "BatonModel", "BatonXML", "BatonFEEL", "BatonEngine", "BatonTesting", "BatonSQLite", "BatonRuntime", "BatonConnectors",
                "BatonServer", "BatonDemo", "BatonReference", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // `baton demo`: the reference systems, the shipped models and Baton, set up together.
        .target(
            name: "BatonDemo",
            dependencies: [
                "BatonReference", "BatonServer", "BatonRuntime", "BatonSQLite", "BatonConnectors", "BatonEngine", "BatonFEEL", "BatonModel",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings),
        .testTarget(name: "BatonModelTests", dependencies: ["BatonModel"], swiftSettings: strictSettings),
        .testTarget(name: "BatonXMLTests", dependencies: ["BatonModel", "BatonXML"], swiftSettings: strictSettings),
        .testTarget(name: "BatonFEELTests", dependencies: ["BatonFEEL"], swiftSettings: strictSettings),
        .testTarget(name: "BatonEngineTests", dependencies: ["BatonEngine", "BatonTesting", "BatonXML", "BatonFEEL"], swiftSettings: strictSettings),
        .testTarget(
            name: "BatonRuntimeTests",
            dependencies: ["BatonRuntime", "BatonSQLite", "BatonEngine", "BatonXML", "BatonFEEL", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings),
        .testTarget(
            name: "BatonConnectorsTests", dependencies: ["baton", "BatonConnectors", "BatonRuntime", "BatonSQLite", "BatonEngine", "BatonFEEL", "BatonModel", "BatonXML"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "BatonReferenceTests",
            dependencies: [
                "BatonReference", "BatonConnectors", "BatonRuntime", "BatonSQLite", "BatonEngine", "BatonFEEL", "BatonModel", "BatonXML",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings),
        .testTarget(
            name: "BatonDemoTests",
            dependencies: [
                "BatonDemo", "BatonReference", "BatonServer", "BatonRuntime", "BatonSQLite", "BatonEngine", "BatonFEEL", "BatonModel", "BatonConnectors",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings),
        .testTarget(name: "BatonCLITests", dependencies: ["baton"], swiftSettings: strictSettings),
        .testTarget(
            name: "BatonServerTests",
            dependencies: [
                "BatonServer", "BatonRuntime", "BatonSQLite", "BatonEngine", "BatonFEEL",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)

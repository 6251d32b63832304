// swift-tools-version: 6.2
import PackageDescription

let package = Package(
  name: "primedoc",
  // Linux only: the toolchain lookup reads /proc, the runner uses process groups and
  // Glibc, and the guide's kernel is Linux. (No `platforms:` entry names Linux.)
  products: [
    .executable(name: "primedoc", targets: ["primedoc"]),
    .library(name: "DocModel", targets: ["DocModel"]),
    // The harness links scenario code against this archive with a direct `swiftc`
    // call (RECIPES.md, d, option 2); `swift build` and `swift test` both produce it.
    .library(name: "DocModelHarness", type: .static, targets: ["DocModel", "LinuxUAPI", "PrimedocHarness"]),
    // The same userspace API as real system calls, for scenarios run on a real kernel.
    .library(name: "RealLinuxHarness", type: .static, targets: ["RealLinux", "LinuxUAPI", "PrimedocHarness"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    .package(url: "https://github.com/swiftlang/swift-subprocess", exact: "1.0.2"),
    .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
    .package(url: "https://github.com/swiftlang/swift-syntax", exact: "603.0.1"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
    .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
  ],
  targets: [
    // C interop
    .systemLibrary(
      name: "CCmark",
      pkgConfig: "libcmark",
      providers: [.apt(["libcmark-dev"])]
    ),

    // The harness's wire format, shared by the runtime and primedoc's runner
    .target(name: "PrimedocHarnessProtocol"),
    // The runtime linked into every harness (markers, nonce, error reports)
    .target(name: "PrimedocHarness", dependencies: ["PrimedocHarnessProtocol"]),

    // What userspace sees of DRM and dma-buf: errnos, flags, structures; shared by both backends
    .target(name: "LinuxUAPI"),
    // The second backend: DocModel's userspace API as real system calls
    .target(name: "RealLinux", dependencies: ["LinuxUAPI", "PrimedocHarness"]),
    // The model that scenarios run against
    .target(name: "DocModel", dependencies: ["LinuxUAPI", "PrimedocHarness", "PrimedocHarnessProtocol"]),

    // The engine and its command-line front end
    .target(
      name: "PrimedocKit",
      dependencies: [
        "CCmark",
        "PrimedocHarnessProtocol",
        .product(name: "Yams", package: "Yams"),
        .product(name: "Subprocess", package: "swift-subprocess"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "SwiftParser", package: "swift-syntax"),
        .product(name: "SwiftIDEUtils", package: "swift-syntax"),
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "FlyingFox", package: "FlyingFox"),
      ],
      // The standard theme: the page template, stylesheet and script, as files a
      // user can copy (`primedoc theme DIR`) and point `--theme` at.
      resources: [.copy("Theme")]
    ),
    .executableTarget(
      name: "primedoc",
      dependencies: [
        "PrimedocKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // Tests
    .testTarget(
      name: "DocModelTests",
      dependencies: ["DocModel", .product(name: "PropertyBased", package: "swift-property-based")]
    ),
    .testTarget(
      name: "PrimedocKitTests",
      dependencies: [
        "PrimedocKit", "PrimedocHarnessProtocol", .product(name: "PropertyBased", package: "swift-property-based"),
        .product(name: "SwiftParser", package: "swift-syntax"),
      ],
      exclude: ["Fixtures"]
    ),
  ],
  swiftLanguageModes: [.v6]
)

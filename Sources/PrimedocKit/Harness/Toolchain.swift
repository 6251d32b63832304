import Crypto
import Foundation

/// Where the compiler and the prebuilt DocModel are, and a fingerprint of each for
/// cache keys.
///
/// DocModel is linked from the static library product `DocModelHarness` that
/// `swift build` already writes beside the `primedoc` executable, with its module
/// in `Modules/` (RECIPES.md, d, option 2): no nested package build.
package struct Toolchain: Sendable {
  var swiftc: URL
  /// SwiftPM's bin folder holding `libDocModelHarness.a` (DocModel and the harness
  /// runtime) and their modules in `Modules/`.
  var modelBinDirectory: URL
  /// Extra `swiftc` flags, e.g. `-sanitize=address` when DocModel was built with
  /// AddressSanitizer and scenario code must link against it.
  var extraFlags: [String]

  init(swiftc: URL, modelBinDirectory: URL, extraFlags: [String] = []) {
    self.swiftc = swiftc
    self.modelBinDirectory = modelBinDirectory
    self.extraFlags = extraFlags
  }

  /// Finds both from the environment (`PRIMEDOC_SWIFTC`, `PRIMEDOC_MODEL_DIR`,
  /// `PRIMEDOC_SWIFTC_FLAGS`), else
  /// `swiftc` on PATH and the folder of the running executable (where SwiftPM put
  /// `primedoc`, and the test bundle).
  package static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(PrimedocError)
    -> Toolchain
  {
    let swiftc: URL
    if let explicit = environment["PRIMEDOC_SWIFTC"], !explicit.isEmpty {
      swiftc = URL(fileURLWithPath: explicit)
    } else if let found = (environment["PATH"] ?? "").split(separator: ":").map({
      URL(fileURLWithPath: String($0)).appendingPathComponent("swiftc")
    })
    .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
      swiftc = found
    } else {
      throw PrimedocError(
        nil, "cannot find `swiftc` on PATH; install Swift 6.3 or set PRIMEDOC_SWIFTC to the compiler's path")
    }
    let executableFolder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    let candidates = [environment["PRIMEDOC_MODEL_DIR"].map { URL(fileURLWithPath: $0) }, executableFolder].compactMap {
      $0
    }
    guard let bin = candidates.first(where: hasModel) else {
      throw PrimedocError(
        nil,
        "cannot find the built \(DocumentedLibrary.module) library (\(modelFiles.joined(separator: ", "))) in "
          + "\(candidates.map(\.path).joined(separator: ", ")); "
          + "run `swift build` first, or set PRIMEDOC_MODEL_DIR to SwiftPM's bin folder")
    }
    let flags = (environment["PRIMEDOC_SWIFTC_FLAGS"] ?? "").split(separator: " ").map(String.init)
    return Toolchain(swiftc: swiftc, modelBinDirectory: bin, extraFlags: flags)
  }

  /// What a harness compile needs from SwiftPM's bin folder: an archive and its modules.
  static func builtFiles(archive: String, modules: [String]) -> [String] {
    ["lib\(archive).a"] + modules.map { "Modules/\($0).swiftmodule" }
  }

  static let modelFiles = builtFiles(archive: DocumentedLibrary.archive, modules: DocumentedLibrary.modules)

  private static func hasModel(_ folder: URL) -> Bool { missingFile(modelFiles, in: folder) == nil }

  /// The first of `files` that `folder` lacks, if any.
  static func missingFile(_ files: [String], in folder: URL) -> String? {
    files.first { !FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
  }

  /// Identifies the compiler without starting it: its resolved path, size and
  /// modification time. A new toolchain changes at least one of them.
  func compilerIdentity() -> String {
    let real = swiftc.resolvingSymlinksInPath()
    let attributes = (try? FileManager.default.attributesOfItem(atPath: real.path)) ?? [:]
    let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    return "\(real.path) \(size) \(modified) \(extraFlags.joined(separator: " "))"
  }

  /// DocModel's source folder, found by walking up from the built library to the
  /// package that built it; nil when primedoc runs against a model built elsewhere.
  var modelSources: URL? {
    var folder = modelBinDirectory.resolvingSymlinksInPath()
    while folder.path != "/" {
      let candidate = folder.appendingPathComponent("Sources/\(DocumentedLibrary.module)")
      if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
        FileManager.default.fileExists(atPath: candidate.path)
      {
        return candidate
      }
      folder.deleteLastPathComponent()
    }
    return nil
  }

  /// The script that runs a static harness on a real kernel: `PRIMEDOC_REAL_KERNEL_RUNNER`,
  /// else `scripts/linux-guest.sh` of the package that built the model.
  package func realKernelRunner(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
    if let explicit = environment["PRIMEDOC_REAL_KERNEL_RUNNER"], !explicit.isEmpty {
      return URL(fileURLWithPath: explicit)
    }
    let script = modelPackage?.appendingPathComponent("scripts/linux-guest.sh")
    return script.flatMap { FileManager.default.isExecutableFile(atPath: $0.path) ? $0 : nil }
  }

  /// The package that built the model (the folder holding `Sources/`).
  var modelPackage: URL? { modelSources?.deletingLastPathComponent().deletingLastPathComponent() }

  /// The source folders of `DocumentedLibrary.sourceModules`, beside `modelSources`.
  var modelSourceFolders: [URL] {
    guard let sources = modelPackage?.appendingPathComponent("Sources") else { return [] }
    return DocumentedLibrary.sourceModules.map { sources.appendingPathComponent($0) }
      .filter { FileManager.default.fileExists(atPath: $0.path) }
  }

  /// A hash of the library and module scenarios link against. Hashing the build
  /// products rather than DocModel's sources keys results on what actually runs:
  /// a source edit that was not rebuilt yet cannot poison the cache.
  func modelFingerprint() -> String {
    var hasher = SHA256()
    for file in Self.modelFiles {
      if let data = try? Data(contentsOf: modelBinDirectory.appendingPathComponent(file), options: .mappedIfSafe) {
        hasher.update(data: data)
      }
    }
    return Digest.hex(hasher.finalize())
  }
}

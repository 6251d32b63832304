import Foundation

/// Rebuilds the model's libraries after their sources changed, so that `serve` checks
/// the book against the model being edited. Only the harness archives are built:
/// the running primedoc is not relinked under itself.
struct ModelRebuilder: Sendable {
  var toolchain: Toolchain

  /// The archives the run links: `DocModelHarness`, and `RealLinuxHarness` only when
  /// it also checks on a real kernel.
  var archives: [String]

  /// Runs `swift build --product ARCHIVE` for each archive, with the build folder and
  /// configuration the library was found in.
  func rebuild() async throws(PrimedocError) {
    guard let package = toolchain.modelPackage else {
      throw PrimedocError(nil, "DocModel's sources were not found beside its library")
    }
    let bin = toolchain.modelBinDirectory.resolvingSymlinksInPath()
    let scratch = bin.deletingLastPathComponent().deletingLastPathComponent()
    let swift = toolchain.swiftc.deletingLastPathComponent().appendingPathComponent("swift")
    let common =
      ["build", "--package-path", package.path, "--scratch-path", scratch.path]
      + (bin.lastPathComponent == "release" ? ["-c", "release"] : [])
    for archive in archives { try await build(swift, common + ["--product", archive]) }
  }

  private func build(_ swift: URL, _ arguments: [String]) async throws(PrimedocError) {
    let outcome: ProcessOutcome
    do {
      outcome = try await ChildProcess.run(swift, arguments)
    } catch {
      throw PrimedocError(nil, "cannot start `swift build`: \(error)")
    }
    guard outcome.succeeded else {
      let text = String(decoding: outcome.standardOutput, as: UTF8.self) + outcome.errorText
      let errors = text.split(separator: "\n").filter { $0.contains("error:") }.prefix(20).joined(separator: "\n")
      throw PrimedocError(nil, "DocModel does not build:\n\(errors.isEmpty ? text : errors)")
    }
  }
}

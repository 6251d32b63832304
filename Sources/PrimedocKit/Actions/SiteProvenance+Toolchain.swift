import Foundation

extension SiteProvenance {
  /// What this toolchain and model give: the model's sources (or its library, when
  /// its sources are elsewhere) and `swiftc --version`.
  static func of(_ toolchain: Toolchain) async -> SiteProvenance {
    SiteProvenance(
      model: toolchain.modelSources == nil
        ? "library " + toolchain.modelFingerprint() : "sources " + sourceDigest(toolchain.modelSourceFolders),
      toolchain: await version(of: toolchain.swiftc))
  }

  private static func version(of swiftc: URL) async -> String {
    guard let outcome = try? await ChildProcess.run(swiftc, ["--version"]), outcome.succeeded else {
      return swiftc.lastPathComponent
    }
    return String(decoding: outcome.standardOutput, as: UTF8.self).split(separator: "\n").joined(separator: ", ")
  }
}

import Foundation

extension SiteProvenance {
  /// What this toolchain and model give: the model's sources (or its library, when
  /// its sources are elsewhere) and `swiftc --version`.
  static func of(_ toolchain: Toolchain) async -> SiteProvenance {
    let sources = toolchain.modelSourceFolders
    return SiteProvenance(
      model: sources.isEmpty ? "library " + toolchain.modelFingerprint() : "sources " + sourceDigest(sources),
      toolchain: await version(of: toolchain.swiftc))
  }

  private static func version(of swiftc: URL) async -> String {
    guard let outcome = try? await ChildProcess.run(swiftc, ["--version"]), outcome.succeeded else {
      return swiftc.lastPathComponent
    }
    return String(decoding: outcome.standardOutput, as: UTF8.self).split(separator: "\n").joined(separator: ", ")
  }
}

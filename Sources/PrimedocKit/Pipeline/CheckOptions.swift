import Foundation

/// What a check needs to know besides the book.
package struct CheckOptions: Sendable {
  var jobs: Int
  var useCache: Bool
  var cacheFolder: URL
  /// Plain `swift` blocks that are not scenarios become errors.
  var strict: Bool
  var defaultTimeout: Duration
  /// Bytes one scenario may print before its page is stopped.
  var outputCap: Int
  var toolchain: Toolchain
  /// Where the harness runs: relative paths in scenarios resolve from here.
  var workingDirectory: URL
  var progress: @Sendable (ProgressEvent) -> Void
  /// Also run every qualifying scenario on a real kernel with this runner
  /// (`scripts/linux-guest.sh`): `check --real-kernel`.
  package var realKernelRunner: URL?

  package init(
    toolchain: Toolchain, cacheFolder: URL, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
    useCache: Bool = true, strict: Bool = false, defaultTimeout: Duration = .seconds(10), outputCap: Int = 1 << 20,
    workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
    progress: @escaping @Sendable (ProgressEvent) -> Void = { _ in }
  ) {
    self.toolchain = toolchain
    self.cacheFolder = cacheFolder
    self.jobs = max(1, jobs)
    self.useCache = useCache
    self.strict = strict
    self.defaultTimeout = defaultTimeout
    self.outputCap = outputCap
    self.workingDirectory = workingDirectory
    self.progress = progress
  }
}

extension CheckOptions {
  /// A fresh scratch folder under the cache's `build/` for one compile-and-run
  /// (`NAME-PID-RANDOM`), removed after `body` (kept with `PRIMEDOC_KEEP_BUILD`, to
  /// inspect the generated sources and harness), and on an interrupt.
  func withScratchFolder<T>(_ name: String, _ body: (URL) async throws -> T) async throws -> T {
    let folder = cacheFolder.appendingPathComponent("build")
      .appendingPathComponent(
        "\(name)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: .min ... .max))")
    ChildRegistry.shared.register(scratch: folder)
    defer {
      ChildRegistry.shared.finish(
        scratch: folder, keep: ProcessInfo.processInfo.environment["PRIMEDOC_KEEP_BUILD"] != nil)
    }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return try await body(folder)
  }
}

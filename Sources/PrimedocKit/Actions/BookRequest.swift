import Foundation

/// The book a command works on and how to check it, as the command line gave them.
package struct BookRequest: Sendable {
  var location: BookLocation
  var options: CheckOptions

  package init(path: String, options: CheckOptions) {
    self.location = BookLocation(path: path)
    self.options = options
  }

  /// The default cache folder: `.primedoc-cache` beside the book folder.
  package static func defaultCacheFolder(forBook path: String) -> URL {
    URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().appendingPathComponent(".primedoc-cache")
  }

  /// Makes checks also run the qualifying scenarios on a real kernel, with the
  /// runner the toolchain finds (`Toolchain.realKernelRunner`).
  package mutating func alsoRunOnRealKernel() throws(PrimedocError) {
    guard let runner = options.toolchain.realKernelRunner() else {
      throw PrimedocError(
        nil, "--real-kernel needs scripts/linux-guest.sh beside the model's package, or PRIMEDOC_REAL_KERNEL_RUNNER")
    }
    // Without the backend every scenario would fail to compile against it, and so
    // none would qualify: say so here instead of passing with nothing checked.
    let bin = options.toolchain.modelBinDirectory
    let needed = Toolchain.builtFiles(
      archive: DocumentedLibrary.RealKernel.archive, modules: [DocumentedLibrary.RealKernel.module])
    if let missing = Toolchain.missingFile(needed, in: bin) {
      throw PrimedocError(nil, "--real-kernel needs \(missing) in \(bin.path); run `swift build` first")
    }
    options.realKernelRunner = runner
  }

  var checker: Checker { Checker(options: options) }

  /// Checks the whole book, showing progress on `console`.
  func check(console: Console) async throws -> CheckReport {
    var options = options
    options.progress = { console.progress($0) }
    return try await Checker(options: options).check(location)
  }

  /// Runs `body` holding the book's lock, so that another primedoc on the same book
  /// waits (and is told why) instead of interleaving its work with this one's.
  func locked<T>(console: Console, _ body: () async throws -> T) async throws -> T {
    let lock = try BookLock(folder: options.cacheFolder) {
      console.error(
        "primedoc: another primedoc is working on this book; waiting for it (\(options.cacheFolder.path)/lock)")
    }
    defer { withExtendedLifetime(lock) {} }
    return try await body()
  }
}

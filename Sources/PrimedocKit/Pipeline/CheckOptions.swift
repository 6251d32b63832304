import Foundation

/// What a check needs to know besides the book.
public struct CheckOptions: Sendable {
  public var jobs: Int
  public var useCache: Bool
  public var cacheFolder: URL
  /// Plain `swift` blocks that are not scenarios become errors.
  public var strict: Bool
  public var defaultTimeout: Duration
  /// Bytes one scenario may print before its page is stopped.
  public var outputCap: Int
  public var toolchain: Toolchain
  /// Where the harness runs: relative paths in scenarios resolve from here.
  public var workingDirectory: URL
  public var progress: @Sendable (ProgressEvent) -> Void

  public init(
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

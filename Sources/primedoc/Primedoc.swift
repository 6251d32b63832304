import ArgumentParser
import Foundation
import PrimedocKit

/// The command line: parses arguments, builds a request, hands it to PrimedocKit
/// and maps the result to an exit status. No pipeline logic lives here.
@main
struct Primedoc: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Builds documentation whose Swift scenarios are compiled, run and verified.",
    version: PrimedocVersion.current,
    subcommands: [Check.self, Build.self, Update.self, Run.self, List.self, Serve.self, ThemeCommand.self],
    defaultSubcommand: Check.self)

  /// ArgumentParser exits 64 on a usage error; primedoc promises 2 for bad input or usage.
  static func main() async {
    Interruption.install()
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
      reportPeakMemory()
      Foundation.exit(Interruption.exitStatus(code == .validationFailure ? 2 : code.rawValue))
    }
    reportPeakMemory()
    Foundation.exit(Interruption.exitStatus(0))
  }
}

/// With `PRIMEDOC_REPORT_PEAK_MEMORY` set, prints primedoc's own peak resident
/// memory (`VmHWM`, children such as the compiler excluded) to standard error, for
/// the benchmark.
func reportPeakMemory() {
  guard ProcessInfo.processInfo.environment["PRIMEDOC_REPORT_PEAK_MEMORY"] != nil,
    let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
    let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
  else { return }
  FileHandle.standardError.write(
    Data("primedoc peak memory: \(line.dropFirst(6).trimmingCharacters(in: .whitespaces))\n".utf8))
}

/// Options every command that reads a book shares.
struct BookOptions: ParsableArguments {
  @Argument(help: "The book's folder.")
  var book = "docs-src"

  @Option(help: "Pages compiled and run at once (default: the number of cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Flag(help: "Ignore cached results: compile and run every page.")
  var noCache = false

  @Option(help: "Where results are cached (default: .primedoc-cache beside the book).")
  var cacheDir: String?

  @Flag(help: "Treat plain `swift` blocks that are not scenarios as errors.")
  var strict = false

  @Flag(
    help:
      "Also run every scenario that compiles against the real-kernel backend on a real Linux kernel under QEMU (scripts/linux-guest.sh), and fail where it prints otherwise."
  )
  var realKernel = false

  @Option(help: "How long one scenario may run, e.g. 10s, 500ms (a scenario's `timeout=` wins).")
  var timeout: Duration = .seconds(10)

  func validate() throws {
    guard jobs > 0 else { throw ValidationError("--jobs must be at least 1") }
  }

  /// The request for the book; throws `PrimedocError` when the toolchain or the
  /// model cannot be found (reported by `perform`, like every other error).
  func request() throws(PrimedocError) -> BookRequest {
    let toolchain = try Toolchain.locate()
    let options = CheckOptions(
      toolchain: toolchain,
      cacheFolder: cacheDir.map { URL(fileURLWithPath: $0) } ?? BookRequest.defaultCacheFolder(forBook: book),
      jobs: jobs, useCache: !noCache, strict: strict,
      defaultTimeout: timeout)
    var request = BookRequest(path: book, options: options)
    if realKernel { try request.alsoRunOnRealKernel() }
    return request
  }
}

/// Makes a command's action and performs it; the one place an `ExitStatus` becomes
/// the process's exit code (errors were already reported by the action).
func perform(_ makeAction: () throws -> any PrimedocAction) async throws {
  let status: ExitStatus
  do {
    status = await (try makeAction()).performAndHandleResult(console: .standard)
  } catch {
    status = exitStatus(reporting: error, on: .standard)
  }
  if status != .success { throw ExitCode(status.rawValue) }
}

extension ReportFormat: ExpressibleByArgument {}

/// `--timeout 10s`, parsed once, as `timeout=` is.
extension Duration: @retroactive ExpressibleByArgument {
  public init?(argument: String) { self.init(parsing: argument) }
  public var defaultValueDescription: String { attributeText }
}

import Foundation
import Subprocess

/// A finished child process: how it ended and what it wrote.
struct ProcessOutcome: Sendable {
  var status: TerminationStatus
  var standardOutput: [UInt8]
  var standardError: [UInt8]

  var succeeded: Bool { status == .exited(0) }
  var errorText: String { String(decoding: standardError, as: UTF8.self) }
}

/// Runs short-lived tools (the compiler) to completion. Each child leads its own
/// session, so a cancelled build takes the whole process group down with it
/// (RECIPES.md, c).
enum ChildProcess {
  static let outputLimit = 64 << 20

  static func run(_ executable: URL, _ arguments: [String], in folder: URL? = nil) async throws -> ProcessOutcome {
    let result = try await Subprocess.run(
      .path(.init(executable.path)), arguments: Arguments(arguments), environment: .inherit,
      workingDirectory: folder.map { .init($0.path) }, platformOptions: sessionLeader(), input: .none,
      output: .bytes(limit: outputLimit), error: .bytes(limit: outputLimit)
    ) { execution in
      // Registered until it has exited, which `run` waits for after this returns.
      ChildRegistry.shared.register(execution.processIdentifier.value)
      return execution.processIdentifier.value
    }
    ChildRegistry.shared.unregister(result.closureResult)
    return ProcessOutcome(
      status: result.terminationStatus, standardOutput: result.standardOutput, standardError: result.standardError)
  }

  /// Options for a child that leads its own session and whose teardown (on task
  /// cancellation) signals the whole group.
  private static func sessionLeader() -> PlatformOptions {
    var options = PlatformOptions()
    options.createSession = true
    options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .milliseconds(200))]
    return options
  }
}

/// What every command does: its work, ending in an exit status. Errors it throws
/// are not its to print: `performAndHandleResult` is the one place that turns
/// them into a message and a status (as swift-docc's actions do).
package protocol PrimedocAction: Sendable {
  func perform(console: Console) async throws -> ExitStatus
}

extension PrimedocAction {
  /// Performs the action; a `PrimedocError` prints its diagnostics, any other
  /// error its description after `error:`, and both end with `.badInput`.
  package func performAndHandleResult(console: Console) async -> ExitStatus {
    do {
      return try await perform(console: console)
    } catch {
      return exitStatus(reporting: error, on: console)
    }
  }
}

/// How any error ends a command: a `PrimedocError` prints its diagnostics, any other
/// error its description after `error:`; both are exit status 2. Also used by the
/// command line for an error met while making an action.
package func exitStatus(reporting error: any Error, on console: Console) -> ExitStatus {
  if let error = error as? PrimedocError {
    console.error(error.description)
  } else {
    console.error("error: \(error)")
  }
  return .badInput
}

/// How a command ended, as a process exit status.
package enum ExitStatus: Int32, Sendable {
  /// Everything verified.
  case success = 0
  /// A scenario failed.
  case failure = 1
  /// Bad input or usage: nothing was written.
  case badInput = 2
}

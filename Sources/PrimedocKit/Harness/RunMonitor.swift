import Synchronization

/// What the runner knows about a page while it runs, shared between the task
/// reading its output and the watchdog.
final class RunMonitor: Sendable {
  enum KillReason: Sendable, Equatable {
    case timeout(Duration)
    case flood
    /// The harness exited but something it started still holds its pipes.
    case orphans
  }

  private struct State {
    var output: [UInt8] = []
    var resume = 0
    /// End of the last marker: what follows is the running scenario's output.
    var lastMarkerEnd = 0
    var running: Int?
    var since = ContinuousClock.now
    var exitSeen: ContinuousClock.Instant?
    var outputClosed = false
    var killReason: KillReason?
  }

  private let state = Mutex(State())
  private let transcript: Transcript
  private let outputCap: Int

  init(transcript: Transcript, outputCap: Int) {
    self.transcript = transcript
    self.outputCap = outputCap
  }

  /// Adds a chunk of standard output; returns true when the page must be killed
  /// because the running scenario printed more than the cap.
  func append(_ chunk: [UInt8]) -> Bool {
    state.withLock { state in
      guard state.killReason == nil else { return false }
      state.output += chunk
      let (markers, resume) = transcript.markers(in: state.output, from: state.resume)
      state.resume = resume
      for marker in markers {
        state.running = marker.kind == .begin ? marker.index : nil
        state.since = .now
        state.lastMarkerEnd = marker.range.upperBound
      }
      guard state.output.count - state.lastMarkerEnd > outputCap else { return false }
      state.output.removeLast(state.output.count - state.lastMarkerEnd - outputCap)
      state.killReason = .flood
      return true
    }
  }

  /// Returns true when the page must be killed: the running scenario (or the
  /// start-up before the first) exceeded its time, or the harness exited more than
  /// half a second ago while its pipes are still held open.
  func checkTimeouts(_ timeouts: [Int: Duration], default fallback: Duration, leaderExited: Bool) -> Bool {
    state.withLock { state in
      guard state.killReason == nil else { return false }
      let now = ContinuousClock.now
      let limit = state.running.flatMap { timeouts[$0] } ?? fallback
      if now - state.since > limit {
        state.killReason = .timeout(limit)
        return true
      }
      if leaderExited {
        let seen = state.exitSeen ?? now
        state.exitSeen = seen
        if now - seen > .milliseconds(500) {
          state.killReason = .orphans
          return true
        }
      }
      return false
    }
  }

  func closeOutput() { state.withLock { $0.outputClosed = true } }

  /// Records that processes the page started outlived it (and were killed).
  func markOrphans() { state.withLock { if $0.killReason == nil { $0.killReason = .orphans } } }
  var outputClosed: Bool { state.withLock { $0.outputClosed } }
  var output: [UInt8] { state.withLock { $0.output } }
  var killReason: KillReason? { state.withLock { $0.killReason } }
}

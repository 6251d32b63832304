import Foundation
import Synchronization

/// With `PRIMEDOC_TIMINGS` set, prints how long each phase of a check took to
/// standard error (for the benchmark and profiling; silent otherwise).
final class PhaseClock: Sendable {
  private let start = ContinuousClock.now
  private let marks = Mutex<[(String, ContinuousClock.Instant)]>([])
  static let enabled = ProcessInfo.processInfo.environment["PRIMEDOC_TIMINGS"] != nil

  func mark(_ phase: String) { marks.withLock { $0.append((phase, .now)) } }

  func report() {
    guard Self.enabled else { return }
    var previous = start
    for (phase, instant) in marks.withLock({ $0 }) {
      Self.note(phase, instant - previous)
      previous = instant
    }
  }

  static func note(_ phase: String, _ duration: Duration) {
    guard enabled else { return }
    FileHandle.standardError.write(
      Data("timing: \(phase) \(duration.formatted(.units(allowed: [.milliseconds])))\n".utf8))
  }
}

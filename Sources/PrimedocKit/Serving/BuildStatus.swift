import Foundation
import Synchronization

/// What the open pages poll to know when to reload: how many sites `serve` has
/// written, and why the last build failed, if it did.
final class BuildStatus: Sendable {
  private struct State: Encodable {
    var build = 0
    var failure: String?
  }

  private let state = Mutex(State())

  func succeeded() {
    state.withLock {
      $0.build += 1
      $0.failure = nil
    }
  }

  func failed(_ message: String) {
    state.withLock { $0.failure = message }
  }

  /// `{"build":N,"failure":"…"}` (no `failure` after a good build), for `/__primedoc/status`.
  var json: Data {
    let current = state.withLock { $0 }
    return (try? JSONEncoder().encode(current)) ?? Data("{}".utf8)
  }
}

import Dispatch
import Foundation
import Synchronization

/// SIGINT and SIGTERM end a command cleanly: the children it started die with it,
/// its scratch folders go, and nothing half-done is published (the site is swapped
/// and cache entries are written only when complete, so there is nothing to undo).
package enum Interruption {
  private static let signalled = Atomic<Int32>(0)
  /// Set once the handler has stopped the children and removed the scratch folders.
  private static let cleanedUp = Atomic<Bool>(false)
  nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

  /// Call once, at start-up, before any work.
  package static func install() {
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler {
        // Marked before the children die, so that the work they were doing,
        // failing because of it, cannot exit with its own status first.
        signalled.store(signalNumber, ordering: .sequentiallyConsistent)
        ChildRegistry.shared.terminateAll()
        cleanedUp.store(true, ordering: .sequentiallyConsistent)
        FileHandle.standardError.write(
          Data("\nprimedoc: interrupted; its child processes were stopped and nothing unfinished was kept\n".utf8))
        exit(128 + signalNumber)
      }
      source.resume()
      sources.append(source)
    }
  }

  /// The exit status a command must end with: 128 + the signal when one
  /// interrupted it, else `status`.
  /// When interrupted, it first waits (up to 5 s) for the handler's cleanup, so
  /// that exiting from the main flow cannot cut the cleanup short.
  package static func exitStatus(_ status: Int32) -> Int32 {
    let signal = signalled.load(ordering: .sequentiallyConsistent)
    guard signal != 0 else { return status }
    for _ in 0..<500 where !cleanedUp.load(ordering: .sequentiallyConsistent) { usleep(10_000) }
    return 128 + signal
  }
}

import Foundation
import Synchronization

/// The process groups primedoc has started and not yet seen end, and the scratch
/// folders it is working in.
///
/// Children lead their own sessions (so a timeout can kill a whole group), which
/// also means a Ctrl-C at the terminal does not reach them. The command line's
/// signal handler calls `terminateAll()` so that an interrupted check leaves no
/// harness or compiler running.
public final class ChildRegistry: Sendable {
  public static let shared = ChildRegistry()

  private let groups = Mutex<Set<pid_t>>([])
  private let folders = Mutex<Set<URL>>([])

  func register(_ pid: pid_t) { groups.withLock { _ = $0.insert(pid) } }
  func unregister(_ pid: pid_t) { groups.withLock { _ = $0.remove(pid) } }
  func register(scratch folder: URL) { folders.withLock { _ = $0.insert(folder) } }
  func unregister(scratch folder: URL) { folders.withLock { _ = $0.remove(folder) } }

  /// Kills every registered process group and removes the scratch folders.
  public func terminateAll() {
    for pid in groups.withLock({ $0 }) { _ = kill(-pid, SIGKILL) }
    for folder in folders.withLock({ $0 }) { try? FileManager.default.removeItem(at: folder) }
  }

  /// Runs `body`, which lasts as long as the process, with `pid` registered.
  func tracking<T>(_ pid: pid_t, _ body: () async throws -> T) async rethrows -> T {
    register(pid)
    defer { unregister(pid) }
    return try await body()
  }
}

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

  /// Kills every registered process group, and every child of this process not yet
  /// registered (one started a moment ago), then removes the scratch folders.
  public func terminateAll() {
    for pid in groups.withLock({ $0 }).union(Self.children()) { _ = kill(-pid, SIGKILL) }
    for folder in folders.withLock({ $0 }) { try? FileManager.default.removeItem(at: folder) }
  }

  /// This process's children, from `/proc/*/stat` (field 4 is the parent's pid).
  private static func children() -> Set<pid_t> {
    let me = getpid()
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return Set(
      entries.compactMap { entry -> pid_t? in
        guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 2 && pid_t(fields[1]) == me ? pid : nil
      })
  }

  /// Runs `body`, which lasts as long as the process, with `pid` registered.
  func tracking<T>(_ pid: pid_t, _ body: () async throws -> T) async rethrows -> T {
    register(pid)
    defer { unregister(pid) }
    return try await body()
  }
}

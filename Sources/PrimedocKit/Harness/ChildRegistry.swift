import Foundation
import Synchronization

/// The process groups primedoc has started and not yet seen end, and the scratch
/// folders it is working in.
///
/// Children lead their own sessions (so a timeout can kill a whole group), which
/// also means a Ctrl-C at the terminal does not reach them. The command line's
/// signal handler calls `terminateAll()` so that an interrupted check leaves no
/// harness or compiler running.
final class ChildRegistry: Sendable {
  static let shared = ChildRegistry()

  private let groups = Mutex<Set<pid_t>>([])
  private let folders = Mutex<Set<URL>>([])

  func register(_ pid: pid_t) { groups.withLock { _ = $0.insert(pid) } }
  func unregister(_ pid: pid_t) { groups.withLock { _ = $0.remove(pid) } }
  func register(scratch folder: URL) { folders.withLock { _ = $0.insert(folder) } }

  /// Forgets `folder` and, unless `keep`, removes it. The removal happens under the
  /// same lock as `terminateAll`'s, so an interrupted command and its own cleanup
  /// never delete one tree at once (two concurrent recursive removals can each stop
  /// at an entry the other deleted, and leave the rest behind).
  func finish(scratch folder: URL, keep: Bool) {
    folders.withLock {
      guard $0.remove(folder) != nil, !keep else { return }
      try? FileManager.default.removeItem(at: folder)
    }
  }

  /// Kills every registered process group, and every child of this process not yet
  /// registered (one started a moment ago), then removes the scratch folders.
  func terminateAll() {
    let killed = groups.withLock({ $0 }).union(Self.children())
    for pid in killed { _ = kill(-pid, SIGKILL) }
    // A killed process running on another core can still finish a write; wait
    // (up to a second) until each is gone or a zombie before removing its folder.
    for _ in 0..<100 where killed.contains { !Self.hasExited($0) } { usleep(10_000) }
    folders.withLock {
      for folder in $0 { try? FileManager.default.removeItem(at: folder) }
      $0.removeAll()
    }
  }

  /// The fields of `/proc/PID/stat` after the command name (state, parent's pid, …);
  /// nil when the process is gone.
  static func statFields(of pid: pid_t) -> [Substring]? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return nil }
    return stat[stat.index(after: close)...].split(separator: " ")
  }

  /// Whether a process has exited: gone, or a zombie not yet reaped.
  static func hasExited(_ pid: pid_t) -> Bool { statFields(of: pid)?.first.map { $0 == "Z" } ?? true }

  /// This process's children (field 2 after the name is the parent's pid).
  private static func children() -> Set<pid_t> {
    let me = getpid()
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return Set(
      entries.compactMap { entry -> pid_t? in
        guard let pid = pid_t(entry), let fields = statFields(of: pid), fields.count > 2 else { return nil }
        return pid_t(fields[1]) == me ? pid : nil
      })
  }
}

/// Waits that never end, and lockdep's report of a recursive reservation lock.
/// Kernel: `kernel/locking/lockdep.c` (`print_deadlock_bug`), `kernel/hung_task.c`.
extension Kernel {
  /// A task that waits, interruptibly, for a fence nothing will signal: the kernel
  /// prints nothing (the hung-task detector ignores interruptible sleeps) and the
  /// call never returns. The model ends the scenario with a `Hang` that says so.
  func hungTask(waitingFor fence: dma_fence, process: Process?) -> Hang {
    process?.kill()
    return Hang(lines: [
      "[model] no kernel message: \(process?.comm ?? "kworker/0:1"):\(process?.pid ?? 42) sleeps in "
        + "dma_resv_wait_timeout for \(fence) until it is killed"
    ])
  }

  /// Taking a lock the task already holds: lockdep (if on) names the function that
  /// took it again, then the task waits for good in `ww_mutex_lock`. An
  /// uninterruptible wait is reported by the hung-task detector after 120 s; an
  /// interruptible one (`dma_resv_lock_interruptible`) never is.
  func recursiveLock(process: Process?, interruptible: Bool) -> Hang {
    var lines = has(.lockdep) ? lockdepRecursion(in: callTrace.first ?? "dma_resv_lock") : []
    let task = "\(process?.comm ?? "kworker/0:1"):\(process?.pid ?? 42)"
    if interruptible {
      lines += ["[model] no kernel message: \(task) sleeps interruptibly in ww_mutex_lock until it is killed"]
    } else {
      lines += ["INFO: task \(task) blocked for more than 122 seconds."]
      lines += ["Call Trace:", " <TASK>"] + callTrace.map { " \($0)" } + [" </TASK>"]
      now += 122_000_000_000
    }
    dmesg += lines.filter { !$0.hasPrefix("[model]") }
    process?.kill()
    return Hang(lines: lines)
  }

  /// Lockdep's report of a task taking a reservation lock it holds.
  func lockdepRecursion(in function: String) -> [String] {
    let task = "\(currentProcess?.comm ?? "kworker/0:1")/\(currentProcess?.pid ?? 42)"
    return [
      "============================================", "WARNING: possible recursive locking detected",
      "--------------------------------------------", "\(task) is trying to acquire lock:",
      "  (reservation_ww_class_mutex){+.+.}-{3:3}, at: \(function)", "but task is already holding lock:",
      "  (reservation_ww_class_mutex){+.+.}-{3:3}", "*** DEADLOCK ***",
    ]
  }
}

import Foundation
import Testing

@testable import DocModel

/// The machinery every path shares: the trace, handles, the history table, deferred
/// `fput`, and lock recursion by era.
@Suite struct KernelTests {
  @Test func aCallThatReturnsAnErrnoIsTracedAsFailing() throws {
    let kernel = Kernel()
    let errno = kernel.call("ttm_prime_fd_to_handle", in: "ttm_object") { Errno.ENOSYS("ttm_prime_fd_to_handle") }
    #expect(errno.name == "ENOSYS")
    #expect(kernel.trace.events.last?.result == "-ENOSYS" && kernel.trace.events.last?.failed == true)
  }

  @Test func handlesAreTheLowestFreeNumberFromOne() throws {
    let setup = try VgemExport()
    let second = try setup.igt.kmstest_dumb_create(setup.vgemFD, 8, 8, 32)
    #expect((setup.bo.handle, second.handle) == (1, 2))
    try setup.igt.gem_close(setup.vgemFD, setup.bo.handle)
    // idr_alloc(…, 1, 0, …): the closed number is handed out again.
    #expect(try setup.igt.kmstest_dumb_create(setup.vgemFD, 8, 8, 32).handle == 1)
    #expect(try setup.igt.kmstest_dumb_create(setup.vgemFD, 8, 8, 32).handle == 3)
  }

  @Test func theHistoryHasOneEntryPerCommitWithTwelveHexDigitsInReleaseOrder() {
    let history = KernelChange.history
    #expect(Set(history.map(\.commit)).count == history.count)
    #expect(history.allSatisfy { $0.commit.count == 12 && $0.commit.allSatisfy(\.isHexDigit) })
    #expect(history.map(\.release) == history.map(\.release).sorted())
    #expect(history.first?.release == .v5_12 && history.last?.release == .v7_0)
    #expect(KernelVersion.v6_9.has(.vmwgfxFixPrimeImportExport) && !KernelVersion.v6_8.has(.vmwgfxFixPrimeImportExport))
  }

  @Test func theLastCloseReleasesTheBufferOnTheWayBackToUserMode() throws {
    let kernel = Kernel()
    let igt = kernel.spawn("igt")
    let fd = try igt.drm_open_driver(kernel.load(.vgem))
    let bo = try igt.kmstest_dumb_create(fd, 64, 64, 32)
    let dmabufFD = try igt.prime_handle_to_fd(fd, bo.handle)
    let dmabuf = try dma_buf_get(dmabufFD, in: igt)
    _ = try dma_buf_vmap_unlocked(dmabuf)
    try dma_buf_put(dmabuf)
    try igt.close(dmabufFD)
    let oops = try #require(failure { try igt.close(fd) } as? Oops)
    #expect(oops.function == "dma_buf_release")
    let trace = oops.lines.drop { $0 != " <TASK>" }.dropFirst().prefix { $0 != " </TASK>" }.map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    #expect(
      trace == [
        "__dentry_kill", "dput", "__fput", "task_work_run", "syscall_exit_to_user_mode", "do_syscall_64",
        "entry_SYSCALL_64_after_hwframe",
      ])
    let close = try #require(kernel.trace.events.lastIndex { $0.function == "close(3)" })
    #expect(kernel.trace.events[close...].contains { $0.function == "task_work_run" && $0.depth == 0 })
  }

  @Test func attachingWithTheLockHeldDeadlocksWhereEachEraTakesIt() throws {
    for (version, taker, reported) in [
      (KernelVersion.v6_9, "drm_gem_shmem_pin", false), (.v6_12, "drm_gem_pin", true),
      (.v7_0, "drm_gem_map_attach", true),
    ] {
      let setup = try VgemExport(version: version, config: [.lockdep])
      let dmabuf = try setup.dmabuf()
      try dma_resv_lock(dmabuf.resv)
      let hang = try #require(failure { try dma_buf_attach(dmabuf, setup.kernel.load(.vmwgfx).device) } as? Hang)
      #expect(hang.lines.contains("  (reservation_ww_class_mutex){+.+.}-{3:3}, at: \(taker)"), "\(version)")
      // An interruptible sleep is never reported by the hung-task detector.
      #expect(hang.lines.contains { $0.hasPrefix("INFO: task") } == reported, "\(version)")
    }
  }

  @Test func oopsHeadersFollowTheirCommits() throws {
    func header(_ version: KernelVersion) throws -> [String] {
      let setup = try VgemExport(version: version)
      let dmabuf = try setup.dmabuf()
      let map = try dma_buf_vmap_unlocked(dmabuf)
      try dma_buf_vunmap_unlocked(dmabuf, map)
      let oops = try #require(failure { try dma_buf_vunmap_unlocked(dmabuf, map) } as? Oops)
      return Array(oops.lines[2...3])
    }
    #expect(
      try header(.v6_9) == [
        "invalid opcode: 0000 [#1] PREEMPT SMP NOPTI", "CPU: 0 PID: 42 Comm: kworker/0:1 Not tainted 6.9.0 #1",
      ])
    #expect(try header(.v6_11)[1] == "CPU: 0 UID: 0 PID: 42 Comm: kworker/0:1 Not tainted 6.11.0 #1")
    #expect(
      try header(.v6_15) == [
        "Oops: invalid opcode: 0000 [#1] SMP NOPTI",
        "CPU: 0 UID: 0 PID: 42 Comm: kworker/0:1 Not tainted 6.15.0 #1 PREEMPT(voluntary)",
      ])
  }
}

/// The appendix promises that the history it prints is every change the model
/// branches on: each `KernelChange` declared in the table's file must be in it.
@Suite struct KernelHistoryCompletenessTests {
  @Test func everyDeclaredChangeIsInTheHistory() throws {
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
      .appendingPathComponent("Sources/DocModel/kernel/history.swift")
    let source = try String(contentsOf: file, encoding: .utf8)
    let declared = source.components(separatedBy: "= KernelChange(").count - 1
    #expect(declared == KernelChange.history.count)
  }
}

/// What an fd refers to.
enum OpenFile {
  case drm(DrmFile)
  case dmabuf(dma_buf)
  /// A `sync_file`: a snapshot of fences.
  case syncFile([dma_fence])
}

/// A userspace process: its fds, its mappings, and whether the kernel killed it.
///
/// Its methods are the system calls and IGT helpers a test uses, with IGT's names
/// (`prime_handle_to_fd`, `kmstest_dumb_create`…). A failing call throws the errno
/// userspace would see; an oops or a signal kills the process, after which every
/// call throws `ProcessIsDead`.
public final class Process: IGTProcess, CustomStringConvertible {
  /// Strong: a process keeps its kernel alive (`Kernel().spawn("igt")` is fine).
  let kernel: Kernel
  public let comm: String
  public let pid: Int32
  public private(set) var isAlive = true
  var files: [Int32: OpenFile] = [:]
  /// The fds with `FD_CLOEXEC` (`fdt->close_on_exec`).
  var closeOnExec: Set<Int32> = []
  /// Its mappings (`mm->mmap`), in the order they were made.
  var vmas: [VMArea] = []
  /// Secondary MMUs following parts of its address space (`mm->notifier_subscriptions`).
  var intervalNotifiers: [mmu_interval_notifier] = []
  /// The sequence number invalidations hand to `invalidate`.
  var invalidationSeq: UInt64 = 1
  /// How deep in kernel code this task is (system calls, kernel code run for it).
  private var kernelDepth = 0
  /// `task_work_add`ed work, run on the way back to user mode.
  private var taskWork: [() throws -> Void] = []
  private var numbering = ProcessNumbering()

  init(kernel: Kernel, comm: String, pid: Int32) {
    self.kernel = kernel
    self.comm = comm
    self.pid = pid
  }

  public var description: String { "\(comm)[\(pid)]" }

  func kill() { isAlive = false }

  /// Runs a system call: the caller in traces is this process; errnos come back as
  /// userspace sees them.
  func syscall<T>(_ name: String, result describe: (T) -> String = { _ in "0" }, _ body: () throws -> T) throws -> T {
    guard isAlive else { throw ProcessIsDead(process: description) }
    return try inKernel {
      do {
        return try kernel.call(
          name, in: "kernel", from: comm, traceNames: Self.entryFrames(name), result: describe, body)
      } catch let errno as Errno {
        throw errno.seen(by: name)
      }
    }
  }

  /// Runs kernel code on this task's behalf; on the way back to user mode the
  /// task's pending work runs (`task_work_run` from `syscall_exit_to_user_mode`):
  /// the final `fput` of a file closed in that call, say.
  func inKernel<T>(_ body: () throws -> T) throws -> T {
    let previous = kernel.currentProcess
    kernel.currentProcess = self
    kernelDepth += 1
    defer {
      kernelDepth -= 1
      kernel.currentProcess = previous
    }
    let result = Result { try body() }
    if kernelDepth == 1 { try runTaskWork() }
    return try result.get()
  }

  /// `task_work_add`: `work` runs when this task next returns to user mode.
  func addTaskWork(_ work: @escaping () throws -> Void) { taskWork.append(work) }

  private func runTaskWork() throws {
    while !taskWork.isEmpty {
      let work = taskWork.removeFirst()
      try kernel.call(
        "task_work_run", in: "kernel", from: comm,
        traceNames: ["task_work_run", "syscall_exit_to_user_mode", "do_syscall_64", "entry_SYSCALL_64_after_hwframe"],
        work)
    }
  }

  /// The kernel functions a `Call Trace:` shows between userspace and the work a
  /// system call does, innermost first.
  static func entryFrames(_ call: String) -> [String] {
    let entry: [String]
    if call.hasPrefix("DRM_IOCTL") {
      entry = ["drm_ioctl", "__x64_sys_ioctl"]
    } else if call.hasPrefix("DMA_BUF_IOCTL") {
      entry = ["dma_buf_ioctl", "__x64_sys_ioctl"]
    } else if call.hasPrefix("mmap") {
      entry = ["mmap_region", "do_mmap", "vm_mmap_pgoff", "ksys_mmap_pgoff", "__x64_sys_mmap"]
    } else if call.hasPrefix("close") {
      entry = ["__x64_sys_close"]
    } else if call.hasPrefix("munmap") {
      entry = ["__vm_munmap", "__x64_sys_munmap"]
    } else if call.hasPrefix("poll") {
      entry = ["do_sys_poll", "__x64_sys_poll"]
    } else if call.hasPrefix("open") {
      entry = ["drm_open", "do_sys_openat2", "__x64_sys_openat"]
    } else {
      entry = [call]
    }
    return entry + ["do_syscall_64", "entry_SYSCALL_64_after_hwframe"]
  }

  /// The lowest free fd, as `get_unused_fd_flags` picks it.
  func install(_ file: OpenFile, cloexec: Bool = false) -> Int32 {
    let fd = numbering.lowestFreeFD { files[$0] != nil }
    files[fd] = file
    if cloexec { closeOnExec.insert(fd) } else { closeOnExec.remove(fd) }
    return fd
  }

  /// The driver behind a DRM fd and the object behind a handle, for a driver's own
  /// ioctl: another driver has no ioctl at that number (`drm_ioctl`: `-EINVAL`),
  /// an unknown handle is `-ENOENT`.
  func driverObject<Driver>(_ fd: Int32, _ handle: UInt32, _ type: Driver.Type) throws -> (Driver, drm_gem_object) {
    let file = try drmFile(fd)
    guard let driver = file.dev.driver as? Driver else { throw Errno.EINVAL("drm_ioctl") }
    guard let obj = file.handles[handle] else { throw Errno.ENOENT("drm_gem_object_lookup") }
    return (driver, obj)
  }

  func drmFile(_ fd: Int32) throws -> DrmFile {
    guard case .drm(let file) = files[fd] else { throw Errno.EBADF("drm_ioctl") }
    return file
  }

  /// `dma_buf_get(fd)`: `-EBADF` for no file, `-EINVAL` for a file that is not a dma-buf.
  func dmabuf(_ fd: Int32) throws -> dma_buf {
    try kernel.call("dma_buf_get", in: "dma-buf") { () throws -> dma_buf in
      switch files[fd] {
      case .dmabuf(let buffer)?: return buffer
      case nil: throw Errno.EBADF("dma_buf_get")
      default: throw Errno.EINVAL("dma_buf_get")
      }
    }
  }

  func nextMapping(pages: Int) -> UInt64 { numbering.placeMapping(pages: pages) }

  /// Gives back the address range of a mapping that failed (`mmap_region`).
  func releaseMapping(at start: UInt64) { numbering.releaseMapping(at: start) }
}

/// `dma_buf_get()` from kernel code running in `process`'s system call: the buffer
/// behind a dma-buf fd, with a reference the caller must drop (`dma_buf_put`).
/// How a scenario playing an importer driver gets hold of a buffer.
public func dma_buf_get(_ fd: Int32, in process: Process) throws -> dma_buf {
  let buffer = try process.dmabuf(fd)
  buffer.retain()
  return buffer
}

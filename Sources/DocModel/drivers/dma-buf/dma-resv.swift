/// `enum dma_resv_usage`, in the kernel's order: KERNEL < WRITE < READ < BOOKKEEP.
public enum dma_resv_usage: Int, Comparable, Sendable, CustomStringConvertible {
  case DMA_RESV_USAGE_KERNEL, DMA_RESV_USAGE_WRITE, DMA_RESV_USAGE_READ, DMA_RESV_USAGE_BOOKKEEP
  public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
  public var description: String { String(describing: self) }

  /// `dma_resv_usage_rw(write)`: a writer waits for readers and writers (READ), a
  /// reader only for writers (WRITE).
  static func rw(write: Bool) -> Self { write ? .DMA_RESV_USAGE_READ : .DMA_RESV_USAGE_WRITE }
}

/// `struct dma_resv`: a buffer's fences and the lock (a ww_mutex) that protects the
/// buffer's attachments and mappings under the locking convention.
public final class dma_resv {
  let kernel: Kernel
  private(set) var fences: [(fence: dma_fence, usage: dma_resv_usage)] = []
  /// Whether the lock is held. The model has one CPU and one task at a time.
  public private(set) var locked = false

  init(kernel: Kernel) { self.kernel = kernel }

  /// `dma_resv_add_fence`.
  func add(_ fence: dma_fence, usage: dma_resv_usage) { fences.append((fence, usage)) }

  /// Unsignalled fences at `usage` or below (what a wait at that usage waits for).
  func unsignaled(upTo usage: dma_resv_usage) -> [dma_fence] {
    fences.filter { !$0.fence.signaled && $0.usage <= usage }.map(\.fence)
  }

  /// `dma_resv_wait_timeout(…, intr = true, MAX_SCHEDULE_TIMEOUT)`: lets virtual
  /// time pass until the fences signal. A fence nothing will ever signal blocks
  /// the task until it is killed.
  func wait(upTo usage: dma_resv_usage, process: Process?) throws {
    while let pending = unsignaled(upTo: usage).first {
      guard kernel.runNextTimer() else { throw kernel.hungTask(waitingFor: pending, process: process) }
    }
  }

  /// `dma_resv_lock` (or `dma_resv_lock_interruptible`). Taking it twice in one
  /// task deadlocks.
  func lock(process: Process?, interruptible: Bool = false) throws {
    if locked { throw kernel.recursiveLock(process: process, interruptible: interruptible) }
    locked = true
  }

  func unlock() { locked = false }
}

/// Takes a buffer's reservation lock, as an importer does before the calls the
/// locking convention says need it (`dma_buf_map_attachment`, `dma_buf_vmap`…).
/// Kernel: `drivers/dma-buf/dma-resv.c`, `dma_resv_lock`.
public func dma_resv_lock(_ resv: dma_resv) throws {
  try resv.kernel.call("dma_resv_lock", in: "dma-buf") { () throws in try resv.lock(process: resv.kernel.currentProcess)
  }
}

/// `dma_resv_unlock`.
public func dma_resv_unlock(_ resv: dma_resv) {
  resv.kernel.call("dma_resv_unlock", in: "dma-buf") { resv.unlock() }
}

/// `dma_resv_test_signaled()`: whether every fence up to `usage` has signalled.
public func dma_resv_test_signaled(_ resv: dma_resv, _ usage: dma_resv_usage) -> Bool {
  resv.unsignaled(upTo: usage).isEmpty
}

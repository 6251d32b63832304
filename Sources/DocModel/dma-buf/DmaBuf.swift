/// The size of one page, as on x86-64 (`PAGE_SHIFT` 12).
public let PAGE_SIZE = 4096

/// A placeholder `struct dma_buf`: size, one refcounted kernel mapping, and the
/// bounds checks of `dma_buf_mmap`. The full model (attachments, sg_tables,
/// fences, devices) is issue 3; this is what the engine's sample guide runs against.
///
/// Kernel: `include/linux/dma-buf.h` (`struct dma_buf`), `drivers/dma-buf/dma-buf.c`.
public final class DmaBuf {
  /// Fixed for the buffer's lifetime; every mmap and vmap bound check uses it.
  public let size: Int
  public private(set) var vmappingCounter = 0
  private var contents: [Int: UInt8] = [:]

  public init(size: Int) {
    self.size = size
  }

  /// A userspace mapping of the buffer, as `mmap` on the dma-buf file gives.
  public struct Mapping {
    public let dmabuf: DmaBuf
    public let offset: Int
    public let length: Int

    public func store(_ byte: UInt8, at index: Int) { dmabuf.contents[offset + index] = byte }
    public func load(at index: Int) -> UInt8 { dmabuf.contents[offset + index] ?? 0 }
  }

  /// `dma_buf_mmap()`: checks that `pgoff + vma_pages` neither wraps nor runs past
  /// `size`, then asks the exporter to map.
  ///
  /// Kernel: `drivers/dma-buf/dma-buf.c`, `dma_buf_mmap` — `-EOVERFLOW` when
  /// `pgoff + vma_pages(vma)` wraps, `-EINVAL` when it exceeds `size >> PAGE_SHIFT`.
  public func dma_buf_mmap(pgoff: Int, pages: Int) throws(Errno) -> Mapping {
    let (end, overflow) = pgoff.addingReportingOverflow(pages)
    if overflow { throw .eoverflow("dma_buf_mmap") }
    if end > size / PAGE_SIZE { throw .einval("dma_buf_mmap") }
    return Mapping(dmabuf: self, offset: pgoff * PAGE_SIZE, length: pages * PAGE_SIZE)
  }

  /// `dma_buf_vmap()`: one shared kernel mapping; the first call maps, later calls
  /// only count.
  ///
  /// Kernel: `drivers/dma-buf/dma-buf.c`, `dma_buf_vmap` (`vmapping_counter`).
  public func dma_buf_vmap() {
    vmappingCounter += 1
  }

  /// `dma_buf_vunmap()`: `BUG_ON(!dmabuf->vmapping_counter)` when nothing is mapped.
  ///
  /// Kernel: `drivers/dma-buf/dma-buf.c`, `dma_buf_vunmap`.
  public func dma_buf_vunmap() throws(KernelBug) {
    guard vmappingCounter > 0 else {
      throw KernelBug(
        headline: "kernel BUG at drivers/dma-buf/dma-buf.c: dma_buf_vunmap!",
        function: "dma_buf_vunmap")
    }
    vmappingCounter -= 1
  }
}

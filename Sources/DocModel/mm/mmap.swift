/// `mmap` and `munmap` of a DRM or dma-buf fd. Kernel: `mm/mmap.c` (`do_mmap`),
/// `mm/vma.c` (`do_vmi_munmap`); the file's `mmap` is `drm_gem_mmap` or
/// `dma_buf_mmap_internal`.
extension Process {
  /// `mmap(NULL, length, prot, flags, fd, offset)` of a DRM fd (at an offset from
  /// `MODE_MAP_DUMB`) or of a dma-buf fd (at 0). `do_mmap` (`mm/mmap.c`) refuses a
  /// writable shared mapping of a file opened without write access (`-EACCES`) before
  /// it looks for the file's own `mmap` (`-ENODEV` without one); a private mapping only
  /// needs read access, keeps `VM_MAYWRITE`, and is a copy-on-write mapping
  /// (`is_cow_mapping`, include/linux/mm.h) its file decides about.
  public func mmap(_ length: Int, _ prot: MmapProt, _ fd: Int32, _ offset: UInt64, _ flags: MapFlags = .MAP_SHARED)
    throws -> UserMapping
  {
    try syscall("mmap(fd \(fd))", result: { "0x\(String($0.address, radix: 16))" }) {
      let pages = (length + 4095) / 4096
      let vma = VMArea(
        start: nextMapping(pages: pages), pageCount: pages, pgoff: Int(offset >> 12),
        writable: prot.contains(.PROT_WRITE))
      vma.mm = self
      vma.isCow = flags == .MAP_PRIVATE
      do {
        if let file = files[fd], flags == .MAP_SHARED, prot.contains(.PROT_WRITE),
          !Self.statusFlags(of: file).contains(.O_RDWR)
        {
          throw Errno.EACCES("do_mmap")
        }
        switch files[fd] {
        case .drm(let file)?:
          try drm_gem_mmap(file, vma, offset: offset)
        case .dmabuf(let buffer)?:
          try kernel.call("dma_buf_mmap_internal", in: "dma-buf") { () throws in
            guard buffer.ops.canMmap, vma.pgoff + pages <= buffer.size >> 12 else {
              throw Errno.EINVAL("dma_buf_mmap_internal")
            }
            try buffer.mmapThroughExporter(vma)
          }
        case .syncFile?:
          throw Errno.ENODEV("mmap")
        case nil:
          throw Errno.EBADF("mmap")
        }
      } catch {
        // A failed mmap takes no address space (`mmap_region` frees the vma).
        releaseMapping(at: vma.start)
        throw error
      }
      vmas.append(vma)
      return UserMapping(process: self, vma: vma)
    }
  }

  /// `munmap()`: the mapping's file reference goes with it.
  public func munmap(_ mapping: UserMapping) throws {
    try syscall("munmap") {
      // Unmapping a range where nothing is mapped is not an error: 6.1's
      // `do_mas_munmap` (mm/mmap.c; `do_vmi_munmap` in mm/vma.c today) finds no vma
      // and returns 0.
      guard !mapping.unmapped else { return }
      let vma = mapping.vma
      invalidateRange(
        mmu_notifier_range(start: vma.start, end: vma.start + UInt64(vma.length), event: .MMU_NOTIFY_UNMAP))
      vmas.removeAll { $0 === vma }
      vma.ptes.removeAll()
      mapping.unmapped = true
      mapping.vma.vm_ops?.close?()
      if let buffer = mapping.vma.file as? dma_buf {
        mapping.vma.file = nil
        try buffer.release()
      }
    }
  }
}

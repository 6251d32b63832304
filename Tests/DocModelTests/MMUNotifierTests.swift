import Testing

@testable import DocModel

/// A hypervisor's secondary MMU that mirrors a VMM's `dma_buf_mmap` of a buffer
/// with an `mmu_interval_notifier`, as the hypervisors chapter recommends.
@Suite struct MMUNotifierTests {
  final class Mirror {
    let kernel: Kernel
    let vmm: Process
    let base: UInt64
    var entries: [Int: UInt64] = [:]
    var invalidations = 0
    var subscription: mmu_interval_notifier?

    init(_ kernel: Kernel, _ vmm: Process, _ mapping: UserMapping) {
      self.kernel = kernel
      self.vmm = vmm
      base = mapping.address
      subscription = mmu_interval_notifier_insert(
        vmm, start: mapping.address, length: mapping.length, owner: "mirror",
        ops: mmu_interval_notifier_ops { [unowned self] sub, _, seq in
          mmu_interval_set_seq(sub, seq)
          entries.removeAll()
          invalidations += 1
          return true
        })
    }

    /// The guest's read of page `page`: through the mirror, faulting it in when absent.
    func read(page: Int) throws -> UInt32 {
      let pfn: UInt64
      if let cached = entries[page] {
        pfn = cached
      } else {
        let subscription = try #require(self.subscription)
        var fresh: UInt64
        repeat {
          let seq = mmu_interval_read_begin(subscription)
          fresh = try kernel.hva_to_pfn(vmm, base + UInt64(page * 4096))
          if !mmu_interval_read_retry(subscription, seq) { break }
        } while true
        entries[page] = fresh
        pfn = fresh
      }
      return kernel.read(pfn: pfn, count: 4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
  }

  @Test func aMoveInvalidatesTheMirrorAndTheNextAccessFaultsThroughTheExporter() throws {
    let kernel = Kernel(config: [.strictImporterRules])
    let gpu = kernel.load(.amdgpu)
    let vmm = kernel.spawn("qemu")
    let fd = try vmm.drm_open_driver(gpu)
    let bo = try vmm.kmstest_dumb_create(fd, 64, 64, 32)
    let dmabufFD = try vmm.prime_handle_to_fd_for_mmap(fd, bo.handle)
    let mapping = try vmm.mmap(bo.size, [.PROT_READ, .PROT_WRITE], dmabufFD, 0)
    try mapping.store(UInt32(0x900d), at: 4096)
    let mirror = Mirror(kernel, vmm, mapping)
    #expect(try mirror.read(page: 1) == 0x900d)
    let before = try #require(mirror.entries[1])
    try kernel.amdgpu_evict_vram(gpu)
    #expect(mirror.invalidations == 1 && mirror.entries.isEmpty)
    #expect(try mirror.read(page: 1) == 0x900d)
    #expect(mirror.entries[1] != before, "the page now lives in GTT")
    #expect(kernel.violations.isEmpty)
    try vmm.munmap(mapping)
    #expect(mirror.invalidations == 2)
  }
}

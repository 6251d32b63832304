/// Why a range of an address space is being invalidated (`enum mmu_notifier_event`).
public enum mmu_notifier_event: Sendable, CustomStringConvertible {
  /// `munmap` of the range.
  case MMU_NOTIFY_UNMAP
  /// The owner of the mapped memory zapped the page table entries (`unmap_mapping_range`).
  case MMU_NOTIFY_CLEAR
  public var description: String { self == .MMU_NOTIFY_UNMAP ? "MMU_NOTIFY_UNMAP" : "MMU_NOTIFY_CLEAR" }
}

/// `struct mmu_notifier_range`: the addresses `[start, end)` of `mm` being invalidated.
public struct mmu_notifier_range: Sendable {
  public let start: UInt64
  public let end: UInt64
  public let event: mmu_notifier_event
}

/// `struct mmu_interval_notifier_ops`. `invalidate` runs before the CPU page table
/// entries of the range go; a mirror drops its own entries there and records the
/// sequence number with `mmu_interval_set_seq`.
public struct mmu_interval_notifier_ops {
  public var invalidate: (mmu_interval_notifier, mmu_notifier_range, UInt64) -> Bool
  public init(invalidate: @escaping (mmu_interval_notifier, mmu_notifier_range, UInt64) -> Bool) {
    self.invalidate = invalidate
  }
}

/// `struct mmu_interval_notifier`: a secondary MMU's subscription to one range of a
/// process's address space (`include/linux/mmu_notifier.h`, `mm/mmu_notifier.c`).
public final class mmu_interval_notifier {
  public let start: UInt64
  public let length: Int
  /// Who subscribed, as traces name it.
  public let owner: String
  let ops: mmu_interval_notifier_ops
  weak var mm: Process?
  var invalidate_seq: UInt64 = 0

  init(mm: Process, start: UInt64, length: Int, owner: String, ops: mmu_interval_notifier_ops) {
    self.mm = mm
    self.start = start
    self.length = length
    self.owner = owner
    self.ops = ops
  }

  func overlaps(_ range: mmu_notifier_range) -> Bool { range.start < start + UInt64(length) && start < range.end }
}

/// `mmu_interval_notifier_insert()`: subscribes `ops` to `[start, start + length)` of
/// `mm`'s address space.
public func mmu_interval_notifier_insert(
  _ mm: Process, start: UInt64, length: Int, owner: String, ops: mmu_interval_notifier_ops
) -> mmu_interval_notifier {
  let subscription = mmu_interval_notifier(mm: mm, start: start, length: length, owner: owner, ops: ops)
  mm.intervalNotifiers.append(subscription)
  return subscription
}

/// `mmu_interval_notifier_remove()`.
public func mmu_interval_notifier_remove(_ subscription: mmu_interval_notifier) {
  subscription.mm?.intervalNotifiers.removeAll { $0 === subscription }
}

/// `mmu_interval_read_begin()`: the sequence number to check after reading the
/// CPU page tables.
public func mmu_interval_read_begin(_ subscription: mmu_interval_notifier) -> UInt64 { subscription.invalidate_seq }

/// `mmu_interval_read_retry()`: whether an invalidation ran since `seq` was read.
public func mmu_interval_read_retry(_ subscription: mmu_interval_notifier, _ seq: UInt64) -> Bool {
  subscription.invalidate_seq != seq
}

/// `mmu_interval_set_seq()`: called from `invalidate` with its `cur_seq`.
public func mmu_interval_set_seq(_ subscription: mmu_interval_notifier, _ cur_seq: UInt64) {
  subscription.invalidate_seq = cur_seq
}

extension Process {
  /// `mmu_notifier_invalidate_range_start`: every interval subscription of this
  /// address space that overlaps `range` hears of it first.
  func invalidateRange(_ range: mmu_notifier_range) {
    invalidationSeq += 2
    for subscription in intervalNotifiers where subscription.overlaps(range) {
      _ = kernel.call("invalidate", in: subscription.owner, from: "mm") {
        subscription.ops.invalidate(subscription, range, invalidationSeq)
      }
    }
  }
}

extension Kernel {
  /// `unmap_mapping_range` over an object's fake-offset range (`drm_vma_node_unmap`,
  /// as `ttm_bo_unmap_virtual` calls it when a BO moves): for every userspace
  /// mapping of it, the MMU notifiers first (`zap_page_range_single`'s
  /// `mmu_notifier_invalidate_range_start`, event `MMU_NOTIFY_CLEAR`), then the
  /// page table entries go, so the next access faults again.
  func unmap_mapping_range(_ obj: drm_gem_object) {
    call("unmap_mapping_range", in: "mm") {
      obj.cpuMappings.removeAll { $0.value == nil }
      for vma in obj.cpuMappings.compactMap(\.value) {
        vma.mm?.invalidateRange(
          mmu_notifier_range(start: vma.start, end: vma.start + UInt64(vma.length), event: .MMU_NOTIFY_CLEAR))
        vma.ptes.removeAll()
      }
    }
  }

  /// KVM's `hva_to_pfn` for a `VM_IO | VM_PFNMAP` mapping (`hva_to_pfn_remapped`):
  /// `fixup_user_fault` makes the owner of the memory fault the page in, then
  /// `follow_pfnmap_start` reads the frame from the CPU page table. No `struct page`
  /// is looked at.
  public func hva_to_pfn(_ mm: Process, _ hva: UInt64, write: Bool = false) throws -> UInt64 {
    try call("hva_to_pfn", in: "kvm", result: { "pfn 0x\(String($0, radix: 16))" }) { () throws -> UInt64 in
      guard let vma = mm.vmas.first(where: { hva >= $0.start && hva < $0.start + UInt64($0.length) }) else {
        throw Errno.EFAULT("hva_to_pfn")
      }
      let page = Int((hva - vma.start) >> 12)
      if let pfn = vma.ptes[page] { return pfn }
      return try mm.fault(vma, page: page, write: write, entry: ["fixup_user_fault"])
    }
  }

  /// What a device, or a guest through its secondary MMU, reads at frame `pfn`:
  /// memory by physical address, RAM or a BAR alike. A model primitive, not a
  /// kernel function.
  public func read(pfn: UInt64, offset: Int = 0, count: Int) -> [UInt8] {
    memory.read(pfn: pfn, offset: offset, count: count)
  }
}

/// What a fault handler tells the mm (`vm_fault_t`).
enum VMFault {
  /// A frame to map (what `vmf_insert_pfn` installs).
  case frame(UInt64)
  case sigbus(reason: String)
  /// `VM_FAULT_OOM`: the fault path reports out-of-memory and the process is killed.
  case oom(reason: String)
}

/// `struct vm_operations_struct`: the fault handler of a mapping.
struct VMOperations {
  var name: String
  var fault: (_ vma: VMArea, _ pageOffset: Int) throws -> VMFault
  /// `vm_ops->close`, run by `munmap` (`drm_gem_vm_close` drops the object
  /// reference the mmap took).
  var close: (() -> Void)?
}

/// `struct vm_area_struct`: one `mmap` of a file, as its driver set it up.
final class VMArea {
  let start: UInt64
  let pageCount: Int
  /// `vm_pgoff`: the first page of the object this mapping shows.
  var pgoff: Int
  var vm_ops: VMOperations?
  var vm_private_data: AnyObject?
  /// `vm_file` (`vma_set_file`): whose file keeps the mapping alive.
  var file: AnyObject?
  /// `vm_mm`: the process whose address space this is (its MMU notifiers hear of zaps).
  weak var mm: Process?
  let writable: Bool
  /// `is_cow_mapping(vm_flags)` (include/linux/mm.h): a `MAP_PRIVATE` mapping, which
  /// `do_mmap` (mm/mmap.c) leaves `VM_MAYWRITE` whatever its protection, whose writes
  /// would copy the pages.
  var isCow = false
  /// Installed page table entries: page index → frame.
  var ptes: [Int: UInt64] = [:]

  init(start: UInt64, pageCount: Int, pgoff: Int, writable: Bool) {
    self.start = start
    self.pageCount = pageCount
    self.pgoff = pgoff
    self.writable = writable
  }

  var length: Int { pageCount * PhysicalMemory.pageSize }
}

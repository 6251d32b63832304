/// The machine's RAM as x86-64 lays it out: page frames whose `struct page` lives
/// in the vmemmap array and whose bytes are reachable through the direct map.
///
/// Pages hold bytes sparsely: a frame never written reads as zeros and costs
/// nothing, so a 2 GiB buffer is free until a scenario writes to it. Addresses are
/// computed as the kernel computes them (`page_to_pfn`, `__va`), so a mangled or
/// NULL `struct page *` leads where it would in the kernel: to the wrong memory
/// or to an address that faults.
final class PhysicalMemory {
  static let pageSize = 4096
  /// `VMEMMAP_START` with 4-level paging; `sizeof(struct page)` is 64.
  static let vmemmapBase: UInt64 = 0xffff_ea00_0000_0000
  static let structPageSize: UInt64 = 64
  /// `PAGE_OFFSET`: the direct map of all RAM.
  static let directMapBase: UInt64 = 0xffff_8880_0000_0000
  /// 4 GiB of RAM.
  static let totalFrames: UInt64 = 1 << 20

  private var frames: [UInt64: [UInt8]] = [:]
  /// Next frame handed out; allocation starts above the first 256 MiB.
  private var nextFrame: UInt64 = 0x10000

  /// Allocates `count` frames. Every fourth frame is skipped, so a buffer's frames
  /// form runs of three, as a fragmented shmem file's do: sg_tables then have
  /// several entries.
  func allocate(_ count: Int) -> [UInt64] {
    var pfns: [UInt64] = []
    while pfns.count < count {
      if nextFrame % 4 != 3 { pfns.append(nextFrame) }
      nextFrame += 1
    }
    return pfns
  }

  func isRAM(_ pfn: UInt64) -> Bool { pfn < Self.totalFrames }

  func read(pfn: UInt64, offset: Int, count: Int) -> [UInt8] {
    guard let frame = frames[pfn] else { return Array(repeating: 0, count: count) }
    return Array(frame[offset..<(offset + count)])
  }

  func write(pfn: UInt64, offset: Int, _ bytes: [UInt8]) {
    var frame = frames[pfn] ?? Array(repeating: 0, count: Self.pageSize)
    frame.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
    frames[pfn] = frame
  }

  // MARK: - The kernel's address arithmetic

  /// `struct page *` of a frame (`pfn_to_page` with SPARSEMEM_VMEMMAP).
  static func page(ofFrame pfn: UInt64) -> UInt64 { vmemmapBase &+ pfn &* structPageSize }

  /// `page_to_pfn`: pointer arithmetic that yields garbage for a garbage pointer.
  static func pfn(ofPage page: UInt64) -> UInt64 { (page &- vmemmapBase) / structPageSize }

  /// `page_address` / `kmap_local_page` on x86-64: `__va(PFN_PHYS(page_to_pfn(page)))`.
  static func kernelAddress(ofPage page: UInt64) -> UInt64 {
    directMapBase &+ (pfn(ofPage: page) << 12)
  }

  /// The frame a direct-map address falls in, if it is RAM.
  func frame(ofKernelAddress address: UInt64) -> UInt64? {
    guard address >= Self.directMapBase else { return nil }
    let pfn = (address &- Self.directMapBase) >> 12
    return isRAM(pfn) ? pfn : nil
  }
}

/// `struct page *`, printed as the kernel prints pointers with `%px`.
public struct PagePointer: Hashable, Sendable, CustomStringConvertible {
  public let address: UInt64
  public init(address: UInt64) { self.address = address }
  public static let null = PagePointer(address: 0)
  public var isNull: Bool { address == 0 }
  public var description: String { hex(address) }
}

extension Kernel {
  /// `kmap_local_page()` on x86-64: the page's direct-map address, computed from
  /// the pointer as the kernel computes it (so a garbage pointer gives a garbage
  /// address; nothing is checked here).
  public func kmap_local_page(_ page: PagePointer) -> UInt64 {
    PhysicalMemory.kernelAddress(ofPage: page.address)
  }

  /// `page_to_pfn()`: pointer arithmetic on the vmemmap array.
  public func page_to_pfn(_ page: PagePointer) -> UInt64 { PhysicalMemory.pfn(ofPage: page.address) }

  /// `phys_to_virt()` / `__va()`: the direct-map address of a physical address.
  public func phys_to_virt(_ phys: UInt64) -> UInt64 { PhysicalMemory.directMapBase &+ phys }

  /// `pfn_to_page()`.
  public func pfn_to_page(_ pfn: UInt64) -> PagePointer { PagePointer(address: PhysicalMemory.page(ofFrame: pfn)) }

  /// `dma_to_phys()`: on a device without an IOMMU, the DMA address is the physical
  /// address; through an IOMMU it is an I/O virtual address and the "physical
  /// address" computed from it is some other memory.
  public func dma_to_phys(_ dev: Device, _ dma: UInt64) -> UInt64 { dev.physicalAddress(ofDMA: dma) }

  /// Reads `count` bytes at kernel virtual address `vaddr`, as kernel code
  /// (`memcpy`, a CPU blit) would: the direct map reaches RAM; any other address
  /// oopses in `function`.
  public func read(kernelAddress vaddr: UInt64, count: Int, in function: String = "memcpy") throws -> [UInt8] {
    var bytes: [UInt8] = []
    var address = vaddr
    while bytes.count < count {
      guard let pfn = memory.frame(ofKernelAddress: address) else { throw badAccess(at: address, in: function) }
      let offset = Int(address & 0xfff)
      let chunk = min(count - bytes.count, PhysicalMemory.pageSize - offset)
      bytes += memory.read(pfn: pfn, offset: offset, count: chunk)
      address &+= UInt64(chunk)
    }
    return bytes
  }

  /// A little-endian load from a kernel virtual address.
  public func load<T: FixedWidthInteger>(_ type: T.Type = UInt32.self, kernelAddress vaddr: UInt64) throws -> T {
    try read(kernelAddress: vaddr, count: MemoryLayout<T>.size).reversed().reduce(T.zero) {
      ($0 << 8) | T(truncatingIfNeeded: $1)
    }
  }

  /// `iosys_map_rd()`: a load through a kernel mapping from `dma_buf_vmap`.
  public func iosys_map_rd<T: FixedWidthInteger>(_ map: iosys_map, _ offset: Int, _ type: T.Type = UInt32.self) throws
    -> T
  {
    let frame = map.frames[offset / PhysicalMemory.pageSize]
    let bytes = memory.read(pfn: frame, offset: offset % PhysicalMemory.pageSize, count: MemoryLayout<T>.size)
    return bytes.reversed().reduce(T.zero) { ($0 << 8) | T(truncatingIfNeeded: $1) }
  }
}

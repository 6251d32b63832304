/// `struct device`: what DMA addresses mean for one device.
///
/// With an IOMMU (or a GART) the DMA address of a page is an I/O virtual address
/// that only this device can use; without one it is the page's physical address.
/// Kernel: `include/linux/dma-mapping.h` (`dma_map_sgtable`, `dma_map_resource`).
public final class Device: CustomStringConvertible {
  public let name: String
  public let hasIOMMU: Bool
  /// Where it sits on the PCI bus; nil for a device that is not a PCI device
  /// (vgem, xen-front), which can never do peer-to-peer DMA.
  public let pci: PCIPlacement?
  /// IOVAs are handed out downwards from here, as the IOMMU allocators do.
  private var nextIOVA: UInt64 = 0xfff0_0000

  init(name: String, hasIOMMU: Bool, pci: PCIPlacement? = nil) {
    self.name = name
    self.hasIOMMU = hasIOMMU
    self.pci = pci
  }

  public var description: String { name }

  /// Maps `count` contiguous frames from `pfn` (`dma_map_page`): a fresh IOVA range
  /// through the IOMMU, else the physical address itself.
  func dmaMap(frame pfn: UInt64, count: Int) -> UInt64 {
    dmaMapResource(pfn << 12, length: count * PhysicalMemory.pageSize)
  }

  /// `dma_map_resource`: a device's view of another device's memory (a BAR at
  /// physical address `phys`): an IOVA through the IOMMU, else the address itself.
  func dmaMapResource(_ phys: UInt64, length: Int) -> UInt64 {
    guard hasIOMMU else { return phys }
    nextIOVA &-= UInt64(length)
    return nextIOVA
  }

  /// `dma_to_phys`: the inverse only a device without an IOMMU can rely on.
  func physicalAddress(ofDMA address: UInt64) -> UInt64 { address }
}

/// `enum dma_data_direction`.
public enum dma_data_direction: String, Sendable, CustomStringConvertible {
  case DMA_BIDIRECTIONAL, DMA_TO_DEVICE, DMA_FROM_DEVICE
  public var description: String { rawValue }
}

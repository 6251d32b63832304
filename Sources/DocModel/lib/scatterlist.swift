/// One `struct scatterlist` entry: a CPU side (page link, offset, length) and a DMA
/// side (address, length) for the device the table was mapped for.
///
/// Kernel: `include/linux/scatterlist.h`. The two low bits of `page_link` are the
/// chain and end markers (SG_CHAIN 0x1, SG_END 0x2).
public struct scatterlist: Hashable, Sendable {
  public internal(set) var page_link: UInt64
  public internal(set) var offset: UInt32
  public internal(set) var length: UInt32
  public internal(set) var dma_address: UInt64
  public internal(set) var dma_length: UInt32
}

/// `struct sg_table`. Owned by the exporter that built it; an importer receives it
/// from `dma_buf_map_attachment` and may use only its DMA side.
public final class sg_table {
  public internal(set) var sgl: [scatterlist]
  /// CPU entries (`orig_nents`) and DMA-mapped entries (`nents`).
  public internal(set) var orig_nents: Int
  public internal(set) var nents: Int
  /// Set while an importer holds it: the attachment it was handed to.
  weak var importedBy: dma_buf_attachment?
  /// For the page-less debug copy: the exporter's own table behind it.
  var exporterTable: sg_table?
  let kernel: Kernel

  init(kernel: Kernel, entries: [scatterlist]) {
    self.kernel = kernel
    sgl = entries
    orig_nents = entries.count
    nents = entries.count
  }

  /// Builds a table from frames, merging physically contiguous runs into one entry
  /// (`sg_alloc_table_from_pages`), then maps it for `device` (`dma_map_sgtable`).
  static func fromFrames(_ frames: [UInt64], kernel: Kernel, mappedFor device: Device) -> sg_table {
    var runs: [(first: UInt64, count: Int)] = []
    for pfn in frames {
      if let last = runs.last, last.first + UInt64(last.count) == pfn {
        runs[runs.count - 1].count += 1
      } else {
        runs.append((pfn, 1))
      }
    }
    let entries = runs.enumerated().map { index, run in
      let length = UInt32(run.count * PhysicalMemory.pageSize)
      let dma = device.dmaMap(frame: run.first, count: run.count)
      return scatterlist(
        page_link: PhysicalMemory.page(ofFrame: run.first) | (index == runs.count - 1 ? 0x2 : 0), offset: 0,
        length: length, dma_address: dma, dma_length: length)
    }
    return sg_table(kernel: kernel, entries: entries)
  }
}

/// `sg_page()`: the entry's `struct page *` (page link without its marker bits).
///
/// Reading it from an imported table breaks importer rule 1: the strict checker
/// names it; the kernel itself carries on with whatever the link holds.
public func sg_page(_ sgt: sg_table, _ index: Int) throws -> PagePointer {
  if let attach = sgt.importedBy {
    sgt.kernel.checkRule(
      "never touch the page side of an imported sg_table",
      "sg_page() of entry \(index) of the sg_table \(attach.dmabuf.exporter) mapped for \(attach.dev)")
  }
  return PagePointer(address: sgt.sgl[index].page_link & ~0x3)
}

/// `sg_dma_address()`: what an importer may use, for its own device, while mapped.
public func sg_dma_address(_ sgt: sg_table, _ index: Int) -> UInt64 { sgt.sgl[index].dma_address }

/// `sg_dma_len()`.
public func sg_dma_len(_ sgt: sg_table, _ index: Int) -> UInt32 { sgt.sgl[index].dma_length }

extension sg_table {
  /// `for_each_sgtable_page`: every CPU page of every entry with a length, as
  /// `struct page *` computed from the (possibly mangled) page link. Entries of
  /// length 0 (the page-less debug copy) yield nothing.
  func cpuPages() -> [PagePointer] {
    sgl.prefix(orig_nents).flatMap { entry -> [PagePointer] in
      let base = entry.page_link & ~0x3
      let count = Int(entry.length) / PhysicalMemory.pageSize
      return (0..<count).map { PagePointer(address: base &+ UInt64($0) &* PhysicalMemory.structPageSize) }
    }
  }

  /// `for_each_sgtable_dma_page`: the DMA address of every page.
  func dmaPages() -> [UInt64] {
    sgl.prefix(nents).flatMap { entry in
      (0..<(Int(entry.dma_length) / PhysicalMemory.pageSize)).map {
        entry.dma_address + UInt64($0 * PhysicalMemory.pageSize)
      }
    }
  }
}

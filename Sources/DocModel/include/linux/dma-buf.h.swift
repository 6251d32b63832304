/// `struct dma_buf_ops`: what an exporter provides. Optional callbacks are
/// optional here too (`canMmap`, `canPin`, …), because the core's behaviour
/// depends on whether they exist.
protocol dma_buf_ops: AnyObject {
  /// The exporting driver, as traces and the model's messages name it (`vgem`).
  var exporter: String { get }
  /// `exp_info.exp_name`, what fdinfo shows: the module that called `dma_buf_export`.
  var exp_name: String { get }
  /// A dynamic exporter has `pin` (`dma_buf_is_dynamic`).
  var isDynamic: Bool { get }
  var canMmap: Bool { get }
  var canVmap: Bool { get }
  /// `cache_sgt_mapping` (until v6.15): the core keeps the first mapping.
  var cache_sgt_mapping: Bool { get }
  func attach(_ dmabuf: dma_buf, _ attach: dma_buf_attachment) throws
  func detach(_ dmabuf: dma_buf, _ attach: dma_buf_attachment)
  func pin(_ attach: dma_buf_attachment) throws(Errno)
  func unpin(_ attach: dma_buf_attachment)
  func map_dma_buf(_ attach: dma_buf_attachment, _ dir: dma_data_direction) throws -> sg_table
  func unmap_dma_buf(_ attach: dma_buf_attachment, _ sgt: sg_table, _ dir: dma_data_direction)
  func mmap(_ dmabuf: dma_buf, _ vma: VMArea) throws
  func vmap(_ dmabuf: dma_buf) throws -> iosys_map
  func vunmap(_ dmabuf: dma_buf, _ map: iosys_map)
  func begin_cpu_access(_ dmabuf: dma_buf, _ dir: dma_data_direction) throws(Errno)
  func end_cpu_access(_ dmabuf: dma_buf, _ dir: dma_data_direction) throws(Errno)
  func release(_ dmabuf: dma_buf)
  /// The exporter's function behind a hook (`drm_gem_map_attach` for `attach`), as a
  /// `Call Trace:` names it.
  func symbol(for hook: String) -> String
}

extension dma_buf_ops {
  /// `DEFINE_DMA_BUF_EXPORT_INFO` fills it with the exporting file's `KBUILD_MODNAME`.
  var exp_name: String { exporter }

  var isDynamic: Bool { false }
  var canMmap: Bool { true }
  var canVmap: Bool { true }
  var cache_sgt_mapping: Bool { false }
  func attach(_ dmabuf: dma_buf, _ attach: dma_buf_attachment) throws {}
  func detach(_ dmabuf: dma_buf, _ attach: dma_buf_attachment) {}
  func pin(_ attach: dma_buf_attachment) throws(Errno) {}
  func unpin(_ attach: dma_buf_attachment) {}
  func begin_cpu_access(_ dmabuf: dma_buf, _ dir: dma_data_direction) throws(Errno) {}
  func end_cpu_access(_ dmabuf: dma_buf, _ dir: dma_data_direction) throws(Errno) {}
  func release(_ dmabuf: dma_buf) {}
  func symbol(for hook: String) -> String { hook }
}

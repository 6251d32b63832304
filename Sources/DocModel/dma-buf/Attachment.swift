/// `struct dma_buf_attach_ops`: what a dynamic importer provides. Its presence is
/// what makes an attachment dynamic.
public struct dma_buf_attach_ops {
  /// Whether the importer copes with page-less (peer-to-peer) entries.
  public var allow_peer2peer: Bool
  /// Called with the reservation lock held when the exporter moves the buffer;
  /// the importer must tear down its mappings and re-map before the next use.
  public var move_notify: ((dma_buf_attachment) -> Void)?

  public init(allow_peer2peer: Bool = false, move_notify: ((dma_buf_attachment) -> Void)?) {
    self.allow_peer2peer = allow_peer2peer
    self.move_notify = move_notify
  }
}

/// `struct dma_buf_attachment`: one device's use of a buffer.
public final class dma_buf_attachment: CustomStringConvertible {
  public let dmabuf: dma_buf
  /// The device whose DMA addresses the mappings hold.
  public let dev: Device
  public let importer_ops: dma_buf_attach_ops?
  /// Cleared by an exporter that cannot reach the importer peer-to-peer.
  public internal(set) var peer2peer: Bool
  /// Mappings handed out and not returned.
  public internal(set) var mappings: [sg_table] = []
  /// Pins taken by `dma_buf_pin` (dynamic importers) or on map.
  public internal(set) var pinCount = 0
  public internal(set) var detached = false

  init(dmabuf: dma_buf, dev: Device, importer_ops: dma_buf_attach_ops?) {
    self.dmabuf = dmabuf
    self.dev = dev
    self.importer_ops = importer_ops
    peer2peer = importer_ops?.allow_peer2peer ?? false
  }

  public var isDynamic: Bool { importer_ops != nil }
  public var description: String { "attachment of \(dmabuf) for \(dev)" }
}

/// `dma_buf_attach()`: a static attachment. Takes no file reference: the importer
/// keeps one for the attachment's lifetime (rule 3). Must not hold the lock.
///
/// Kernel: `drivers/dma-buf/dma-buf.c`, `dma_buf_dynamic_attach`.
public func dma_buf_attach(_ dmabuf: dma_buf, _ dev: Device) throws -> dma_buf_attachment {
  try dma_buf_dynamic_attach(dmabuf, dev, nil)
}

/// `dma_buf_dynamic_attach()`: `WARN_ON(importer_ops && !move_notify)` → `-EINVAL`;
/// then the exporter's `attach` (which may refuse, or clear `peer2peer`).
public func dma_buf_dynamic_attach(_ dmabuf: dma_buf, _ dev: Device, _ importer_ops: dma_buf_attach_ops?) throws
  -> dma_buf_attachment
{
  let kernel = dmabuf.kernel
  return try kernel.call("dma_buf_dynamic_attach", in: "dma-buf") { () throws -> dma_buf_attachment in
    if let ops = importer_ops, ops.move_notify == nil {
      try kernel.warn(at: "drivers/dma-buf/dma-buf.c", in: "dma_buf_dynamic_attach", process: kernel.currentProcess)
      throw Errno.EINVAL("dma_buf_dynamic_attach")
    }
    try kernel.mightLock(dmabuf.resv, in: "dma_buf_dynamic_attach")
    let attach = dma_buf_attachment(dmabuf: dmabuf, dev: dev, importer_ops: importer_ops)
    try kernel.call("attach", in: dmabuf.exp_name) { () throws(Errno) in try dmabuf.ops.attach(dmabuf, attach) }
    dmabuf.attachments.append(attach)
    return attach
  }
}

/// `dma_buf_detach()`: `WARN_ON` for another buffer's attachment. Does not undo
/// mappings the importer forgot (rule 4): they and their pins leak, silently.
public func dma_buf_detach(_ dmabuf: dma_buf, _ attach: dma_buf_attachment) throws {
  let kernel = dmabuf.kernel
  try kernel.call("dma_buf_detach", in: "dma-buf") { () throws in
    guard attach.dmabuf === dmabuf else {
      try kernel.warn(at: "drivers/dma-buf/dma-buf.c", in: "dma_buf_detach", process: kernel.currentProcess)
      return
    }
    try kernel.mightLock(dmabuf.resv, in: "dma_buf_detach")
    if !attach.mappings.isEmpty {
      kernel.checkRule("unmap before detach", "\(attach) detached with \(attach.mappings.count) mapping(s) still held")
    }
    dmabuf.attachments.removeAll { $0 === attach }
    attach.detached = true
    kernel.call("detach", in: dmabuf.exp_name) { dmabuf.ops.detach(dmabuf, attach) }
  }
}

/// `dma_buf_pin()`: for dynamic importers only (`WARN_ON` otherwise); needs the lock.
public func dma_buf_pin(_ attach: dma_buf_attachment) throws {
  let kernel = attach.dmabuf.kernel
  try kernel.call("dma_buf_pin", in: "dma-buf") { () throws in
    if !attach.isDynamic { try kernel.warn(at: "drivers/dma-buf/dma-buf.c", in: "dma_buf_pin", process: kernel.currentProcess) }
    try kernel.assertHeld(attach.dmabuf.resv, by: "dma_buf_pin")
    try kernel.call("pin", in: attach.dmabuf.exp_name) { () throws(Errno) in try attach.dmabuf.ops.pin(attach) }
    attach.pinCount += 1
  }
}

/// `dma_buf_unpin()`.
public func dma_buf_unpin(_ attach: dma_buf_attachment) throws {
  let kernel = attach.dmabuf.kernel
  try kernel.call("dma_buf_unpin", in: "dma-buf") { () throws in
    if !attach.isDynamic { try kernel.warn(at: "drivers/dma-buf/dma-buf.c", in: "dma_buf_unpin", process: kernel.currentProcess) }
    try kernel.assertHeld(attach.dmabuf.resv, by: "dma_buf_unpin")
    kernel.call("unpin", in: attach.dmabuf.exp_name) { attach.dmabuf.ops.unpin(attach) }
    attach.pinCount -= 1
  }
}

/// `dma_buf_map_attachment()`: the exporter's `map_dma_buf`; for a static importer
/// the wait for KERNEL fences (moves, clears); then, under `CONFIG_DMABUF_DEBUG`,
/// the table is made unusable for page walks. Needs the lock.
///
/// Kernel: `drivers/dma-buf/dma-buf.c`, `dma_buf_map_attachment`,
/// `mangle_sg_table` (XOR of the page links, before v7.0) and the page-less
/// wrapper of 51db5336e16d (v7.0 on).
public func dma_buf_map_attachment(_ attach: dma_buf_attachment, _ dir: dma_data_direction) throws -> sg_table {
  let dmabuf = attach.dmabuf
  let kernel = dmabuf.kernel
  return try kernel.call("dma_buf_map_attachment", in: "dma-buf", result: { "sg_table(\($0.nents) entries)" }) {
    () throws -> sg_table in
    try kernel.assertHeld(dmabuf.resv, by: "dma_buf_map_attachment")
    // E2: an exporter with pin and a static importer (or no move_notify) pins on map.
    let pinOnMap = dmabuf.ops.isDynamic && (!attach.isDynamic || !kernel.has(.dmabufMoveNotify))
    if pinOnMap { try kernel.call("pin", in: dmabuf.exp_name) { () throws(Errno) in try dmabuf.ops.pin(attach) } }
    let table = try kernel.call("map_dma_buf", in: dmabuf.exp_name) { () throws in try dmabuf.ops.map_dma_buf(attach, dir) }
    if !attach.isDynamic {
      try dmabuf.resv.wait(upTo: .DMA_RESV_USAGE_KERNEL, process: kernel.currentProcess)
    }
    let handed = kernel.has(.dmabufDebug) ? kernel.debugMangle(table) : table
    handed.importedBy = attach
    if handed !== table { handed.exporterTable = table }
    attach.mappings.append(handed)
    return handed
  }
}

/// `dma_buf_unmap_attachment()`: the importer returns exactly the table it got.
public func dma_buf_unmap_attachment(_ attach: dma_buf_attachment, _ sgt: sg_table, _ dir: dma_data_direction) throws {
  let dmabuf = attach.dmabuf
  let kernel = dmabuf.kernel
  try kernel.call("dma_buf_unmap_attachment", in: "dma-buf") { () throws in
    try kernel.assertHeld(dmabuf.resv, by: "dma_buf_unmap_attachment")
    guard let index = attach.mappings.firstIndex(where: { $0 === sgt }) else {
      kernel.checkRule("return the table you were given", "dma_buf_unmap_attachment() of a table \(attach) never handed out")
      return
    }
    attach.mappings.remove(at: index)
    let original = sgt.exporterTable ?? sgt
    if kernel.has(.dmabufDebug) { kernel.debugUnmangle(sgt) }
    sgt.importedBy = nil
    kernel.call("unmap_dma_buf", in: dmabuf.exp_name) { dmabuf.ops.unmap_dma_buf(attach, original, dir) }
    if dmabuf.ops.isDynamic && (!attach.isDynamic || !kernel.has(.dmabufMoveNotify)) {
      kernel.call("unpin", in: dmabuf.exp_name) { dmabuf.ops.unpin(attach) }
    }
  }
}

/// `dma_buf_map_attachment_unlocked()`: takes the lock itself.
public func dma_buf_map_attachment_unlocked(_ attach: dma_buf_attachment, _ dir: dma_data_direction) throws -> sg_table {
  try dma_resv_lock(attach.dmabuf.resv)
  defer { attach.dmabuf.resv.unlock() }
  return try dma_buf_map_attachment(attach, dir)
}

/// `dma_buf_unmap_attachment_unlocked()`.
public func dma_buf_unmap_attachment_unlocked(_ attach: dma_buf_attachment, _ sgt: sg_table, _ dir: dma_data_direction) throws {
  try dma_resv_lock(attach.dmabuf.resv)
  defer { attach.dmabuf.resv.unlock() }
  try dma_buf_unmap_attachment(attach, sgt, dir)
}

/// `dma_buf_move_notify()`: the exporter tells dynamic importers the buffer moves.
/// Needs the lock.
func dma_buf_move_notify(_ dmabuf: dma_buf) throws {
  let kernel = dmabuf.kernel
  try kernel.call("dma_buf_move_notify", in: "dma-buf") { () throws in
    try kernel.assertHeld(dmabuf.resv, by: "dma_buf_move_notify")
    for attach in dmabuf.attachments {
      if let notify = attach.importer_ops?.move_notify { kernel.call("move_notify", in: "importer") { notify(attach) } }
    }
  }
}

extension Kernel {
  /// `CONFIG_DMABUF_DEBUG`: before v7.0, `mangle_sg_table` XORs every CPU entry's
  /// page link with `~0xff` in place (the exporter's own table is damaged until
  /// unmap); from v7.0, the importer gets a copy with `nents` entries, no pages and
  /// zero lengths, and the exporter's table stays intact. Neither prints anything.
  func debugMangle(_ table: sg_table) -> sg_table {
    if version < .v7_0 {
      for index in 0..<table.orig_nents { table.sgl[index].page_link ^= ~UInt64(0xff) }
      return table
    }
    let copy = sg_table(
      kernel: self,
      entries: table.sgl.prefix(table.nents).map {
        scatterlist(page_link: 0, offset: 0, length: 0, dma_address: $0.dma_address, dma_length: $0.dma_length)
      })
    return copy
  }

  func debugUnmangle(_ table: sg_table) {
    if version < .v7_0 {
      for index in 0..<table.orig_nents { table.sgl[index].page_link ^= ~UInt64(0xff) }
    }
  }
}

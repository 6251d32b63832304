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
  /// Before v6.15: the mapping cached at attach or first map (`attach->sgt`), and
  /// its direction (`attach->dir`).
  public internal(set) var sgt: sg_table?
  var dir: dma_data_direction = .DMA_BIDIRECTIONAL
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
/// the exporter's `attach` (which may refuse, or clear `peer2peer`); then, under
/// the reservation lock (a caller already holding it deadlocks), the attachment
/// joins the list. Before v6.15, when exactly one side is dynamic, the mapping is
/// made here and cached (pinning a dynamic exporter's buffer); when that map fails
/// the pin is dropped and the attachment detached again.
public func dma_buf_dynamic_attach(_ dmabuf: dma_buf, _ dev: Device, _ importer_ops: dma_buf_attach_ops?) throws
  -> dma_buf_attachment
{
  let kernel = dmabuf.kernel
  return try kernel.call("dma_buf_dynamic_attach", in: "dma-buf") { () throws -> dma_buf_attachment in
    if let ops = importer_ops, ops.move_notify == nil {
      try kernel.warn(at: "drivers/dma-buf/dma-buf.c", in: "dma_buf_dynamic_attach", process: kernel.currentProcess)
      throw Errno.EINVAL("dma_buf_dynamic_attach")
    }
    let attach = dma_buf_attachment(dmabuf: dmabuf, dev: dev, importer_ops: importer_ops)
    try dmabuf.op("attach") { () throws in try dmabuf.ops.attach(dmabuf, attach) }
    try dmabuf.resv.lock(process: kernel.currentProcess)
    dmabuf.attachments.append(attach)
    if kernel.cachesMappings && attach.isDynamic != dmabuf.ops.isDynamic {
      do {
        attach.sgt = try pinAndMap(attach, .DMA_BIDIRECTIONAL, pin: dmabuf.ops.isDynamic)
      } catch {
        // `err_unpin` (in pinAndMap), `err_unlock`, then `dma_buf_detach`.
        dmabuf.resv.unlock()
        try dma_buf_detach(dmabuf, attach)
        throw error
      }
      attach.dir = .DMA_BIDIRECTIONAL
    }
    dmabuf.resv.unlock()
    return attach
  }
}

/// `dma_buf_detach()`: `WARN_ON` for another buffer's attachment. Before v6.15 a
/// cached mapping is unmapped (and unpinned) here; mappings the importer forgot
/// are not (rule 4): they and their pins leak, silently.
public func dma_buf_detach(_ dmabuf: dma_buf, _ attach: dma_buf_attachment) throws {
  let kernel = dmabuf.kernel
  try kernel.call("dma_buf_detach", in: "dma-buf") { () throws in
    guard attach.dmabuf === dmabuf else {
      try kernel.warn(at: "drivers/dma-buf/dma-buf.c", in: "dma_buf_detach", process: kernel.currentProcess)
      return
    }
    try dmabuf.resv.lock(process: kernel.currentProcess)
    defer { dmabuf.resv.unlock() }
    if let cached = attach.sgt {
      __unmap_dma_buf(attach, cached, attach.dir)
      attach.sgt = nil
      if dmabuf.ops.isDynamic { unpinForMapping(attach) }
    }
    if !attach.mappings.isEmpty {
      kernel.checkRule("unmap before detach", "\(attach) detached with \(attach.mappings.count) mapping(s) still held")
    }
    dmabuf.attachments.removeAll { $0 === attach }
    attach.detached = true
    dmabuf.op("detach") { dmabuf.ops.detach(dmabuf, attach) }
  }
}

/// `dma_buf_pin()`: for dynamic importers only (`WARN_ON` otherwise); needs the lock.
public func dma_buf_pin(_ attach: dma_buf_attachment) throws {
  let kernel = attach.dmabuf.kernel
  try kernel.call("dma_buf_pin", in: "dma-buf") { () throws in
    if !attach.isDynamic {
      try kernel.warn(at: "drivers/dma-buf/dma-buf.c", in: "dma_buf_pin", process: kernel.currentProcess)
    }
    try kernel.assertHeld(attach.dmabuf.resv, by: "dma_buf_pin")
    try pinForMapping(attach)
  }
}

/// `dma_buf_unpin()`.
public func dma_buf_unpin(_ attach: dma_buf_attachment) throws {
  let kernel = attach.dmabuf.kernel
  try kernel.call("dma_buf_unpin", in: "dma-buf") { () throws in
    if !attach.isDynamic {
      try kernel.warn(at: "drivers/dma-buf/dma-buf.c", in: "dma_buf_unpin", process: kernel.currentProcess)
    }
    try kernel.assertHeld(attach.dmabuf.resv, by: "dma_buf_unpin")
    unpinForMapping(attach)
  }
}

/// The exporter's `pin`, counted on the attachment (eviction skips pinned buffers).
private func pinForMapping(_ attach: dma_buf_attachment) throws {
  try attach.dmabuf.op("pin") { () throws(Errno) in try attach.dmabuf.ops.pin(attach) }
  attach.pinCount += 1
}

private func unpinForMapping(_ attach: dma_buf_attachment) {
  attach.dmabuf.op("unpin") { attach.dmabuf.ops.unpin(attach) }
  attach.pinCount -= 1
}

/// Pins (when `pin`), then maps; a failed map unpins again (`err_unpin` in both
/// `dma_buf_dynamic_attach` before v6.15 and `dma_buf_map_attachment`).
private func pinAndMap(_ attach: dma_buf_attachment, _ dir: dma_data_direction, pin: Bool) throws -> sg_table {
  if pin { try pinForMapping(attach) }
  do {
    return try __map_dma_buf(attach, dir)
  } catch {
    if pin { unpinForMapping(attach) }
    throw error
  }
}

/// Whether a map pins: the exporter is dynamic and the importer cannot follow
/// moves (static, or `CONFIG_DMABUF_MOVE_NOTIFY` off) — `dma_buf_pin_on_map`.
private func pinsOnMap(_ attach: dma_buf_attachment) -> Bool {
  attach.dmabuf.ops.isDynamic && (!attach.isDynamic || !attach.dmabuf.kernel.has(.dmabufMoveNotify))
}

/// `__map_dma_buf`: the exporter's `map_dma_buf`; for a static importer the wait
/// for KERNEL fences (moves, clears); then `CONFIG_DMABUF_DEBUG`'s damage.
private func __map_dma_buf(_ attach: dma_buf_attachment, _ dir: dma_data_direction) throws -> sg_table {
  let dmabuf = attach.dmabuf
  let kernel = dmabuf.kernel
  let table = try dmabuf.op("map_dma_buf") { () throws in try dmabuf.ops.map_dma_buf(attach, dir) }
  if !attach.isDynamic {
    do {
      try dmabuf.resv.wait(upTo: .DMA_RESV_USAGE_KERNEL, process: kernel.currentProcess)
    } catch {
      dmabuf.op("unmap_dma_buf") { dmabuf.ops.unmap_dma_buf(attach, table, dir) }
      throw error
    }
  }
  let handed = kernel.has(.dmabufDebug) ? kernel.debugMangle(table) : table
  handed.importedBy = attach
  if handed !== table { handed.exporterTable = table }
  return handed
}

/// `__unmap_dma_buf`: undoes the debug damage, then the exporter's `unmap_dma_buf`
/// with the exporter's own table.
private func __unmap_dma_buf(_ attach: dma_buf_attachment, _ sgt: sg_table, _ dir: dma_data_direction) {
  let kernel = attach.dmabuf.kernel
  let original = sgt.exporterTable ?? sgt
  if kernel.has(.dmabufDebug) { kernel.debugUnmangle(sgt) }
  sgt.importedBy = nil
  attach.dmabuf.op("unmap_dma_buf") { attach.dmabuf.ops.unmap_dma_buf(attach, original, dir) }
}

/// `dma_buf_map_attachment()`: needs the lock. Before v6.15 a cached mapping is
/// returned as is (`-EBUSY` for another direction, unless it is bidirectional).
/// Otherwise: pin when the importer cannot follow moves, `__map_dma_buf`, and on
/// error unpin again.
///
/// Kernel: `drivers/dma-buf/dma-buf.c`, `dma_buf_map_attachment`,
/// `mangle_sg_table` (XOR of the page links, before v7.0) and the page-less
/// wrapper of 51db5336e16d (v7.0 on).
public func dma_buf_map_attachment(_ attach: dma_buf_attachment, _ dir: dma_data_direction) throws -> sg_table {
  try dma_buf_map_attachment(attach, dir, lockRule: true)
}

/// `dma_buf_map_attachment`, with `lockRule` false for the core's own v6.1 call
/// (before the convention, a static exporter's mapping needed no lock).
func dma_buf_map_attachment(_ attach: dma_buf_attachment, _ dir: dma_data_direction, lockRule: Bool) throws
  -> sg_table
{
  let dmabuf = attach.dmabuf
  let kernel = dmabuf.kernel
  return try kernel.call("dma_buf_map_attachment", in: "dma-buf", result: { "sg_table(\($0.nents) entries)" }) {
    () throws -> sg_table in
    if lockRule { try kernel.assertHeld(dmabuf.resv, by: "dma_buf_map_attachment") }
    if let cached = attach.sgt {
      guard attach.dir == dir || attach.dir == .DMA_BIDIRECTIONAL else { throw Errno.EBUSY("dma_buf_map_attachment") }
      return cached
    }
    let table = try pinAndMap(attach, dir, pin: pinsOnMap(attach))
    if kernel.cachesMappings && dmabuf.ops.cache_sgt_mapping {
      attach.sgt = table
      attach.dir = dir
    } else {
      attach.mappings.append(table)
    }
    return table
  }
}

/// `dma_buf_unmap_attachment()`: a cached mapping stays (it goes at detach); any
/// other table goes to the exporter. The importer must return exactly the table it
/// got; the kernel does not check, the strict checker does.
public func dma_buf_unmap_attachment(_ attach: dma_buf_attachment, _ sgt: sg_table, _ dir: dma_data_direction) throws {
  try dma_buf_unmap_attachment(attach, sgt, dir, lockRule: true)
}

/// `dma_buf_unmap_attachment`, with `lockRule` as `dma_buf_map_attachment`'s.
func dma_buf_unmap_attachment(
  _ attach: dma_buf_attachment, _ sgt: sg_table, _ dir: dma_data_direction, lockRule: Bool
) throws {
  let dmabuf = attach.dmabuf
  let kernel = dmabuf.kernel
  try kernel.call("dma_buf_unmap_attachment", in: "dma-buf") { () throws in
    if lockRule { try kernel.assertHeld(dmabuf.resv, by: "dma_buf_unmap_attachment") }
    if attach.sgt === sgt { return }
    if let index = attach.mappings.firstIndex(where: { $0 === sgt }) {
      attach.mappings.remove(at: index)
    } else {
      kernel.checkRule(
        "return the table you were given", "dma_buf_unmap_attachment() of a table \(attach) never handed out")
    }
    __unmap_dma_buf(attach, sgt, dir)
    if pinsOnMap(attach) { unpinForMapping(attach) }
  }
}

/// `dma_buf_map_attachment_unlocked()`: takes the lock itself.
public func dma_buf_map_attachment_unlocked(_ attach: dma_buf_attachment, _ dir: dma_data_direction) throws -> sg_table
{
  try dma_resv_lock(attach.dmabuf.resv)
  defer { attach.dmabuf.resv.unlock() }
  return try dma_buf_map_attachment(attach, dir)
}

/// `dma_buf_unmap_attachment_unlocked()`.
public func dma_buf_unmap_attachment_unlocked(_ attach: dma_buf_attachment, _ sgt: sg_table, _ dir: dma_data_direction)
  throws
{
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
  /// Until `KernelChange.dmaBufNoMapOnAttach`, attachments cache a mapping.
  var cachesMappings: Bool { !version.has(.dmaBufNoMapOnAttach) }

  /// `CONFIG_DMABUF_DEBUG` (`KernelChange.dmaBufDebugOption`): `mangle_sg_table`
  /// XORs every CPU entry's page link with `~0xff` in place (the exporter's own
  /// table is damaged until unmap); from `KernelChange.dmaBufPagelessDebugCopy` the
  /// importer gets a copy with `nents` entries, no pages and zero lengths, and the
  /// exporter's table stays intact. Neither prints anything.
  func debugMangle(_ table: sg_table) -> sg_table {
    if !version.has(.dmaBufPagelessDebugCopy) {
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
    if !version.has(.dmaBufPagelessDebugCopy) {
      for index in 0..<table.orig_nents { table.sgl[index].page_link ^= ~UInt64(0xff) }
    }
  }
}

/// `struct iosys_map`: a kernel mapping that is either system memory (readable with
/// plain loads) or I/O memory (only through `iosys_map_*` accessors).
public struct iosys_map: Hashable, Sendable, CustomStringConvertible {
  /// The kernel virtual address of the first byte.
  public let vaddr: UInt64
  public let is_iomem: Bool
  /// Frames behind it, in order, so reads reach the right memory.
  let frames: [UInt64]

  public var description: String { "iosys_map(\(is_iomem ? "vaddr_iomem" : "vaddr")=\(hex(vaddr)))" }
}

/// The fd numbers and mapping addresses a process hands out, as both backends
/// print them. They are process-local artefacts (what else the process has open,
/// where `get_unmapped_area` finds room), so the model and the real-kernel backend
/// share one rule and an honest scenario prints the same on both.
public struct ProcessNumbering: Sendable {
  /// Where the next mapping goes: upwards from 0x7f0000000000, a guard page apart.
  private var nextMapping: UInt64 = 0x7f00_0000_0000

  public init() {}

  /// The lowest free fd from 3, as `get_unused_fd_flags` (`fs/file.c`) picks it in
  /// a process that has only its standard streams open.
  public func lowestFreeFD(excluding isTaken: (Int32) -> Bool) -> Int32 {
    var fd: Int32 = 3
    while isTaken(fd) { fd += 1 }
    return fd
  }

  /// The address of a new mapping of `pages` pages: a convention both backends
  /// print, not the kernel's placement (x86-64 maps top-down from a randomised
  /// `mmap_base`, `arch_get_unmapped_area_topdown`, with no gap), so that an address
  /// a scenario prints is the same from run to run.
  public mutating func placeMapping(pages: Int) -> UInt64 {
    defer { nextMapping += UInt64((pages + 1) * 4096) }
    return nextMapping
  }

  /// Gives back the range of a mapping that failed: `mmap_region` frees the vma,
  /// and the next `get_unmapped_area` finds the same gap.
  public mutating func releaseMapping(at start: UInt64) { nextMapping = min(nextMapping, start) }
}

import Glibc

/// A userspace mapping (what `mmap` returns): loads and stores go to the real
/// memory, and a fault is the real kernel's to handle. Its `address` is the one the
/// model would have given (see `Process`).
public final class UserMapping: ByteMapping, CustomStringConvertible {
  let pointer: UnsafeMutableRawPointer
  public let length: Int
  public let address: UInt64
  public internal(set) var unmapped = false

  init(pointer: UnsafeMutableRawPointer, length: Int, address: UInt64) {
    self.pointer = pointer
    self.length = length
    self.address = address
  }

  public var description: String { "mapping at 0x\(String(address, radix: 16)) (\(length) bytes)" }

  /// Reads `count` bytes at `offset`.
  public func read(_ count: Int, at offset: Int = 0) throws -> [UInt8] {
    reach(offset, count)
    return (0..<count).map { pointer.load(fromByteOffset: offset + $0, as: UInt8.self) }
  }

  /// Writes `bytes` at `offset`.
  public func write(_ bytes: [UInt8], at offset: Int = 0) throws {
    reach(offset, bytes.count)
    for (index, byte) in bytes.enumerated() {
      pointer.storeBytes(of: byte, toByteOffset: offset + index, as: UInt8.self)
    }
  }

  /// An access outside the mapping, or after `munmap`, would reach whatever the
  /// kernel placed there since (mappings sit next to each other): the page stops
  /// here rather than read or write memory that is not the scenario's. (The model
  /// answers such an access with the SIGSEGV the kernel would deliver at an
  /// address nothing maps; this backend does not touch it.)
  private func reach(_ offset: Int, _ count: Int) {
    guard !unmapped, offset >= 0, offset + count <= length else {
      fatalError(
        "an access to \(count) byte(s) at offset \(offset) of \(self)\(unmapped ? ", unmapped" : ""): not made")
    }
  }
}

extension Process {
  /// `mmap(NULL, length, prot, flags, fd, offset)`.
  public func mmap(_ length: Int, _ prot: MmapProt, _ fd: Int32, _ offset: UInt64, _ flags: MapFlags = .MAP_SHARED)
    throws -> UserMapping
  {
    let real = realFD(fd)
    let mapped = try syscall("mmap(fd \(fd))") { () -> (result: UnsafeMutableRawPointer?, failed: Bool) in
      let mapped = Glibc.mmap(nil, length, prot.rawValue, flags.rawValue, real, off_t(Int64(bitPattern: offset)))
      return (mapped, mapped == MAP_FAILED)
    }
    // A mapping is never at address 0 (mmap_min_addr), so nil here is impossible.
    guard let pointer = mapped else { throw Errno.EFAULT("mmap").seen(by: "mmap(fd \(fd))") }
    return UserMapping(pointer: pointer, length: length, address: mappingAddress(pages: (length + 4095) / 4096))
  }

  /// `munmap()`. Again on the same mapping: nothing is mapped there any more, which is
  /// not an error; the call is not repeated, lest it unmap what the kernel placed there since.
  public func munmap(_ mapping: UserMapping) throws {
    guard !mapping.unmapped else { return }
    try syscall("munmap") { (result: (), failed: Glibc.munmap(mapping.pointer, mapping.length) != 0) }
    mapping.unmapped = true
  }
}

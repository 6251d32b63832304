// The flags and structures of the userspace API (include/uapi/drm/drm.h,
// drm_mode.h, vgem_drm.h, linux/dma-buf.h, asm-generic/mman-common.h, poll.h), shared by
// the model and the real-kernel backend so that both speak the same names.

/// `DRM_CLOEXEC` and `DRM_RDWR`, the flags of `DRM_IOCTL_PRIME_HANDLE_TO_FD`.
public struct PrimeFlags: OptionSet, Sendable {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }
  public static let DRM_CLOEXEC = PrimeFlags(rawValue: 0o2000000)
  public static let DRM_RDWR = PrimeFlags(rawValue: 0o2)
}

/// A dumb buffer as `kmstest_dumb_create` returns it.
public struct DumbBuffer: Hashable, Sendable, CustomStringConvertible {
  public let handle: UInt32
  public let stride: Int
  public let size: Int
  public var description: String { "handle \(handle), stride \(stride), size \(size)" }

  public init(handle: UInt32, stride: Int, size: Int) {
    self.handle = handle
    self.stride = stride
    self.size = size
  }
}

/// The flags of `DMA_BUF_IOCTL_SYNC` and of the sync_file ioctls. Built from a raw
/// value, so a scenario can pass invalid bits and see the kernel refuse them.
public struct DmaBufSyncFlags: OptionSet, Sendable {
  public let rawValue: UInt64
  public init(rawValue: UInt64) { self.rawValue = rawValue }
  public static let DMA_BUF_SYNC_READ = DmaBufSyncFlags(rawValue: 1)
  public static let DMA_BUF_SYNC_WRITE = DmaBufSyncFlags(rawValue: 2)
  public static let DMA_BUF_SYNC_RW: DmaBufSyncFlags = [.DMA_BUF_SYNC_READ, .DMA_BUF_SYNC_WRITE]
  public static let DMA_BUF_SYNC_START = DmaBufSyncFlags([])
  public static let DMA_BUF_SYNC_END = DmaBufSyncFlags(rawValue: 4)
}

/// `EPOLLIN` / `EPOLLOUT` as `poll` reports them for a dma-buf.
public struct PollEvents: OptionSet, Sendable, CustomStringConvertible {
  public let rawValue: Int16
  public init(rawValue: Int16) { self.rawValue = rawValue }
  public static let EPOLLIN = PollEvents(rawValue: 0x1)
  public static let EPOLLOUT = PollEvents(rawValue: 0x4)
  public var description: String {
    let names = [(Self.EPOLLIN, "EPOLLIN"), (Self.EPOLLOUT, "EPOLLOUT")].filter { contains($0.0) }.map(\.1)
    return names.isEmpty ? "0" : names.joined(separator: "|")
  }
}

/// `PROT_READ` and `PROT_WRITE`.
public struct MmapProt: OptionSet, Sendable {
  public let rawValue: Int32
  public init(rawValue: Int32) { self.rawValue = rawValue }
  public static let PROT_READ = MmapProt(rawValue: 1)
  public static let PROT_WRITE = MmapProt(rawValue: 2)
}

/// `VGEM_FENCE_WRITE`, the only flag of `DRM_IOCTL_VGEM_FENCE_ATTACH`.
public let VGEM_FENCE_WRITE: UInt32 = 0x1

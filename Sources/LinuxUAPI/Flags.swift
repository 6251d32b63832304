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

/// The `fcntl` commands the API offers.
public enum FcntlCommand: Int32, Sendable {
  /// The fd's own flags: `FD_CLOEXEC`.
  case F_GETFD = 1
  /// The open file's status flags: the access mode (`O_ACCMODE`) and the rest.
  case F_GETFL = 3
}

/// Flags of an open file as `fcntl(F_GETFL)` reports them (asm-generic/fcntl.h).
public struct OpenFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
  public let rawValue: Int32
  public init(rawValue: Int32) { self.rawValue = rawValue }
  public static let O_WRONLY = OpenFlags(rawValue: 0o1)
  public static let O_RDWR = OpenFlags(rawValue: 0o2)
  public static let O_NONBLOCK = OpenFlags(rawValue: 0o4000)
  public static let O_LARGEFILE = OpenFlags(rawValue: 0o100000)
  public static let O_CLOEXEC = OpenFlags(rawValue: 0o2000000)

  /// `O_RDONLY`, `O_WRONLY` or `O_RDWR`.
  public var accessMode: String {
    switch rawValue & 0o3 {
    case 0: "O_RDONLY"
    case 1: "O_WRONLY"
    default: "O_RDWR"
    }
  }

  /// The access mode, then the other flags set, in octal as `/proc/PID/fdinfo` prints them.
  public var description: String {
    let rest = rawValue & ~0o3
    return accessMode + (rest == 0 ? "" : " | 0\(String(rest, radix: 8))")
  }
}

/// `FD_CLOEXEC`, the one flag `F_GETFD` reports.
public let FD_CLOEXEC: Int32 = 1

/// Where `lseek` counts from.
public enum Whence: Int32, Sendable {
  case SEEK_SET = 0
  case SEEK_CUR = 1
  case SEEK_END = 2
}

/// What `SYNC_IOC_FILE_INFO` says of a sync file: 1 when every fence signalled,
/// 0 while one is pending; and how many fences it holds.
public struct SyncFileInfo: Hashable, Sendable, CustomStringConvertible {
  public let status: Int32
  public let num_fences: UInt32

  public init(status: Int32, num_fences: UInt32) {
    self.status = status
    self.num_fences = num_fences
  }

  public var description: String { "status \(status), \(num_fences) fence(s)" }
}

/// The dma-buf lines of `/proc/PID/fdinfo/FD` (`dma_buf_show_fdinfo`), without the
/// ones any file has that differ from run to run (`pos`, `mnt_id`, `ino`).
public struct DmaBufFdinfo: Hashable, Sendable, CustomStringConvertible {
  public let flags: OpenFlags
  public let size: Int
  /// References to the file: fds, mappings, and the exporter's own.
  public let count: Int
  public let exp_name: String
  /// Set with `DMA_BUF_SET_NAME`.
  public let name: String?

  public init(flags: OpenFlags, size: Int, count: Int, exp_name: String, name: String?) {
    self.flags = flags
    self.size = size
    self.count = count
    self.exp_name = exp_name
    self.name = name
  }

  public var description: String {
    "flags: 0\(String(flags.rawValue, radix: 8)); size: \(size); count: \(count); exp_name: \(exp_name)"
      + (name.map { "; name: \($0)" } ?? "")
  }
}

/// How `mmap` shares a mapping (`MAP_SHARED`, the API's default, or `MAP_PRIVATE`).
public enum MapFlags: Int32, Sendable {
  case MAP_SHARED = 0x01
  case MAP_PRIVATE = 0x02
}

import Glibc

/// The dma-buf ioctls (include/uapi/linux/dma-buf.h, x86-64).
enum DmaBufIoctl {
  static let SYNC: UInt = 0x4008_6200
  static let EXPORT_SYNC_FILE: UInt = 0xc008_6202
  static let IMPORT_SYNC_FILE: UInt = 0x4008_6203

  struct SyncFile {
    var flags: UInt32
    var fd: Int32
  }
}

extension Process {
  /// `DMA_BUF_IOCTL_SYNC`.
  public func dma_buf_sync(_ fd: Int32, _ flags: DmaBufSyncFlags) throws {
    var argument = flags.rawValue
    try ioctl("DMA_BUF_IOCTL_SYNC", fd, DmaBufIoctl.SYNC, &argument)
  }

  /// `DMA_BUF_IOCTL_EXPORT_SYNC_FILE`: a sync_file fd.
  public func dma_buf_export_sync_file(_ fd: Int32, _ flags: DmaBufSyncFlags) throws -> Int32 {
    var argument = DmaBufIoctl.SyncFile(flags: UInt32(truncatingIfNeeded: flags.rawValue), fd: -1)
    try ioctl("DMA_BUF_IOCTL_EXPORT_SYNC_FILE", fd, DmaBufIoctl.EXPORT_SYNC_FILE, &argument)
    return install(argument.fd)
  }

  /// `DMA_BUF_IOCTL_IMPORT_SYNC_FILE`.
  public func dma_buf_import_sync_file(_ fd: Int32, _ flags: DmaBufSyncFlags, _ syncFD: Int32) throws {
    var argument = DmaBufIoctl.SyncFile(flags: UInt32(truncatingIfNeeded: flags.rawValue), fd: realFD(syncFD))
    try ioctl("DMA_BUF_IOCTL_IMPORT_SYNC_FILE", fd, DmaBufIoctl.IMPORT_SYNC_FILE, &argument)
  }
}

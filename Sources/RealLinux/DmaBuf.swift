import Glibc

/// The dma-buf ioctls (include/uapi/linux/dma-buf.h, x86-64).
enum DmaBufIoctl {
  static let SYNC: UInt = 0x4008_6200
  static let EXPORT_SYNC_FILE: UInt = 0xc008_6202
  static let IMPORT_SYNC_FILE: UInt = 0x4008_6203
  static let SET_NAME_B: UInt = 0x4008_6201
  static let SYNC_FILE_INFO: UInt = 0xc038_3e04

  struct SyncFile {
    var flags: UInt32
    var fd: Int32
  }

  /// `struct sync_file_info` (include/uapi/linux/sync_file.h): 56 bytes.
  struct SyncFileInfoArgument {
    var name: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var status: Int32 = 0
    var flags: UInt32 = 0
    var num_fences: UInt32 = 0
    var pad: UInt32 = 0
    var sync_fence_info: UInt64 = 0
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

extension Process {
  /// `SYNC_IOC_FILE_INFO` on a sync file.
  public func sync_file_info(_ fd: Int32) throws -> SyncFileInfo {
    var info = DmaBufIoctl.SyncFileInfoArgument()
    try ioctl("SYNC_IOC_FILE_INFO", fd, DmaBufIoctl.SYNC_FILE_INFO, &info)
    return SyncFileInfo(status: info.status, num_fences: info.num_fences)
  }

  /// `DMA_BUF_SET_NAME_B`: names the buffer (shown in its fdinfo).
  public func dma_buf_set_name(_ fd: Int32, _ name: String) throws {
    // The argument is the string itself (`dma_buf_set_name(dmabuf, (const char __user *)arg)`).
    let real = realFD(fd)
    try syscall("DMA_BUF_IOCTL_SET_NAME") { () -> (result: Void, failed: Bool) in
      let status = name.withCString { Glibc.ioctl(real, DmaBufIoctl.SET_NAME_B, UnsafeMutableRawPointer(mutating: $0)) }
      return ((), status < 0)
    }
  }

  /// The dma-buf's lines of `/proc/self/fdinfo/FD`.
  public func dma_buf_fdinfo(_ fd: Int32) throws -> DmaBufFdinfo {
    let path = "/proc/self/fdinfo/\(realFD(fd))"
    guard let file = fopen(path, "r") else { throw Errno.EBADF("seq_show").seen(by: "fdinfo(\(fd))") }
    defer { fclose(file) }
    var fields: [String: String] = [:]
    var line: UnsafeMutablePointer<CChar>?
    var capacity = 0
    while getline(&line, &capacity, file) > 0, let line {
      let text = String(cString: line)
      guard let colon = text.firstIndex(of: ":") else { continue }
      fields[String(text[..<colon])] = text[text.index(after: colon)...].trimmingWhitespace()
    }
    free(line)
    return DmaBufFdinfo(
      flags: OpenFlags(rawValue: Int32(fields["flags"] ?? "", radix: 8) ?? 0), size: Int(fields["size"] ?? "") ?? 0,
      count: Int(fields["count"] ?? "") ?? 0, exp_name: fields["exp_name"] ?? "", name: fields["name"])
  }
}

extension Substring {
  func trimmingWhitespace() -> String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed())
  }
}

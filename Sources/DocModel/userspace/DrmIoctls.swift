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
}

extension Process {
  /// `drm_open_driver()`: opens the device node.
  public func drm_open_driver(_ device: DrmDevice) throws -> Int32 {
    try syscall("open(/dev/dri/\(device.name))", result: { "fd \($0)" }) { install(.drm(DrmFile(dev: device))) }
  }

  /// `kmstest_dumb_create()`: `DRM_IOCTL_MODE_CREATE_DUMB`.
  public func kmstest_dumb_create(_ fd: Int32, _ width: Int, _ height: Int, _ bpp: Int) throws -> DumbBuffer {
    try syscall("DRM_IOCTL_MODE_CREATE_DUMB", result: { "handle \($0.handle)" }) {
      let file = try drmFile(fd)
      let (obj, pitch) = try kernel.call("dumb_create", in: file.dev.name) { () throws in
        try file.dev.driver.dumb_create(file.dev, width: width, height: height, bpp: bpp)
      }
      return DumbBuffer(handle: file.createHandle(obj), stride: pitch, size: obj.size)
    }
  }

  /// `DRM_IOCTL_MODE_MAP_DUMB`: the fake offset to pass to `mmap`.
  public func drm_mode_map_dumb(_ fd: Int32, _ handle: UInt32) throws -> UInt64 {
    try syscall("DRM_IOCTL_MODE_MAP_DUMB", result: { "offset 0x\(String($0, radix: 16))" }) {
      let file = try drmFile(fd)
      guard let obj = file.handles[handle] else { throw Errno.ENOENT("drm_mode_mmap_dumb_ioctl") }
      return try kernel.call("dumb_map_offset", in: file.dev.name) { () throws in try file.dev.driver.dumb_map_offset(file.dev, obj) }
    }
  }

  /// `kmstest_dumb_map_buffer()`: `MODE_MAP_DUMB`, then `mmap` of the DRM fd.
  public func kmstest_dumb_map_buffer(_ fd: Int32, _ handle: UInt32, _ size: Int, _ prot: MmapProt) throws -> UserMapping {
    let offset = try drm_mode_map_dumb(fd, handle)
    return try mmap(size, prot, fd, offset)
  }

  /// `gem_close()`: `DRM_IOCTL_GEM_CLOSE`. The last handle of an exported object
  /// drops the export's reference (`obj->dma_buf` is cleared); the last reference
  /// of an import tears it down (`drm_prime_gem_destroy`).
  public func gem_close(_ fd: Int32, _ handle: UInt32) throws {
    try syscall("DRM_IOCTL_GEM_CLOSE") {
      let file = try drmFile(fd)
      guard file.handles[handle] != nil else { throw Errno.EINVAL("drm_gem_handle_delete") }
      try closeHandle(file, handle)
    }
  }

  /// `kmstest_dumb_destroy()`: `DRM_IOCTL_MODE_DESTROY_DUMB`, a GEM close.
  public func kmstest_dumb_destroy(_ fd: Int32, _ handle: UInt32) throws { try gem_close(fd, handle) }

  func closeHandle(_ file: DrmFile, _ handle: UInt32) throws {
    guard let obj = file.handles.removeValue(forKey: handle) else { return }
    file.primeHandles = file.primeHandles.filter { $0.value.handle != handle }
    obj.handle_count -= 1
    // The last handle drops the reference `obj->dma_buf` holds (export or import).
    if obj.handle_count == 0, let buffer = obj.dma_buf {
      obj.dma_buf = nil
      try buffer.release()
    }
    try drm_gem_object_put(obj)
  }

  /// `prime_handle_to_fd()`: `PRIME_HANDLE_TO_FD` with `DRM_CLOEXEC`.
  public func prime_handle_to_fd(_ fd: Int32, _ handle: UInt32) throws -> Int32 {
    try prime_handle_to_fd(fd, handle, flags: .DRM_CLOEXEC)
  }

  /// `prime_handle_to_fd_for_mmap()`: with `DRM_CLOEXEC | DRM_RDWR`, so the file
  /// can be mapped writable.
  public func prime_handle_to_fd_for_mmap(_ fd: Int32, _ handle: UInt32) throws -> Int32 {
    try prime_handle_to_fd(fd, handle, flags: [.DRM_CLOEXEC, .DRM_RDWR])
  }

  /// `DRM_IOCTL_PRIME_HANDLE_TO_FD`: flags other than `DRM_CLOEXEC | DRM_RDWR` →
  /// `-EINVAL`; unknown handle → `-ENOENT`. An object is exported once: the first
  /// export's `DRM_RDWR` fixes the file's access mode for every later fd. An imported
  /// object re-exports the original buffer.
  ///
  /// Kernel: `drivers/gpu/drm/drm_prime.c`, `drm_prime_handle_to_fd_ioctl`,
  /// `drm_gem_prime_handle_to_fd`.
  public func prime_handle_to_fd(_ fd: Int32, _ handle: UInt32, flags: PrimeFlags) throws -> Int32 {
    try syscall("DRM_IOCTL_PRIME_HANDLE_TO_FD", result: { "fd \($0)" }) {
      guard flags.rawValue & ~PrimeFlags([.DRM_CLOEXEC, .DRM_RDWR]).rawValue == 0 else {
        throw Errno.EINVAL("drm_prime_handle_to_fd_ioctl")
      }
      let file = try drmFile(fd)
      guard let obj = file.handles[handle] else { throw Errno.ENOENT("drm_gem_prime_handle_to_fd") }
      let buffer: dma_buf
      if let attach = obj.import_attach {
        buffer = attach.dmabuf
      } else if let existing = obj.dma_buf {
        buffer = existing
      } else {
        buffer = kernel.call("drm_gem_prime_export", in: file.dev.name) {
          dma_buf_export(
            kernel: kernel, ops: file.dev.driver.exportOps(for: obj), priv: obj, size: obj.size, resv: obj.resv,
            writable: flags.contains(.DRM_RDWR))
        }
        obj.refcount += 1
        obj.dma_buf = buffer
        buffer.retain()  // the reference obj->dma_buf holds, dropped with the last handle
        file.primeHandles[ObjectIdentifier(buffer)] = (buffer, handle)
        return install(.dmabuf(buffer))
      }
      buffer.retain()
      file.primeHandles[ObjectIdentifier(buffer)] = (buffer, handle)
      return install(.dmabuf(buffer))
    }
  }

  /// `prime_fd_to_handle()`: `DRM_IOCTL_PRIME_FD_TO_HANDLE`. `drm_prime_fd_to_handle_ioctl`
  /// calls the driver's own `prime_fd_to_handle` where it has one (vmwgfx), else the
  /// core's `drm_gem_prime_fd_to_handle`.
  ///
  /// Kernel: `drivers/gpu/drm/drm_prime.c`, `drm_prime_fd_to_handle_ioctl`.
  public func prime_fd_to_handle(_ fd: Int32, _ dmabufFD: Int32) throws -> UInt32 {
    try syscall("DRM_IOCTL_PRIME_FD_TO_HANDLE", result: { "handle \($0)" }) {
      let file = try drmFile(fd)
      return try file.dev.driver.prime_fd_to_handle(file, dmabufFD, in: self)
    }
  }

  /// `close()`. Closing a DRM fd closes all its handles; closing a dma-buf fd drops
  /// one reference to the buffer.
  public func close(_ fd: Int32) throws {
    try syscall("close(\(fd))") {
      switch files.removeValue(forKey: fd) {
      case .drm(let file)?:
        file.vgemFences.signalAll()
        for handle in file.handles.keys.sorted() { try closeHandle(file, handle) }
      case .dmabuf(let buffer)?:
        try buffer.release()
      case .syncFile?:
        break
      case nil:
        throw Errno.EBADF("close")
      }
    }
  }
}

/// `drm_gem_object_put()`: the last reference frees the object through the
/// driver's `free` (an import is torn down with `drm_prime_gem_destroy`).
func drm_gem_object_put(_ obj: drm_gem_object) throws {
  obj.refcount -= 1
  guard obj.refcount == 0 else { return }
  try obj.dev.kernel.call("drm_gem_object_free", in: obj.dev.name) { () throws in try obj.dev.driver.free_object(obj) }
}

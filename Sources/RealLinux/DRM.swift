import Glibc

/// The DRM, dumb-buffer, PRIME and vgem ioctls: request numbers and argument
/// layouts from include/uapi/drm/drm.h, drm_mode.h and vgem_drm.h (x86-64).
enum DRM {
  static let VERSION: UInt = 0xc040_6400
  static let GEM_CLOSE: UInt = 0x4008_6409
  static let PRIME_HANDLE_TO_FD: UInt = 0xc00c_642d
  static let PRIME_FD_TO_HANDLE: UInt = 0xc00c_642e
  static let MODE_CREATE_DUMB: UInt = 0xc020_64b2
  static let MODE_MAP_DUMB: UInt = 0xc010_64b3
  static let VGEM_FENCE_ATTACH: UInt = 0xc010_6441
  static let VGEM_FENCE_SIGNAL: UInt = 0x4008_6442

  /// `struct drm_version`: three ints, then three (length, pointer) pairs.
  struct Version {
    var major: Int32 = 0
    var minor: Int32 = 0
    var patchlevel: Int32 = 0
    var nameLength = 0
    var name: UnsafeMutablePointer<CChar>? = nil
    var dateLength = 0
    var date: UnsafeMutablePointer<CChar>? = nil
    var descriptionLength = 0
    var description: UnsafeMutablePointer<CChar>? = nil
  }

  /// The driver's name `DRM_IOCTL_VERSION` reports for an open device node.
  static func driverName(_ fd: Int32) -> String? {
    var buffer = [CChar](repeating: 0, count: 64)
    return buffer.withUnsafeMutableBufferPointer { name -> String? in
      guard let start = name.baseAddress else { return nil }
      var version = Version(nameLength: name.count - 1, name: start)
      let status = withUnsafeMutableBytes(of: &version) { bytes in
        bytes.baseAddress.map { Glibc.ioctl(fd, VERSION, $0) } ?? -1
      }
      return status == 0 ? String(cString: start) : nil
    }
  }

  struct CreateDumb {
    var height: UInt32
    var width: UInt32
    var bpp: UInt32
    var flags: UInt32 = 0
    var handle: UInt32 = 0
    var pitch: UInt32 = 0
    var size: UInt64 = 0
  }

  struct MapDumb {
    var handle: UInt32
    var pad: UInt32 = 0
    var offset: UInt64 = 0
  }

  struct GemClose {
    var handle: UInt32
    var pad: UInt32 = 0
  }

  struct PrimeHandle {
    var handle: UInt32
    var flags: UInt32
    var fd: Int32
  }

  struct VgemFenceAttach {
    var handle: UInt32
    var flags: UInt32
    var outFence: UInt32 = 0
    var pad: UInt32
  }

  struct VgemFenceSignal {
    var fence: UInt32
    var flags: UInt32
  }
}

extension Process {
  /// `drm_open_driver()`: opens the device node.
  public func drm_open_driver(_ device: DrmDevice) throws -> Int32 {
    try openNode(device.path, as: "open(/dev/dri/\(device.name))")
  }

  /// Opens a device node as IGT's `drm_open_driver` does: `O_RDWR`, no `O_CLOEXEC`.
  private func openNode(_ path: String, as call: String) throws -> Int32 {
    let real = try syscall(call) { () -> (result: Int32, failed: Bool) in
      let fd = open(path, O_RDWR)
      return (fd, fd < 0)
    }
    return install(real)
  }

  /// `kmstest_dumb_create()`: `DRM_IOCTL_MODE_CREATE_DUMB`.
  public func kmstest_dumb_create(_ fd: Int32, _ width: Int, _ height: Int, _ bpp: Int) throws -> DumbBuffer {
    var argument = DRM.CreateDumb(height: UInt32(height), width: UInt32(width), bpp: UInt32(bpp))
    try ioctl("DRM_IOCTL_MODE_CREATE_DUMB", fd, DRM.MODE_CREATE_DUMB, &argument)
    return DumbBuffer(handle: argument.handle, stride: Int(argument.pitch), size: Int(argument.size))
  }

  /// `DRM_IOCTL_MODE_MAP_DUMB`: the fake offset to pass to `mmap`.
  public func drm_mode_map_dumb(_ fd: Int32, _ handle: UInt32) throws -> UInt64 {
    var argument = DRM.MapDumb(handle: handle)
    try ioctl("DRM_IOCTL_MODE_MAP_DUMB", fd, DRM.MODE_MAP_DUMB, &argument)
    return argument.offset
  }

  /// `gem_close()`: `DRM_IOCTL_GEM_CLOSE`.
  public func gem_close(_ fd: Int32, _ handle: UInt32) throws {
    var argument = DRM.GemClose(handle: handle)
    try ioctl("DRM_IOCTL_GEM_CLOSE", fd, DRM.GEM_CLOSE, &argument)
  }

  /// `DRM_IOCTL_PRIME_HANDLE_TO_FD`.
  public func prime_handle_to_fd(_ fd: Int32, _ handle: UInt32, flags: PrimeFlags) throws -> Int32 {
    var argument = DRM.PrimeHandle(handle: handle, flags: flags.rawValue, fd: -1)
    try ioctl("DRM_IOCTL_PRIME_HANDLE_TO_FD", fd, DRM.PRIME_HANDLE_TO_FD, &argument)
    return install(argument.fd)
  }

  /// `prime_fd_to_handle()`: `DRM_IOCTL_PRIME_FD_TO_HANDLE`.
  public func prime_fd_to_handle(_ fd: Int32, _ dmabufFD: Int32) throws -> UInt32 {
    var argument = DRM.PrimeHandle(handle: 0, flags: 0, fd: realFD(dmabufFD))
    try ioctl("DRM_IOCTL_PRIME_FD_TO_HANDLE", fd, DRM.PRIME_FD_TO_HANDLE, &argument)
    return argument.handle
  }

  /// `DRM_IOCTL_VGEM_FENCE_ATTACH`: the fence's id.
  public func vgem_fence_attach(_ fd: Int32, _ handle: UInt32, _ flags: UInt32, pad: UInt32 = 0) throws -> UInt32 {
    var argument = DRM.VgemFenceAttach(handle: handle, flags: flags, pad: pad)
    try ioctl("DRM_IOCTL_VGEM_FENCE_ATTACH", fd, DRM.VGEM_FENCE_ATTACH, &argument)
    return argument.outFence
  }

  /// `DRM_IOCTL_VGEM_FENCE_SIGNAL`.
  public func vgem_fence_signal(_ fd: Int32, _ fence: UInt32, flags: UInt32 = 0) throws {
    var argument = DRM.VgemFenceSignal(fence: fence, flags: flags)
    try ioctl("DRM_IOCTL_VGEM_FENCE_SIGNAL", fd, DRM.VGEM_FENCE_SIGNAL, &argument)
  }
}

extension Process {
  /// `drm_open_driver_render()`: opens the device's render node.
  public func drm_open_driver_render(_ device: DrmDevice) throws -> Int32 {
    // A driver without DRIVER_RENDER has no node: opening one fails with ENOENT.
    try openNode(device.renderPath ?? "/dev/dri/renderD-none", as: "open(render node of \(device.name))")
  }
}

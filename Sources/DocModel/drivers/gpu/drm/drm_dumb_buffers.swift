/// Dumb buffers: `DRM_IOCTL_MODE_CREATE_DUMB` and `DRM_IOCTL_MODE_MAP_DUMB`, with
/// the names IGT gives their calls. Kernel: `drivers/gpu/drm/drm_dumb_buffers.c`.
extension Process {
  /// `kmstest_dumb_create()`: `DRM_IOCTL_MODE_CREATE_DUMB`.
  public func kmstest_dumb_create(_ fd: Int32, _ width: Int, _ height: Int, _ bpp: Int) throws -> DumbBuffer {
    try syscall("DRM_IOCTL_MODE_CREATE_DUMB", result: { "handle \($0.handle)" }) {
      let file = try drmFile(fd)
      try file.refuseRenderClient()
      // `drm_mode_create_dumb`: a zero width, height or bpp never reaches the driver.
      guard width > 0, height > 0, bpp > 0 else { throw Errno.EINVAL("drm_mode_create_dumb") }
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
      try file.refuseRenderClient()
      guard let obj = file.handles[handle] else { throw Errno.ENOENT("drm_mode_mmap_dumb_ioctl") }
      return try kernel.call("dumb_map_offset", in: file.dev.name) { () throws in
        try file.dev.driver.dumb_map_offset(file.dev, obj)
      }
    }
  }
}

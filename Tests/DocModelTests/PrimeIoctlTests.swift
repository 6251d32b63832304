import Testing

@testable import DocModel

@Suite struct PrimeIoctlTests {
  @Test func handleToFdValidatesFlagsAndHandles() throws {
    let setup = try VgemExport()
    #expect(
      failure { try setup.igt.prime_handle_to_fd(setup.vgemFD, setup.bo.handle, flags: PrimeFlags(rawValue: 0x4)) }
        as? Errno
        == Errno("EINVAL", 22, in: "DRM_IOCTL_PRIME_HANDLE_TO_FD", inUserspace: true))
    #expect((failure { try setup.igt.prime_handle_to_fd(setup.vgemFD, 99) } as? Errno)?.name == "ENOENT")
  }

  @Test func fdToHandleUsesThePerFileCacheAndSelfImportShortcut() throws {
    let setup = try VgemExport()
    let kernel = setup.kernel
    let vmw = kernel.load(.vmwgfx)
    let vmwFD = try setup.igt.drm_open_driver(vmw)
    let first = try setup.igt.prime_fd_to_handle(vmwFD, setup.dmabufFD)
    #expect(try setup.igt.prime_fd_to_handle(vmwFD, setup.dmabufFD) == first)
    // Importing into the exporting file gives back the original handle.
    #expect(try setup.igt.prime_fd_to_handle(setup.vgemFD, setup.dmabufFD) == setup.bo.handle)
    // A second file of the exporting device gets the same object, no attachment.
    let other = try setup.igt.drm_open_driver(setup.vgem)
    _ = try setup.igt.prime_fd_to_handle(other, setup.dmabufFD)
    #expect(try setup.dmabuf().attachments.count == 1)
  }

  @Test func fdToHandleRejectsBadFds() throws {
    let setup = try VgemExport()
    #expect((failure { try setup.igt.prime_fd_to_handle(setup.vgemFD, 42) } as? Errno)?.name == "EBADF")
    #expect((failure { try setup.igt.prime_fd_to_handle(setup.vgemFD, setup.vgemFD) } as? Errno)?.name == "EINVAL")
  }

  @Test func mapDumbOfAVgemImportIsEINVAL() throws {
    let setup = try VgemExport()
    let kernel = setup.kernel
    let second = kernel.load(.vgem)
    let fd = try setup.igt.drm_open_driver(second)
    let handle = try setup.igt.prime_fd_to_handle(fd, setup.dmabufFD)
    #expect(
      failure { try setup.igt.drm_mode_map_dumb(fd, handle) } as? Errno
        == Errno("EINVAL", 22, in: "DRM_IOCTL_MODE_MAP_DUMB", inUserspace: true))
  }

  @Test func dmabufMmapChecksItsBounds() throws {
    let setup = try VgemExport()
    let mapping = try setup.igt.mmap(setup.bo.size, [.PROT_READ], setup.dmabufFD, 0)
    #expect(try mapping.load(UInt32.self, at: 4096 * 3) == 0x1003)
    #expect(
      (failure { try setup.igt.mmap(setup.bo.size + 1, [.PROT_READ], setup.dmabufFD, 0) } as? Errno)?.name == "EINVAL")
    #expect(failure { try mapping.load(UInt32.self, at: setup.bo.size) } is Signal)
  }
}

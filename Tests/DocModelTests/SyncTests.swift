import Testing

@testable import DocModel

/// Implicit synchronisation as `dmabuf_sync_file` and `prime_vgem` exercise it:
/// vgem fences, `DMA_BUF_IOCTL_SYNC`, poll, sync_file export and import.
@Suite struct SyncTests {
  @Test func aWriteFenceBlocksReadersUntilItSignals() throws {
    let setup = try VgemExport()
    let igt = setup.igt
    let fence = try igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, VGEM_FENCE_WRITE)
    #expect(try igt.poll(setup.dmabufFD, [.EPOLLIN, .EPOLLOUT]) == [])
    try igt.vgem_fence_signal(setup.vgemFD, fence)
    #expect(try igt.poll(setup.dmabufFD, [.EPOLLIN, .EPOLLOUT]) == [.EPOLLIN, .EPOLLOUT])
    #expect((failure { try igt.vgem_fence_signal(setup.vgemFD, fence) } as? Errno)?.name == "ENOENT")
  }

  @Test func aReadFenceBlocksOnlyWriters() throws {
    let setup = try VgemExport()
    _ = try setup.igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, 0)
    #expect(try setup.igt.poll(setup.dmabufFD, [.EPOLLIN, .EPOLLOUT]) == .EPOLLIN)
    // A second reader is fine; a writer conflicts.
    _ = try setup.igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, 0)
    #expect(
      (failure { try setup.igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, VGEM_FENCE_WRITE) } as? Errno)?.name
        == "EBUSY")
  }

  @Test func fenceAttachValidatesItsArguments() throws {
    let setup = try VgemExport()
    #expect(
      (failure { try setup.igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, 0x2) } as? Errno)?.name == "EINVAL")
    #expect(
      (failure { try setup.igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, 0, pad: 1) } as? Errno)?.name
        == "EINVAL")
    #expect((failure { try setup.igt.vgem_fence_attach(setup.vgemFD, 77, 0) } as? Errno)?.name == "ENOENT")
    #expect((failure { try setup.igt.vgem_fence_signal(setup.vgemFD, 1, flags: 1) } as? Errno)?.name == "EINVAL")
  }

  @Test func syncStartWaitsForTheFenceWhichSignalsItselfAfterTenSeconds() throws {
    let setup = try VgemExport()
    let igt = setup.igt
    let fence = try igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, VGEM_FENCE_WRITE)
    let before = setup.kernel.now
    try igt.prime_sync_start(setup.dmabufFD, false)
    #expect(setup.kernel.now - before == 10_000_000_000)
    try igt.prime_sync_end(setup.dmabufFD, false)
    #expect((failure { try igt.vgem_fence_signal(setup.vgemFD, fence) } as? Errno)?.name == "ETIMEDOUT")
  }

  @Test func pollWaitsOnlyAsLongAsItsTimeout() throws {
    let setup = try VgemExport()
    _ = try setup.igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, VGEM_FENCE_WRITE)
    #expect(try setup.igt.poll(setup.dmabufFD, .EPOLLIN, timeout: 1000) == [])
    #expect(setup.kernel.now == 1_000_000_000)
    #expect(try setup.igt.poll(setup.dmabufFD, .EPOLLIN, timeout: 20_000) == .EPOLLIN)
    #expect(setup.kernel.now == 10_000_000_000)
  }

  @Test func syncFlagsAreValidatedAsTheKernelDoes() throws {
    let setup = try VgemExport()
    let igt = setup.igt
    for flags in [DmaBufSyncFlags(rawValue: 8), .DMA_BUF_SYNC_START, .DMA_BUF_SYNC_END] {
      #expect(
        (failure { try igt.dma_buf_sync(setup.dmabufFD, flags) } as? Errno)?.name == "EINVAL", "\(flags.rawValue)")
    }
    #expect((failure { try igt.dma_buf_sync(setup.vgemFD, .DMA_BUF_SYNC_RW) } as? Errno)?.name == "ENOTTY")
  }

  @Test func syncFileExportSnapshotsAndImportAddsFences() throws {
    let setup = try VgemExport()
    let igt = setup.igt
    let fence = try igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, VGEM_FENCE_WRITE)
    let snapshot = try igt.dma_buf_export_sync_file(setup.dmabufFD, .DMA_BUF_SYNC_READ)
    #expect(try igt.poll(snapshot, .EPOLLIN) == [])
    try igt.vgem_fence_signal(setup.vgemFD, fence)
    #expect(try igt.poll(snapshot, .EPOLLIN) == .EPOLLIN)
    #expect((failure { try igt.dma_buf_export_sync_file(setup.dmabufFD, []) } as? Errno)?.name == "EINVAL")

    // A second buffer takes the first's pending fence as a write: readers now wait.
    let other = try igt.kmstest_dumb_create(setup.vgemFD, 16, 16, 32)
    let otherFD = try igt.prime_handle_to_fd(setup.vgemFD, other.handle)
    let pending = try igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, VGEM_FENCE_WRITE)
    try igt.dma_buf_import_sync_file(
      otherFD, .DMA_BUF_SYNC_WRITE, try igt.dma_buf_export_sync_file(setup.dmabufFD, .DMA_BUF_SYNC_RW))
    #expect(try igt.poll(otherFD, .EPOLLIN) == [])
    try igt.vgem_fence_signal(setup.vgemFD, pending)
    #expect(try igt.poll(otherFD, .EPOLLIN) == .EPOLLIN)
    #expect(
      (failure { try igt.dma_buf_import_sync_file(otherFD, .DMA_BUF_SYNC_WRITE, setup.vgemFD) } as? Errno)?.name
        == "EINVAL")
  }
}

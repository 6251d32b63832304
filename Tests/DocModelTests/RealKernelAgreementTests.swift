import Testing

@testable import DocModel

/// What Debian's Linux 6.1 did under QEMU (`shared/domain/real-kernel-6.1.md`, §5),
/// asked of the model at v6.2 (the first release of the locking convention; v6.1
/// where a test says so): the userspace-visible outcomes these sequences meet did not
/// change between the two. Each expectation names the
/// measured line it stands for.
@Suite struct RealKernelAgreementTests {
  func errno(_ body: () throws -> some Any) -> String? { (failure(body) as? Errno)?.name }

  @Test func b_theFirstExportDecidesTheAccessMode() throws {
    let kernel = Kernel(version: .v6_2)
    let igt = kernel.spawn("t")
    let fd = try igt.drm_open_driver(kernel.load(.vgem))
    let bo = try igt.kmstest_dumb_create(fd, 64, 64, 32)
    let readOnly = try igt.prime_handle_to_fd(fd, bo.handle)
    // b1: mmap(RW,SHARED)=EACCES; mmap(RO,SHARED)=ok
    #expect(errno { try igt.mmap(bo.size, [.PROT_READ, .PROT_WRITE], readOnly, 0) } == "EACCES")
    #expect(try igt.mmap(bo.size, [.PROT_READ], readOnly, 0).length == bo.size)
    // b2: re-export with RDWR keeps O_RDONLY
    let again = try igt.prime_handle_to_fd_for_mmap(fd, bo.handle)
    #expect(errno { try igt.mmap(bo.size, [.PROT_READ, .PROT_WRITE], again, 0) } == "EACCES")
    // b4: flags=0x1 -> EINVAL; handle=4242 -> ENOENT
    #expect(errno { try igt.prime_handle_to_fd(fd, bo.handle, flags: PrimeFlags(rawValue: 0x1)) } == "EINVAL")
    #expect(errno { try igt.prime_handle_to_fd(fd, 4242) } == "ENOENT")
  }

  @Test func c_importsIntoASecondFileAndSelfImport() throws {
    let kernel = Kernel(version: .v6_2)
    let igt = kernel.spawn("t")
    let vgem = kernel.load(.vgem)
    let a = try igt.drm_open_driver(vgem)
    let b = try igt.drm_open_driver(vgem)
    let bo = try igt.kmstest_dumb_create(a, 64, 64, 32)
    let dmabufFD = try igt.prime_handle_to_fd(a, bo.handle)
    // B import #1 = ok h=1; #2 same fd = ok h=1; self-import in exporting fd A = ok h=1 (original 1)
    #expect(try igt.prime_fd_to_handle(b, dmabufFD) == 1)
    #expect(try igt.prime_fd_to_handle(b, dmabufFD) == 1)
    #expect(try igt.prime_fd_to_handle(a, dmabufFD) == bo.handle)
    // GEM_CLOSE(B,h)=ok again=EINVAL; re-import = ok h=1
    try igt.gem_close(b, 1)
    #expect(errno { try igt.gem_close(b, 1) } == "EINVAL")
    #expect(try igt.prime_fd_to_handle(b, dmabufFD) == 1)
    // j: same-device import MAP_DUMB=ok, the same offset as A's
    #expect(try igt.drm_mode_map_dumb(b, 1) == igt.drm_mode_map_dumb(a, bo.handle))
    // j: fd C without handle: mmap(A's fake offset)=EACCES; MAP_DUMB(A's handle number)=ENOENT
    let c = try igt.drm_open_driver(vgem)
    let offset = try igt.drm_mode_map_dumb(a, bo.handle)
    #expect(errno { try igt.mmap(4096, [.PROT_READ], c, offset) } == "EACCES")
    #expect(errno { try igt.drm_mode_map_dumb(c, bo.handle) } == "ENOENT")
  }

  @Test func d_syncValidatesItsFlagsAndKeepsNoPairingState() throws {
    let setup = try VgemExport(version: .v6_2)
    let sync = { (raw: UInt64) in try setup.igt.dma_buf_sync(setup.dmabufFD, DmaBufSyncFlags(rawValue: raw)) }
    // flags=0x8 -> EINVAL; 0 -> EINVAL; END(no dir) -> EINVAL; bit40|READ -> EINVAL
    for raw: UInt64 in [0x8, 0, 0x4, 1 << 40 | 1] { #expect(errno { try sync(raw) } == "EINVAL", "\(raw)") }
    // START|READ -> ok; END|READ -> ok; unpaired END|RW -> ok
    try sync(0x1)
    try sync(0x5)
    try sync(0x7)
    // SYNC on drm fd -> ENOTTY
    #expect(errno { try setup.igt.dma_buf_sync(setup.vgemFD, .DMA_BUF_SYNC_READ) } == "ENOTTY")
  }

  @Test func e_vgemFencesAndPoll() throws {
    let setup = try VgemExport(version: .v6_2)
    let igt = setup.igt
    #expect(try igt.poll(setup.dmabufFD, [.EPOLLIN, .EPOLLOUT]) == [.EPOLLIN, .EPOLLOUT])
    // attach(WRITE)=ok fence=1; poll=none; attach(WRITE|READ) while write pending=EBUSY
    let fence = try igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, VGEM_FENCE_WRITE)
    #expect(fence == 1)
    #expect(try igt.poll(setup.dmabufFD, [.EPOLLIN, .EPOLLOUT]).isEmpty)
    #expect(errno { try igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, VGEM_FENCE_WRITE) } == "EBUSY")
    #expect(errno { try igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, 0) } == "EBUSY")
    // signal=ok; poll after=IN|OUT; signal again=ENOENT
    try igt.vgem_fence_signal(setup.vgemFD, fence)
    #expect(try igt.poll(setup.dmabufFD, [.EPOLLIN, .EPOLLOUT]) == [.EPOLLIN, .EPOLLOUT])
    #expect(errno { try igt.vgem_fence_signal(setup.vgemFD, fence) } == "ENOENT")
    // attach flags=0x2 -> EINVAL; pad=1 -> EINVAL; bad handle -> ENOENT; signal id 0 -> ENOENT; signal flags=1 -> EINVAL
    #expect(errno { try igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, 0x2) } == "EINVAL")
    #expect(errno { try igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, 0, pad: 1) } == "EINVAL")
    #expect(errno { try igt.vgem_fence_attach(setup.vgemFD, 4242, 0) } == "ENOENT")
    #expect(errno { try igt.vgem_fence_signal(setup.vgemFD, 0) } == "ENOENT")
    #expect(errno { try igt.vgem_fence_signal(setup.vgemFD, 1, flags: 1) } == "EINVAL")
  }

  @Test func f_syncFileExportAndImport() throws {
    let setup = try VgemExport(version: .v6_2)
    let igt = setup.igt
    // EXPORT_SYNC_FILE(READ) idle = ok, poll=IN (a signalled stub); flags=0 or 0x4 -> EINVAL
    #expect(try igt.poll(igt.dma_buf_export_sync_file(setup.dmabufFD, .DMA_BUF_SYNC_READ), .EPOLLIN) == .EPOLLIN)
    #expect(errno { try igt.dma_buf_export_sync_file(setup.dmabufFD, []) } == "EINVAL")
    #expect(errno { try igt.dma_buf_export_sync_file(setup.dmabufFD, .DMA_BUF_SYNC_END) } == "EINVAL")
    // IMPORT bad: flags=0 -> EINVAL; fd=dma-buf -> EINVAL
    let syncFD = try igt.dma_buf_export_sync_file(setup.dmabufFD, .DMA_BUF_SYNC_READ)
    #expect(errno { try igt.dma_buf_import_sync_file(setup.dmabufFD, [], syncFD) } == "EINVAL")
    #expect(errno { try igt.dma_buf_import_sync_file(setup.dmabufFD, .DMA_BUF_SYNC_READ, setup.dmabufFD) } == "EINVAL")
  }

  @Test func g_crossDriverImports() throws {
    // virtio_gpu: PRIME_FD_TO_HANDLE(vgem dma-buf) = ENODEV
    let setup = try VgemExport(version: .v6_2)
    let virtio = try setup.igt.drm_open_driver(setup.kernel.load(.virtioGPU))
    #expect(errno { try setup.igt.prime_fd_to_handle(virtio, setup.dmabufFD) } == "ENODEV")
    // virtio_gpu's own dumb buffer into vgem: ok; vgem MAP_DUMB(imported) = EINVAL
    let own = try setup.igt.kmstest_dumb_create(virtio, 64, 64, 32)
    let handle = try setup.igt.prime_fd_to_handle(setup.vgemFD, setup.igt.prime_handle_to_fd(virtio, own.handle))
    #expect(errno { try setup.igt.drm_mode_map_dumb(setup.vgemFD, handle) } == "EINVAL")
  }

  @Test func h_fdToHandleWithAFileThatIsNotADmaBuf() throws {
    let setup = try VgemExport(version: .v6_2)
    // (closed fd)=EBADF; (drm fd itself)=EINVAL
    #expect(errno { try setup.igt.prime_fd_to_handle(setup.vgemFD, 99) } == "EBADF")
    #expect(errno { try setup.igt.prime_fd_to_handle(setup.vgemFD, setup.vgemFD) } == "EINVAL")
  }

  @Test func i_mmapBeyondTheSize() throws {
    let setup = try VgemExport(version: .v6_2)
    let size = setup.bo.size
    // dma-buf mmap len=2*size -> EINVAL; off=size len=PAGE -> EINVAL; last page -> ok
    #expect(errno { try setup.igt.mmap(2 * size, [.PROT_READ], setup.dmabufFD, 0) } == "EINVAL")
    #expect(errno { try setup.igt.mmap(4096, [.PROT_READ], setup.dmabufFD, UInt64(size)) } == "EINVAL")
    #expect(try setup.igt.mmap(4096, [.PROT_READ], setup.dmabufFD, UInt64(size - 4096)).length == 4096)
    // drm-fd dumb mmap len=2*size -> EINVAL
    let offset = try setup.igt.drm_mode_map_dumb(setup.vgemFD, setup.bo.handle)
    #expect(errno { try setup.igt.mmap(2 * size, [.PROT_READ], setup.vgemFD, offset) } == "EINVAL")
  }

  /// Found by the real-kernel backend: the model gave a failed mmap an address of its
  /// own, so the next mapping landed one slot further than on the kernel, whose
  /// `mmap_region` frees the vma and whose next `get_unmapped_area` finds the same gap.
  @Test func aFailedMmapTakesNoAddressSpace() throws {
    let setup = try VgemExport(version: .v6_2)
    let first = try setup.igt.mmap(4096, [.PROT_READ], setup.dmabufFD, 0)
    #expect(errno { try setup.igt.mmap(2 * setup.bo.size, [.PROT_READ], setup.dmabufFD, 0) } == "EINVAL")
    let next = try setup.igt.mmap(4096, [.PROT_READ], setup.dmabufFD, 0)
    #expect(next.address == first.address + 2 * 4096)
  }

  /// a: FD_CLOEXEC=1 accmode=O_RDWR lseek(END)=16384 lseek(SET,0)=0 lseek(CUR,0)=EINVAL;
  /// fdinfo "flags: 02000002 … count: 3; exp_name: drm"; read(dma-buf fd) = EINVAL;
  /// d: DMA_BUF_SET_NAME_B = ok, fdinfo gains "name: NAME".
  @Test func a_theFileOfAnExport() throws {
    let setup = try VgemExport(version: .v6_2)
    let (igt, fd) = (setup.igt, setup.dmabufFD)
    #expect(try igt.fcntl(fd, .F_GETFD) == FD_CLOEXEC)
    #expect(OpenFlags(rawValue: try igt.fcntl(fd, .F_GETFL)).accessMode == "O_RDWR")
    #expect(try igt.lseek(fd, 0, .SEEK_END) == 16384)
    #expect(try igt.lseek(fd, 0, .SEEK_SET) == 0)
    #expect(errno { try igt.lseek(fd, 0, .SEEK_CUR) } == "EINVAL")
    #expect(errno { try igt.read(fd, 16) } == "EINVAL")
    let info = try igt.dma_buf_fdinfo(fd)
    #expect(info.flags.rawValue == 0o2000002 && info.count == 3 && info.exp_name == "drm" && info.size == 16384)
    try igt.dma_buf_set_name(fd, "NAME")
    #expect(try igt.dma_buf_fdinfo(fd).name == "NAME")
  }

  /// Found by the real-kernel backend: a sync file takes only the fences still
  /// pending (`dma_resv_get_fences` skips signalled ones); the model took every fence
  /// the buffer ever had.
  @Test func aSyncFileHoldsOnlyPendingFences() throws {
    let setup = try VgemExport(version: .v6_2)
    let (igt, fd) = (setup.igt, setup.dmabufFD)
    let first = try igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, VGEM_FENCE_WRITE)
    try igt.vgem_fence_signal(setup.vgemFD, first)
    _ = try igt.vgem_fence_attach(setup.vgemFD, setup.bo.handle, VGEM_FENCE_WRITE)
    let info = try igt.sync_file_info(try igt.dma_buf_export_sync_file(fd, .DMA_BUF_SYNC_READ))
    #expect(info == SyncFileInfo(status: 0, num_fences: 1))
  }

  /// j: renderD: CREATE_DUMB=EACCES; FD_TO_HANDLE=ok; MAP_DUMB(imported)=EACCES; FENCE_ATTACH=ok.
  @Test func j_aRenderNodeRefusesDumbBuffers() throws {
    let setup = try VgemExport(version: .v6_2)
    let render = try setup.igt.drm_open_driver_render(setup.vgem)
    #expect(errno { try setup.igt.kmstest_dumb_create(render, 64, 64, 32) } == "EACCES")
    let handle = try setup.igt.prime_fd_to_handle(render, setup.dmabufFD)
    #expect(errno { try setup.igt.drm_mode_map_dumb(render, handle) } == "EACCES")
    #expect(try setup.igt.vgem_fence_attach(render, handle, 0) == 1)
    #expect(errno { try setup.igt.drm_open_driver_render(setup.kernel.load(.cirrus)) } == "ENOENT")
  }

  /// n: dma-buf mmap(RW, MAP_PRIVATE) = EINVAL; drm fd mmap(RW, MAP_PRIVATE) = EINVAL. On
  /// 6.1.192 from the stable backport of 39bc27bd6880; mainline before v6.10 made the
  /// mapping, and its first fault hit the BUG_ON in vmf_insert_pfn_prot.
  @Test func n_privateMappingsAreRefusedSinceTheFix() throws {
    let fixed = try VgemExport(version: .v6_1)
    #expect(errno { try fixed.igt.mmap(4096, [.PROT_READ, .PROT_WRITE], fixed.dmabufFD, 0, .MAP_PRIVATE) } == "EINVAL")
    let offset = try fixed.igt.drm_mode_map_dumb(fixed.vgemFD, fixed.bo.handle)
    #expect(errno { try fixed.igt.mmap(4096, [.PROT_READ], fixed.vgemFD, offset, .MAP_PRIVATE) } == "EINVAL")
    let before = try VgemExport(version: .v6_2)
    let mapping = try before.igt.mmap(4096, [.PROT_READ], before.dmabufFD, 0, .MAP_PRIVATE)
    #expect(failure { try mapping.load(at: 0) } is Oops)
    #expect(before.kernel.dmesg.contains("kernel BUG at mm/memory.c!"))
  }
}

/// The GEM shmem helpers (`drivers/gpu/drm/drm_gem_shmem_helper.c`), as far as
/// vgem and the import paths use them.
enum ShmemHelper {
  /// `drm_gem_shmem_create`: an object with fresh frames.
  static func create(_ dev: DrmDevice, size: Int) -> drm_gem_object {
    let pages = (size + 4095) / 4096
    return drm_gem_object(dev: dev, size: pages * 4096, backing: .shmem(dev.kernel.memory.allocate(pages)))
  }

  /// `drm_gem_shmem_mmap`. An import is redirected to the exporter: clear
  /// `vm_private_data` and `vm_ops`, `dma_buf_mmap(obj->dma_buf, vma, 0)`, and on
  /// success drop the reference `drm_gem_mmap_obj` took. Otherwise the vma faults
  /// the object's own pages (`drm_gem_shmem_fault`).
  static func mmap(_ obj: drm_gem_object, _ vma: VMArea) throws {
    try obj.dev.kernel.call("drm_gem_shmem_mmap", in: obj.dev.name) { () throws in
      if let attach = obj.import_attach {
        vma.vm_private_data = nil
        vma.vm_ops = nil
        try dma_buf_mmap(attach.dmabuf, vma, 0)
        obj.refcount -= 1
        return
      }
      vma.vm_private_data = obj
      vma.vm_ops = faultOps(obj)
    }
  }

  /// `drm_gem_shmem_vm_ops`: faults insert the object's own frame (`vmf_insert_pfn`).
  static func faultOps(_ obj: drm_gem_object) -> VMOperations {
    VMOperations(name: "drm_gem_shmem_fault") { vma, pageOffset in
      try obj.dev.kernel.call("drm_gem_shmem_fault", in: obj.dev.name) { () throws -> VMFault in
        guard case .shmem(let frames) = obj.backing else { throw NotModelled(what: "shmem faults on \(obj)") }
        let index = vma.pgoff + pageOffset
        guard index < frames.count else { return .sigbus(reason: "drm_gem_shmem_fault: page \(index) beyond the object") }
        return .frame(frames[index])
      }
    }
  }
}

/// TTM's CPU fault path for a buffer object (`drivers/gpu/drm/ttm/ttm_bo_vm.c`).
enum TTM {
  /// The vma operations of a TTM driver (`ttm_bo_vm_ops` behind the driver's own
  /// fault function, e.g. `vmw_bo_vm_fault`): reserve, then fault.
  static func faultOps(_ obj: drm_gem_object, driverFault name: String, in component: String) -> VMOperations {
    VMOperations(name: name) { vma, pageOffset in
      try obj.dev.kernel.call(name, in: component) { () throws -> VMFault in
        if let refused = vm_reserve(obj) { return refused }
        return try vm_fault_reserved(obj, pageOffset: vma.pgoff + pageOffset)
      }
    }
  }

  /// `ttm_bo_vm_reserve`: "Refuse to fault imported pages. This should be handled
  /// (if at all) by redirecting mmap to the exporter." An `EXTERNAL` tt without
  /// `EXTERNAL_MAPPABLE` gets `VM_FAULT_SIGBUS`.
  static func vm_reserve(_ obj: drm_gem_object) -> VMFault? {
    obj.dev.kernel.call("ttm_bo_vm_reserve", in: "ttm", result: { $0 == nil ? "0" : "VM_FAULT_SIGBUS" }) {
      () -> VMFault? in
      if let tt = obj.ttm, tt.external, !tt.externalMappable {
        return .sigbus(reason: "ttm_bo_vm_reserve refuses to fault imported pages")
      }
      return nil
    }
  }

  /// `ttm_bo_vm_fault_reserved`: beyond the object → SIGBUS; then
  /// `page = ttm->pages[page_offset]`. For an sg BO set up by `ttm_sg_tt_init`,
  /// `ttm->pages` is NULL: the read dereferences `NULL + 8 × page_offset` and the
  /// kernel oopses (vmwgfx v6.10 with `TTM_TT_FLAG_EXTERNAL_MAPPABLE`). A NULL entry
  /// gives `VM_FAULT_OOM`.
  static func vm_fault_reserved(_ obj: drm_gem_object, pageOffset: Int) throws -> VMFault {
    let kernel = obj.dev.kernel
    return try kernel.call("ttm_bo_vm_fault_reserved", in: "ttm") { () throws -> VMFault in
      guard pageOffset < obj.pageCount else {
        return .sigbus(reason: "ttm_bo_vm_fault_reserved: fault beyond the object")
      }
      guard let pages = obj.ttm?.pages else {
        throw kernel.pageFault(
          at: UInt64(pageOffset * 8), in: "ttm_bo_vm_fault_reserved", process: kernel.currentProcess)
      }
      let page = pages[pageOffset]
      if page.isNull { return .oom(reason: "ttm_bo_vm_fault_reserved: no page at offset \(pageOffset)") }
      return .frame(PhysicalMemory.pfn(ofPage: page.address))
    }
  }
}

/// TTM's view of a buffer object, as far as the import paths need it.
struct TTMState {
  /// `TTM_TT_FLAG_EXTERNAL`: the pages belong to someone else (an import).
  var external: Bool
  /// `TTM_TT_FLAG_EXTERNAL_MAPPABLE`: TTM may fault them anyway (vmwgfx, 2024).
  var externalMappable: Bool
  /// `ttm->pages`: nil for an sg BO set up with `ttm_sg_tt_init`, which fills only
  /// `dma_address`.
  var pages: [PagePointer]?
}

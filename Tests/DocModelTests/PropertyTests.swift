import PropertyBased
import Testing

@testable import DocModel

/// Random sequences of userspace operations across vgem and an importer that
/// redirects mmap as the shmem helpers do: the model must keep its books balanced
/// whatever the order. (Not vmwgfx: its `ttm_prime_fd_to_handle` leaks a reference
/// on every foreign import, as the kernel's does; `SeedCaseTests` shows it.)
@Suite struct PropertyTests {
  final class RedirectingImporter: ImporterDriver {
    let name = "redirector"
    func gem_prime_import_sg_table(_ buffer: ImportedBuffer) throws {}
    func mmap(_ buffer: ImportedBuffer) throws -> ImporterMmap { .redirectToExporter }
  }

  /// One run of a sequence of operation codes; returns the trace and what is left
  /// after every mapping and fd is closed.
  static func run(_ codes: [Int]) throws -> (trace: String, outstanding: [String]) {
    let kernel = Kernel(version: .v6_11)
    let devices = [kernel.load(.vgem), kernel.load(.importer(RedirectingImporter()))]
    let igt = kernel.spawn("prop")
    let drmFDs = try devices.map { try igt.drm_open_driver($0) }
    var handles: [(fd: Int32, handle: UInt32)] = []
    var dmabufs: [Int32] = []
    var mappings: [UserMapping] = []

    for code in codes {
      let pick = code / 8
      do {
        switch code % 8 {
        case 0:
          let fd = drmFDs[pick % 2]
          handles.append((fd, try igt.kmstest_dumb_create(fd, 16, 16, 32).handle))
        case 1 where !handles.isEmpty:
          let (fd, handle) = handles[pick % handles.count]
          dmabufs.append(try igt.prime_handle_to_fd_for_mmap(fd, handle))
        case 2 where !dmabufs.isEmpty:
          let fd = drmFDs[pick % 2]
          handles.append((fd, try igt.prime_fd_to_handle(fd, dmabufs[pick % dmabufs.count])))
        case 3 where !dmabufs.isEmpty:
          let mapping = try igt.mmap(1024, [.PROT_READ, .PROT_WRITE], dmabufs[pick % dmabufs.count], 0)
          try mapping.store(UInt32(code), at: 0)
          mappings.append(mapping)
        case 4 where !handles.isEmpty:
          let (fd, handle) = handles[pick % handles.count]
          if fd == drmFDs[1] {
            let mapping = try igt.kmstest_dumb_map_buffer(fd, handle, 1024, [.PROT_READ])
            _ = try mapping.load(UInt32.self, at: 0)
            mappings.append(mapping)
          }
        case 5 where !dmabufs.isEmpty:
          let fd = dmabufs.remove(at: pick % dmabufs.count)
          try igt.close(fd)
          // No operation on a closed fd succeeds.
          #expect(failure { try igt.prime_fd_to_handle(drmFDs[0], fd) } != nil)
        case 6 where !handles.isEmpty:
          let (fd, handle) = handles.remove(at: pick % handles.count)
          try igt.gem_close(fd, handle)
          #expect(failure { try igt.gem_close(fd, handle) } != nil)
        case 7 where !mappings.isEmpty:
          try igt.munmap(mappings.remove(at: pick % mappings.count))
        default:
          break
        }
      } catch let errno as Errno {
        // A refused call is fine (a handle closed twice through a shared object…);
        // anything else is a finding.
        _ = errno
      }
    }
    #expect(igt.isAlive, "\(kernel.log)")
    for mapping in mappings { try igt.munmap(mapping) }
    for fd in dmabufs + drmFDs { try igt.close(fd) }
    return (kernel.trace.description, kernel.outstanding)
  }

  @Test func everyReferenceIsBalancedOnceAllFdsClose() async {
    await propertyCheck(count: 200, input: Gen.int(in: 0...63).array(of: 1...40)) { codes in
      let result = try Self.run(codes)
      #expect(result.outstanding == [], "\(codes)")
    }
  }

  @Test func theSameSequencePrintsTheSameTrace() async {
    await propertyCheck(count: 50, input: Gen.int(in: 0...63).array(of: 1...40)) { codes in
      let first = try Self.run(codes).trace
      let second = try Self.run(codes).trace
      #expect(first == second)
    }
  }
}

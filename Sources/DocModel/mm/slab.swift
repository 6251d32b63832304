/// `kvmalloc_array` / `kvfree` for arrays of `struct page *`, the one kind of
/// allocation whose old contents the model's importers can trip over.
///
/// Without `__GFP_ZERO` the kernel hands back memory as the last user left it. The
/// model decides what "as it was left" means, deterministically: the most recently
/// freed array of the same length comes back first (as SLUB's per-CPU freelist
/// usually makes it), and memory never used before holds slab poison, 0x6b bytes.
final class PageArraySlab {
  private var freed: [[PagePointer]] = []
  static let poison = PagePointer(address: 0x6b6b_6b6b_6b6b_6b6b)

  func kvmalloc_array(_ count: Int) -> [PagePointer] {
    if let index = freed.lastIndex(where: { $0.count == count }) { return freed.remove(at: index) }
    return Array(repeating: Self.poison, count: count)
  }

  func kvfree(_ array: [PagePointer]) { freed.append(array) }
}

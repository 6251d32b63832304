import Testing

@testable import DocModel

@Suite struct DmaBufTests {
  @Test func mmapChecksTheRangeAgainstTheSize() throws {
    let dmabuf = DmaBuf(size: 4 * PAGE_SIZE)
    let mapping = try dmabuf.dma_buf_mmap(pgoff: 1, pages: 3)
    #expect(mapping.offset == PAGE_SIZE && mapping.length == 3 * PAGE_SIZE)
    #expect(throws: Errno.einval("dma_buf_mmap")) { try dmabuf.dma_buf_mmap(pgoff: 1, pages: 4) }
    #expect(throws: Errno.eoverflow("dma_buf_mmap")) { try dmabuf.dma_buf_mmap(pgoff: Int.max, pages: 1) }
  }

  @Test func mappingsShareTheBuffersContents() throws {
    let dmabuf = DmaBuf(size: 2 * PAGE_SIZE)
    try dmabuf.dma_buf_mmap(pgoff: 0, pages: 2).store(7, at: PAGE_SIZE + 1)
    #expect(try dmabuf.dma_buf_mmap(pgoff: 1, pages: 1).load(at: 1) == 7)
  }

  @Test func unbalancedVunmapIsAKernelBug() throws {
    let dmabuf = DmaBuf(size: PAGE_SIZE)
    dmabuf.dma_buf_vmap()
    try dmabuf.dma_buf_vunmap()
    #expect(dmabuf.vmappingCounter == 0)
    #expect(throws: KernelBug.self) { try dmabuf.dma_buf_vunmap() }
  }
}

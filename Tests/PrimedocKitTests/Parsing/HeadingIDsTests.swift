import Testing

@testable import PrimedocKit

@Suite struct HeadingIDsTests {
  func ids(_ markdown: String, reserved: Set<String> = []) -> [String] {
    HeadingIDs.assign(CommonMarkConverter.parse(markdown).headings, reserved: reserved)
  }

  @Test func idsAreGitHubs() {
    #expect(HeadingIDs.slug("dma_buf_mmap()") == "dma_buf_mmap")
    #expect(HeadingIDs.slug("What CONFIG_DMABUF_DEBUG does") == "what-config_dmabuf_debug-does")
    #expect(HeadingIDs.slug("v6.1 and v6.2") == "v61-and-v62")
    #expect(HeadingIDs.slug("Ünïcode — and  more") == "ünïcode--and--more")
    #expect(ids("# `sg_table` pages\n") == ["sg_table-pages"])
  }

  @Test func idsAreUniqueWithinThePage() {
    #expect(ids("# Dup\n# Dup\n# Dup 1\n") == ["dup", "dup-1", "dup-1-1"])
  }

  @Test func scenarioAnchorsAndCustomIDsAreTakenFirst() {
    #expect(ids("# Scenario demo\n", reserved: ["scenario-demo"]) == ["scenario-demo-1"])
    #expect(ids("# Mapping\n# Other {#mapping}\n") == ["mapping-1", "mapping"])
    #expect(ids("# Under_score {#my_id}\n") == ["my_id"])
  }

  @Test func aCustomIDIsNotShown() {
    let html = CommonMarkConverter.renderHTML("# Mapping *rules* {#my_rules}\n", headingIDs: ["my_rules"])
    #expect(html.hasPrefix("<h1 id=\"my_rules\">Mapping <em>rules</em><a class=\"permalink\""), "\(html)")
    #expect(CommonMarkConverter.parse("# A {#not an id}\n").headings.first?.text == "A {#not an id}")
  }
}

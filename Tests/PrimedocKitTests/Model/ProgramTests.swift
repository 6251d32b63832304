import Testing

@testable import PrimedocKit

@Suite struct ProgramTests {
  /// A page with one scenario of every mode after a hidden setup block.
  static let page = """
    ```swift scenario hidden name=setup
    let a = 1
    ```

    ```swift scenario name=shared
    let b = a
    ```

    ```swift scenario isolated name=alone
    let c = b
    ```

    ```swift scenario isolated expect=failure name=fails
    throw E()
    ```

    ```swift scenario no-run name=never
    let d = 0
    ```

    ```swift scenario compile-fail name=bad
    let e: Int = ""
    ```

    ```swift scenario name=last
    print(b)
    ```

    """

  func scenarios() throws -> PageScenarios {
    let fixture = try BookFixture(["SUMMARY.md": summary("p.md"), "p.md": Self.page])
    let book = try BookLoader.load(BookLocation(url: fixture.book, display: "docs-src"))
    return try ScenarioExtractor.extract(book.pages[0])
  }

  @Test func eachScenarioHasOneModeAndTheStrongerWordWins() throws {
    let page = try scenarios()
    #expect(page.scenarios.map(\.mode) == [.shared, .shared, .isolated, .expectFailure, .noRun, .compileFail, .shared])
    #expect(page.scenarios.map(\.mode.carriesState) == [true, true, false, false, false, false, true])
    #expect(page.scenarios.map(\.mode.runs) == [true, true, true, true, false, false, true])
    #expect(page.scenarios[3].attributes.flagWords == ["expect=failure"])
  }

  @Test func aProgramHoldsOnlyTheBlocksWhoseStateCarriesOn() throws {
    let page = try scenarios()
    let last = page.program(for: page.scenarios[6])
    #expect(last.blocks.map(\.name) == ["setup", "shared", "last"])
    #expect(
      last.text == """
        import DocModel

        // docs-src/p.md:1 (hidden setup)
        let a = 1

        // docs-src/p.md:5
        let b = a

        // docs-src/p.md:25
        print(b)

        """)
    // A compile-fail scenario is judged with its session's state in scope.
    #expect(page.program(for: page.scenarios[5]).blocks.map(\.name) == ["setup", "shared", "bad"])
    #expect(page.program(for: page.scenarios[2]).blocks.map(\.name) == ["setup", "shared", "alone"])
  }

  @Test func theScenarioHashIsTheProgramAndTheClaimedOutputHashedInOnePass() throws {
    let page = try scenarios()
    let hashes = page.scenarioHashes()
    let direct = page.scenarios.map {
      Digest.sha256(page.program(for: $0).text + "\u{0}" + ($0.expectedOutput ?? ""))
    }
    #expect(hashes == direct)
    #expect(Set(hashes).count == hashes.count)
  }
}

import Foundation
import Testing

@testable import PrimedocKit

/// `check --real-kernel` with a runner that plays the machine on this host: it runs
/// the static harness here and frames its output as scripts/linux-guest.sh does.
/// What it tests is primedoc's part: which scenarios qualify, how both outputs are
/// compared, and what a difference reports.
@Suite struct RealKernelCheckTests {
  static let runner = """
    #!/bin/sh
    program=$2; nonce=$3; out=$4; shift 4
    {
      printf '\\036%s release fake-1.0\\n\\036%s label Linux fake-1.0 (a test)\\n' "$nonce" "$nonce"
      for page in "$@"; do
        printf '\\036%s page-begin %s\\n' "$nonce" "$page"
        PRIMEDOC_NONCE=$nonce PRIMEDOC_TEST_WHERE=real "$program" "$page" < /dev/null
        printf '\\036%s page-end %s %s\\n' "$nonce" "$page" "$?"
      done
      printf '\\036%s dmesg\\nWARNING: at somewhere\\n\\036%s done\\n' "$nonce" "$nonce"
    } > "$out"

    """

  static let page = """
    ```swift scenario name=setup hidden
    let kernel = Kernel()
    let igt = kernel.spawn("t")
    ```

    ```swift scenario name=bad-fd
    do { try igt.close(42) } catch { print(error) }
    ```

    ```output
    close(42) failed: EBADF (Bad file descriptor)
    ```

    ```swift scenario name=internals isolated
    print(kernel.trace.events.isEmpty)
    ```

    ```swift scenario name=where isolated
    import Glibc
    print(getenv("PRIMEDOC_TEST_WHERE").map { String(cString: $0) } ?? "model")
    ```

    ```output
    model
    ```

    ```swift scenario name=shared-internals
    let count = kernel.trace.events.count
    ```

    ```swift scenario name=later
    print(1)
    ```

    """

  @Test func qualifyingScenariosRunAgainAndADifferenceFailsWithBothOutputs() async throws {
    let fixture = try BookFixture(["SUMMARY.md": summary("p.md"), "p.md": Self.page])
    let runner = fixture.root.appendingPathComponent("runner.sh")
    try Data(Self.runner.utf8).write(to: runner)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: runner.path)
    var options = try fixture.options()
    options.realKernelRunner = runner
    let report = try await fixture.check(options)

    let results = Dictionary(uniqueKeysWithValues: report.results.map { ($0.name, $0) })
    #expect(report.realKernel?.kernel == "Linux fake-1.0 (a test)")
    #expect(report.realKernel?.kernelLog == "WARNING: at somewhere\n")
    // setup, bad-fd and where compile against RealLinux; internals (the trace) does not.
    #expect(report.realKernel?.qualified == 3)
    #expect(report.realKernel?.agreed == 2)
    #expect(results["bad-fd"]?.realKernel == "Linux fake-1.0 (a test)")
    #expect(results["bad-fd"]?.status == .verified)
    #expect(results["internals"]?.realKernel == nil)
    #expect(results["internals"]?.status == .unverified)
    // A scenario whose state carries on and does not qualify takes the rest of its page with it.
    #expect(results["later"]?.realKernel == nil && results["later"]?.status == .unverified)
    let difference = try #require(results["where"]?.diagnostic)
    #expect(results["where"]?.status == .failed)
    #expect(difference.message.contains("does not print on the real kernel what it prints on the model"))
    #expect(difference.details.contains("-model") && difference.details.contains("+real"))
    #expect(difference.details.contains("+++ Linux fake-1.0 (a test)"))
  }

  @Test func aRunThatDoesNotFinishIsNotAResult() {
    let nonce = "abc"
    let bytes = Array("\u{1E}abc release r\n\u{1E}abc page-begin 0\nout\n".utf8)
    #expect(GuestRun.parse(bytes, nonce: nonce) == nil)
    let finished = bytes + Array("\u{1E}abc page-end 0 0\n\u{1E}abc dmesg\nWARNING: x\n\u{1E}abc done\n".utf8)
    let result = try? #require(GuestRun.parse(finished, nonce: nonce))
    #expect(result?.release == "r")
    #expect(result?.sessions[0]?.output == Array("out\n".utf8))
    #expect(result?.sessions[0]?.status == 0)
    #expect(result?.kernelLog == "WARNING: x\n")
  }
}

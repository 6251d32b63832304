import PrimedocHarnessProtocol
import Testing

@testable import PrimedocKit

@Suite struct OutputMatcherTests {
  @Test func trailingWhiteSpaceAndFinalNewlinesAreIgnored() {
    #expect(OutputMatcher.matches(expected: "a  \nb\n", actual: "a\nb\t\n\n"))
    #expect(!OutputMatcher.matches(expected: "a\nb\n", actual: " a\nb\n"))
  }

  @Test func ellipsisMatchesAnyRunOfLinesIncludingNone() {
    #expect(OutputMatcher.matches(expected: "start\n...\nend\n", actual: "start\nx\ny\nend\n"))
    #expect(OutputMatcher.matches(expected: "start\n...\nend\n", actual: "start\nend\n"))
    #expect(OutputMatcher.matches(expected: "...\n", actual: "anything\n"))
    #expect(!OutputMatcher.matches(expected: "start\n...\nend\n", actual: "start\nx\n"))
    #expect(OutputMatcher.matches(expected: "a\n...\nb\n...\nc\n", actual: "a\n1\nb\n2\n3\nc\n"))
    #expect(!OutputMatcher.matches(expected: "a\n...\nb\n...\nc\n", actual: "a\n1\nc\n"))
    // Only a line that is `...` alone is a wildcard.
    #expect(!OutputMatcher.matches(expected: "x...\n", actual: "xyz\n"))
  }

  @Test func unifiedDiffShowsHunksWithContext() {
    let expected = (1...10).map { "line \($0)" }
    var actual = expected
    actual[1] = "changed"
    actual.append("extra")
    #expect(
      UnifiedDiff.render(expected: expected, actual: actual, expectedLabel: "expected", actualLabel: "actual") == [
        "--- expected", "+++ actual",
        "@@ -1,5 +1,5 @@", " line 1", "-line 2", "+changed", " line 3", " line 4", " line 5",
        "@@ -8,3 +8,4 @@", " line 8", " line 9", " line 10", "+extra",
      ])
  }
}

@Suite struct TranscriptTests {
  let transcript = Transcript(nonce: "abc")

  func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  @Test func markersSplitOutputsEvenWithoutANewlineBeforeThem() {
    let reading = transcript.read(
      bytes(
        "\u{1E}abc:begin:0\nno newline\u{1E}abc:end:0\n\u{1E}abc:begin:1\nx\n\u{1E}abc:failure:1\n\u{1E}abc:done:-1\n"))
    #expect(reading.outcomes[0] == .completed(OutputBytes("no newline")))
    #expect(reading.outcomes[1] == .failed(OutputBytes("x\n"), model: true))
    #expect(reading.finished)
  }

  @Test func markersWithAnotherNonceAreOutput() {
    let reading = transcript.read(bytes("\u{1E}abc:begin:0\n\u{1E}xyz:end:0\n\u{1E}abc:end:0\n"))
    #expect(reading.outcomes[0] == .completed(OutputBytes("\u{1E}xyz:end:0\n")))
    #expect(!reading.finished)
  }

  @Test func anUnfinishedScenarioKeepsItsOutput() {
    let reading = transcript.read(bytes("\u{1E}abc:begin:2\npartial"))
    #expect(reading.open?.index == 2)
    #expect(reading.open?.output == OutputBytes("partial"))
  }

  @Test func incrementalScanningWaitsForAWholeMarker() {
    let stream = bytes("out\u{1E}abc:beg")
    let first = transcript.markers(in: stream, from: 0)
    #expect(first.markers.isEmpty)
    #expect(first.resume == 3)
    let second = transcript.markers(in: stream + bytes("in:4\n"), from: first.resume)
    #expect(second.markers.map(\.kind) == [.begin])
    #expect(second.markers.map(\.index) == [4])
  }

  @Test func nonUTF8OutputIsShownEscaped() {
    #expect(OutputBytes([0x61, 0xFF, 0x62]).text == "a\\xFFb")
  }
}

import Foundation
import PrimedocHarnessProtocol

/// One run of a static harness on another machine (a real kernel under QEMU) by a
/// runner script: `RUNNER run PROGRAM NONCE OUT PAGE...`, which writes to OUT frame
/// lines `\u{1E}NONCE WORD ARGS…` and the text after each (see scripts/linux-guest.sh):
/// `release R`, `label TEXT`, `page-begin P` (then the page's standard output),
/// `page-end P STATUS`, `page-stderr P` (then its standard error), `modprobe` and
/// `dmesg` (then what the machine logged), `done`. The script's "page" is the
/// number the harness is run with: a session's.
struct GuestRun: Sendable {
  /// One session as the machine ran it.
  struct Session: Sendable {
    var output: [UInt8] = []
    var status: Int32 = -1
    var standardError = ""
  }

  /// What the machine reported.
  struct Result: Sendable {
    /// The nonce the harness's own markers carry.
    var nonce: String
    /// `uname -r`.
    var release = ""
    /// What the site says of the machine (`Linux 6.1.0-57-amd64 (Debian 12, QEMU)`).
    var label = ""
    var sessions: [Int: Session] = [:]
    /// What its kernel logged at warning level or worse, and what failed to load.
    var kernelLog = ""
  }

  var runner: URL

  func run(_ program: URL, sessions: [Int], in folder: URL) async throws -> Result {
    let nonce = Transcript.makeNonce()
    let output = folder.appendingPathComponent("guest-output")
    let outcome = try await ChildProcess.run(
      runner, ["run", program.path, nonce, output.path] + sessions.map(String.init), in: folder)
    let bytes = (try? [UInt8](Data(contentsOf: output))) ?? []
    guard outcome.succeeded, let result = Self.parse(bytes, nonce: nonce) else {
      throw PrimedocError(
        nil,
        "the real kernel did not run the sessions (\(runner.lastPathComponent) \(CrashReport.describe(outcome.status))):\n"
          + outcome.errorText.trimmingSuffix("\n"))
    }
    return result
  }

  /// The frames of a finished run; nil when the run did not reach `done`.
  static func parse(_ bytes: [UInt8], nonce: String) -> Result? {
    let prefix = [HarnessMarker.separator] + Array((nonce + " ").utf8)
    var frames: [(words: [Substring], body: Range<Int>)] = []
    var position = 0
    while let hit = Transcript.find(prefix, in: bytes, from: position) {
      if !frames.isEmpty { frames[frames.count - 1].body = frames[frames.count - 1].body.lowerBound..<hit }
      let end = bytes[hit...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
      let words = String(decoding: bytes[(hit + prefix.count)..<end], as: UTF8.self).split(separator: " ")
      let start = min(end + 1, bytes.count)
      frames.append((words, start..<bytes.count))
      position = start
    }
    var result = Result(nonce: nonce)
    var finished = false
    for (words, body) in frames {
      let text = String(decoding: bytes[body], as: UTF8.self)
      switch (words.first, words.count) {
      case ("release", 2): result.release = String(words[1])
      case ("label", _): result.label = words.dropFirst().joined(separator: " ")
      case ("page-begin", 2):
        if let page = Int(words[1]) { result.sessions[page, default: Session()].output = Array(bytes[body]) }
      case ("page-end", 3):
        if let page = Int(words[1]) { result.sessions[page, default: Session()].status = Int32(words[2]) ?? -1 }
      case ("page-stderr", 2):
        if let page = Int(words[1]) { result.sessions[page, default: Session()].standardError = text }
      case ("modprobe", 1), ("dmesg", 1): result.kernelLog += text
      case ("done", 1): finished = true
      default: break
      }
    }
    return finished ? result : nil
  }
}

import Foundation
import PrimedocHarnessProtocol

/// One run of a static harness on another machine (a real kernel under QEMU) by a
/// runner script: `RUNNER run PROGRAM NONCE OUT PAGE...`, which writes each page's
/// standard output to OUT between frames `\u{1E}NONCE release R`, `page-begin P`,
/// `page-end P STATUS`, `dmesg`, `done` (see scripts/linux-guest.sh).
struct GuestRun: Sendable {
  /// What the machine reported: its kernel's release, each page's output and exit
  /// status, and what its kernel logged at warning level or worse.
  struct Result: Sendable {
    /// The nonce the harness's own markers carry.
    var nonce: String
    var release: String
    /// What the machine is, in words (`Debian 12, QEMU`).
    var machine: String
    var pages: [Int: (output: [UInt8], status: Int32)]
    var kernelLog: String
  }

  var runner: URL

  func run(_ program: URL, pages: [Int], in folder: URL) async throws -> Result {
    let nonce = (0..<4).map { _ in String(UInt32.random(in: .min ... .max), radix: 16).leftPadded(to: 8) }.joined()
    let output = folder.appendingPathComponent("guest-output")
    let outcome = try await ChildProcess.run(
      runner, ["run", program.path, nonce, output.path] + pages.map(String.init), in: folder)
    let bytes = (try? [UInt8](Data(contentsOf: output))) ?? []
    guard outcome.succeeded, let result = Self.parse(bytes, nonce: nonce) else {
      throw PrimedocError(
        nil,
        "the real kernel did not run the pages (\(runner.lastPathComponent) \(CrashReport.describe(outcome.status))):\n"
          + outcome.errorText.trimmingSuffix("\n"))
    }
    return result
  }

  /// The frames of a finished run; nil when the run did not reach `done`.
  static func parse(_ bytes: [UInt8], nonce: String) -> Result? {
    let prefix = [HarnessMarker.separator] + Array((nonce + " ").utf8)
    var result = Result(nonce: nonce, release: "", machine: "", pages: [:], kernelLog: "")
    var page: (number: Int, start: Int)?
    var logStart: Int?
    var position = 0
    var finished = false
    while let hit = Transcript.find(prefix, in: bytes, from: position) {
      let end = bytes[hit...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
      let words = String(decoding: bytes[(hit + prefix.count)..<end], as: UTF8.self).split(separator: " ")
      if let logStart { result.kernelLog = String(decoding: bytes[logStart..<hit], as: UTF8.self) }
      logStart = nil
      switch (words.first, words.count) {
      case ("release", 2): result.release = String(words[1])
      case ("machine", _): result.machine = words.dropFirst().joined(separator: " ")
      case ("page-begin", 2): page = Int(words[1]).map { ($0, end + 1) }
      case ("page-end", 3):
        if let open = page, let status = Int32(words[2]) {
          result.pages[open.number] = (Array(bytes[min(open.start, hit)..<hit]), status)
        }
        page = nil
      case ("dmesg", 1): logStart = min(end + 1, bytes.count)
      case ("done", 1): finished = true
      default: break
      }
      position = min(end + 1, bytes.count)
    }
    return finished ? result : nil
  }
}

/// What primedoc and a harness started as a fork server (`harness --serve
/// FOLDER`) say to each other: a line each way per event, on the server's
/// standard input and output. Both sides import this module, so they cannot drift
/// apart.
///
/// For each run primedoc makes two FIFOs in FOLDER (`outputFIFO`, `errorFIFO`)
/// and opens them for reading, then asks for the run; the server opens them for
/// writing, forks, and the child makes them its standard output and error. The
/// child leads a process group of its own, as a harness that primedoc spawned
/// did, and its output streams through a pipe as before: a stray grandchild that
/// holds it open is seen the same way.
public enum ForkServerProtocol {
  public static let flag = "--serve"

  public static func outputFIFO(_ id: Int) -> String { "out-\(id)" }

  /// The whole lines at the start of `pending`, taken out of it; a line's end
  /// not yet read stays.
  public static func takeLines(_ pending: inout [UInt8]) -> [Substring] {
    var lines: [Substring] = []
    while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
      lines.append(Substring(decoding: pending[..<newline], as: UTF8.self))
      pending.removeSubrange(...newline)
    }
    return lines
  }
  public static func errorFIFO(_ id: Int) -> String { "err-\(id)" }

  /// Run `session` with `nonce` as run `id`: `id session nonce`.
  public struct Request: Equatable, Sendable {
    public var id: Int
    public var session: Int
    public var nonce: String

    public init(id: Int, session: Int, nonce: String) {
      (self.id, self.session, self.nonce) = (id, session, nonce)
    }

    public var line: String { "\(id) \(session) \(nonce)\n" }

    public init?(line: Substring) {
      let words = line.split(separator: " ")
      guard words.count == 3, let id = Int(words[0]), let session = Int(words[1]), !words[2].isEmpty else {
        return nil
      }
      self.init(id: id, session: session, nonce: String(words[2]))
    }
  }

  public enum Reply: Equatable, Sendable {
    /// Run `id` is process `pid`, the leader of its own group.
    case started(id: Int, pid: Int32)
    /// Run `id` could not start: no such session, a FIFO it could not open, or a
    /// failed `fork`, as `reason` says.
    case refused(id: Int, reason: String)
    /// Process `pid` ended; `status` is `waitpid`'s.
    case exited(pid: Int32, status: Int32)

    public var line: String {
      switch self {
      case .started(let id, let pid): "started \(id) \(pid)\n"
      case .refused(let id, let reason): "refused \(id) \(reason)\n"
      case .exited(let pid, let status): "exited \(pid) \(status)\n"
      }
    }

    public init?(line: Substring) {
      let words = line.split(separator: " ", maxSplits: 2)
      guard words.count == 3, let first = Int(words[1]) else { return nil }
      switch (words[0], Int32(exactly: first), Int32(words[2])) {
      case ("started", _, let pid?): self = .started(id: first, pid: pid)
      case ("refused", _, _): self = .refused(id: first, reason: String(words[2]))
      case ("exited", let pid?, let status?): self = .exited(pid: pid, status: status)
      default: return nil
      }
    }
  }
}

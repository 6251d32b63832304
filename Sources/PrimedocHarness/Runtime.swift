@preconcurrency internal import Glibc  // `stdout` and `stderr` are C globals
import PrimedocHarnessProtocol

/// primedoc's harness runtime, linked into every harness: frames each scenario's
/// output with `HarnessMarker` lines that carry a nonce the scenario code cannot
/// know (it is removed from the environment before any scenario runs), and
/// reports the errors `expect=failure` scenarios end with. Generated code calls it;
/// scenario authors are not meant to: the module is not part of the documented
/// library's API. (It is imported into the generated file
/// that holds their code, so it is not a sandbox: a scenario that calls it on
/// purpose can forge its own markers.)
///
/// Not isolated to an actor: a session is a script, whose top-level code is
/// main-actor isolated in Swift 6 but not in Swift 5, and both call it. Only the
/// process's one thread of top-level code does.
///
/// It lives in its own module so that importing Glibc does not reach the
/// generated code (importing Glibc into the harness cost more than half of a
/// one-page compile, 0.14 s of 0.24 s, measured).
// swift-format-ignore: TypeNamesShouldBeCapitalized
// A name no scenario would choose, in the style of a compiler-reserved one.
public enum __primedoc {
  nonisolated(unsafe) static var nonce = ""
  /// False at run time, but not provably so: `no-run` blocks sit behind it.
  public static var never: Bool { CommandLine.arguments.count < 0 }

  /// Reads the nonce and the session number, or serves as a fork server
  /// (`ForkServer`) and returns in each child it forks. Started wrong (no nonce, no number
  /// in range), the harness says how it is used and exits with 2.
  public static func start(sessions: Int) -> Int {
    setvbuf(stdout, nil, _IONBF, 0)  // a trap must not lose buffered output
    let arguments = CommandLine.arguments
    if arguments.count == 3, arguments[1] == ForkServerProtocol.flag {
      let child = ForkServer.serve(sessions: sessions, folder: arguments[2])
      nonce = child.nonce
      return child.session
    }
    defer { unsetenv("PRIMEDOC_NONCE") }
    nonce = getenv("PRIMEDOC_NONCE").map { String(cString: $0) } ?? ""
    guard CommandLine.arguments.count == 2, let session = Int(CommandLine.arguments[1]),
      (0..<sessions).contains(session), !nonce.isEmpty
    else {
      fputs(
        "usage: PRIMEDOC_NONCE=… harness SESSION-NUMBER, or harness \(ForkServerProtocol.flag) FIFO-FOLDER\n", stderr)
      exit(2)
    }
    return session
  }

  static func mark(_ kind: HarnessMarker, _ index: Int) {
    print(kind.line(nonce: nonce, index: index))
  }

  public static func begin(_ index: Int) { mark(.begin, index) }
  public static func end(_ index: Int) { mark(.end, index) }
  public static func skipped(_ index: Int) { mark(.skipped, index) }
  public static func done() { mark(.done, -1) }

  /// `done`, then the end of the process: a session compiled as a function body
  /// ends as a script does, without releasing what it declared.
  public static func finish() -> Never {
    done()
    exit(0)
  }

  /// An `expect=failure` scenario's error: its text is part of the output.
  public static func failed(_ index: Int, _ error: any Error) {
    print(String(describing: error))
    mark(error is any DocumentedFailure ? .failure : .error, index)
  }

  /// After a `trace` scenario: the calls the documented library recorded.
  public static func trace(_ index: Int) {
    mark(.trace, index)
    for line in HarnessTrace.source() { print(line.encoded) }
  }
}

extension __primedoc {
  /// What the runtime does when a script's top-level code throws, for a session
  /// compiled as a function body (`HarnessGenerator.batchFile`): the same words
  /// (`swift_errorInMain` in the standard library's ErrorType.swift), the same trap.
  public static func raisedAtTopLevel(_ error: any Error) -> Never {
    fatalError("Error raised at top level: \(String(reflecting: error))")
  }
}

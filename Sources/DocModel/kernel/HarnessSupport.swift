@preconcurrency internal import Glibc  // `stdout` and `stderr` are C globals

/// What primedoc's generated harness needs from the C library, kept here so that
/// the harness itself imports only DocModel: importing Glibc into the harness cost
/// more than half of a one-page compile (0.14 s of 0.24 s, measured). Not part of
/// the model; scenarios have no use for it.
public enum _PrimedocHarnessSupport {
  /// Makes standard output unbuffered, so that a trap loses nothing printed.
  public static func unbufferStandardOutput() { setvbuf(stdout, nil, _IONBF, 0) }

  /// Reads an environment variable and removes it, so that scenario code cannot read it.
  public static func takeEnvironment(_ name: String) -> String? {
    defer { unsetenv(name) }
    return getenv(name).map { String(cString: $0) }
  }

  /// Prints `message` to standard error and exits with `status`.
  public static func fail(_ message: String, status: Int32) -> Never {
    fputs(message + "\n", stderr)
    exit(status)
  }
}

/// primedoc's harness runtime: frames each scenario's output with markers that carry
/// a nonce the scenario code cannot know (it is removed from the environment before
/// any scenario runs), and reports errors. Generated code calls it; scenarios do not.
@MainActor
public enum __primedoc {
  static var nonce = ""
  static var current = -1
  /// False at run time, but not provably so: `no-run` blocks sit behind it.
  public static var never: Bool { CommandLine.arguments.count < 0 }

  /// Reads the nonce and the page number; nil when the harness was started wrong.
  public static func start(pages: Int) -> Int? {
    _PrimedocHarnessSupport.unbufferStandardOutput()  // a trap must not lose buffered output
    nonce = _PrimedocHarnessSupport.takeEnvironment("PRIMEDOC_NONCE") ?? ""
    guard CommandLine.arguments.count == 2, let page = Int(CommandLine.arguments[1]), (0..<pages).contains(page),
      !nonce.isEmpty
    else { return nil }
    return page
  }

  public static func marker(_ kind: String, _ index: Int) {
    print("\u{1E}\(nonce):\(kind):\(index)")
  }
  public static func begin(_ index: Int) {
    current = index
    marker("begin", index)
  }
  public static func end(_ index: Int) { marker("end", index) }
  public static func skipped(_ index: Int) { marker("skipped", index) }

  /// An `expect=failure` scenario's error: its text is part of the output.
  public static func failed(_ index: Int, _ error: any Error) {
    print(String(describing: error))
    marker(error is any ModelFailure ? "failure" : "error", index)
  }

  /// After a `trace` scenario: the calls between components of the kernel it made
  /// last, one per line (caller, callee, function, result, tab-separated).
  public static func trace(_ index: Int) {
    marker("trace", index)
    for event in Kernel.mostRecent?.trace.crossing.events ?? [] {
      print([event.caller, event.callee, event.function, event.result ?? ""].joined(separator: "\t"))
    }
  }

  /// An error no scenario expected: the page stops here.
  public static func threw(_ error: any Error) {
    marker(error is any ModelFailure ? "threw-failure" : "threw", current)
    print(String(describing: error))
  }
}

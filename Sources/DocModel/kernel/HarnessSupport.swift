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

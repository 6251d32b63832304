/// The lines a harness prints between scenarios' output: `\u{1E}NONCE:KIND:INDEX`.
///
/// The harness runtime writes them and primedoc's runner reads them; both import
/// this module, so the two sides cannot drift apart. The nonce is handed to the
/// harness in its environment and removed before any scenario runs, so scenario
/// output cannot forge a boundary.
public enum HarnessMarker: String, Sendable {
  /// A scenario starts; what follows is its output.
  case begin
  /// It ran to its end.
  case end
  /// An `expect=failure` scenario ended with a failure the documented library
  /// reports (a `DocumentedFailure`); its text was printed before the marker.
  case failure
  /// An `expect=failure` scenario ended with any other error.
  case error
  /// A `no-run` scenario: compiled, not executed.
  case skipped
  /// The trace lines (`TraceLine`) of the scenario follow, up to the next marker.
  case trace
  /// The session finished.
  case done

  /// The separator that opens every marker line (ASCII record separator).
  public static let separator: UInt8 = 0x1E

  /// The marker line, without its newline.
  public func line(nonce: String, index: Int) -> String {
    "\u{1E}\(nonce):\(rawValue):\(index)"
  }

  /// The bytes every marker of `nonce` starts with.
  public static func prefix(nonce: String) -> [UInt8] {
    [separator] + Array(nonce.utf8) + [UInt8(ascii: ":")]
  }
}

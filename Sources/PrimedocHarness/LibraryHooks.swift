public import PrimedocHarnessProtocol

/// An error that is the documented behaviour of the library a book documents (an
/// oops, an errno), not a mistake in the scenario: `expect=failure` passes only
/// on these. A library marks its failure types with this protocol.
public protocol DocumentedFailure: Error {}

/// Where a `trace` scenario's calls come from: the documented library registers a
/// source (DocModel's kernel does when it is made); without one, a trace is empty.
public enum HarnessTrace {
  nonisolated(unsafe) public static var source: () -> [TraceLine] = { [] }
}

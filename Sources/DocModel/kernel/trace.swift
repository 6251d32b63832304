internal import PrimedocHarnessProtocol

/// One call between components: userspace, a DRM driver, the dma-buf core, an
/// exporter, TTM, the mm. The site draws these as a sequence diagram; printed, a
/// trace reads top to bottom, indented by call depth.
public struct TraceEvent: Hashable, Sendable, CustomStringConvertible {
  public let caller: String
  public let callee: String
  public let function: String
  /// `ok`, a value, or a failure as `TraceResult` writes it; nil while the call is running.
  public internal(set) var result: String?
  public let depth: Int

  /// Whether the call failed (an errno, an oops, a fatal WARN, a signal, an error),
  /// by the same test the diagram uses to draw it red.
  public var failed: Bool { result.map(TraceResult.isFailure) ?? false }

  public var description: String {
    String(repeating: "  ", count: depth) + "\(caller) -> \(callee): \(function)" + (result.map { " = \($0)" } ?? "")
  }
}

/// The calls a kernel has seen, in order.
public struct Trace: Hashable, Sendable, CustomStringConvertible {
  public internal(set) var events: [TraceEvent] = []

  public var description: String { events.map(\.description).joined(separator: "\n") }

  /// Only calls from one component to another: what a sequence diagram draws.
  public var crossing: Trace { Trace(events: events.filter { $0.caller != $0.callee }) }

  /// The calls from the last call of `function` on.
  public func since(_ function: String) -> Trace {
    guard let start = events.lastIndex(where: { $0.function == function }) else { return Trace() }
    return Trace(events: Array(events[start...]))
  }
}

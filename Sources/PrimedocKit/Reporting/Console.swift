import Foundation

/// Where a command writes: results to standard output, diagnostics and progress to
/// standard error. Progress is drawn only when standard error is a terminal, so
/// logs and CI see results alone.
package struct Console: Sendable {
  package var write: @Sendable (String) -> Void
  package var writeError: @Sendable (String) -> Void
  package var isTerminal: Bool

  package init(
    write: @escaping @Sendable (String) -> Void, writeError: @escaping @Sendable (String) -> Void, isTerminal: Bool
  ) {
    self.write = write
    self.writeError = writeError
    self.isTerminal = isTerminal
  }

  package static let standard = Console(
    write: { FileHandle.standardOutput.write(Data($0.utf8)) },
    writeError: { FileHandle.standardError.write(Data($0.utf8)) },
    isTerminal: isatty(STDERR_FILENO) == 1)

  package func line(_ text: String) { write(text + "\n") }
  package func error(_ text: String) { writeError(text + "\n") }

  /// A one-line progress display that rewrites itself in place.
  package func progress(_ event: ProgressEvent) {
    guard isTerminal else { return }
    let text =
      switch event {
      case .compiling(let pages): "compiling \(pages) page\(pages == 1 ? "" : "s")…"
      case .running(let done, let total): "running pages: \(done)/\(total)"
      }
    writeError("\r\u{1B}[2K" + text + (event.isLast ? "\r\u{1B}[2K" : ""))
  }
}

extension ProgressEvent {
  var isLast: Bool {
    if case .running(let done, let total) = self { return done == total }
    return false
  }
}

/// Steps of a long check, for a progress line on a terminal.
package enum ProgressEvent: Sendable {
  case compiling(pages: Int)
  case running(done: Int, total: Int)
}

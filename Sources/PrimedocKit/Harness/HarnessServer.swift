import Foundation
import PrimedocHarnessProtocol
import Subprocess
import Synchronization

/// The compiled harness started once as a fork server (`ForkServerProtocol`), and
/// the runs it has forked: a run costs a `fork` instead of a process start.
///
/// Each run's child leads its own process group, writes to FIFOs this side reads
/// as pipes, and is watched with the same timeouts and caps as before
/// (`PageRunner`); only its start and its exit status come through the server.
final class HarnessServer: Sendable {
  let folder: URL
  private let requests: FileHandle
  /// Kept for as long as the server runs: Foundation watches and reaps it.
  private let process: Process
  private let state = Mutex(State())

  private struct State {
    var nextID = 0
    var pending: [UInt8] = []
    var starting: [Int: CheckedContinuation<pid_t, any Error>] = [:]
    var exited: [pid_t: TerminationStatus] = [:]
    var waiting: [pid_t: CheckedContinuation<TerminationStatus, Never>] = [:]
    /// Why the server is gone, once it is.
    var ended: String?
  }

  /// A run's child: its process and the read ends of its output.
  struct Child: Sendable {
    var pid: pid_t
    var standardOutput: AsyncStream<[UInt8]>
    var standardError: AsyncStream<[UInt8]>
  }

  /// Starts `harness` as a fork server in `workingDirectory`, with `environment`
  /// added to primedoc's; its FIFOs go in `folder`.
  init(harness: URL, environment: [String: String], workingDirectory: URL, folder: URL) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    self.folder = folder
    // A request to a server that died fails with EPIPE instead of ending primedoc.
    signal(SIGPIPE, SIG_IGN)
    let process = Process()
    process.executableURL = harness
    process.arguments = [ForkServerProtocol.flag, folder.path]
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.currentDirectoryURL = workingDirectory
    let (input, output) = (Pipe(), Pipe())
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    self.process = process
    ChildRegistry.shared.register(process.processIdentifier)
    requests = input.fileHandleForWriting
    // A descriptor of its own: the pipe's handle closes the one it holds.
    Self.read(dup(output.fileHandleForReading.fileDescriptor)) { [self] chunk in
      if let chunk { received(chunk) } else { ended("the harness's fork server ended") }
    }
  }

  /// Ends the server: it exits when its input closes. Runs still going are not
  /// touched; their process groups are the runner's.
  func stop() {
    try? requests.close()
    ChildRegistry.shared.unregister(process.processIdentifier)
  }

  /// Forks a child that runs session `number` with `nonce`.
  func start(session number: Int, nonce: String) async throws -> Child {
    let id = state.withLock { state in
      defer { state.nextID += 1 }
      return state.nextID
    }
    let fifos = [ForkServerProtocol.outputFIFO(id), ForkServerProtocol.errorFIFO(id)].map {
      folder.appendingPathComponent($0).path
    }
    var readEnds: [Int32] = []
    defer { for path in fifos { unlink(path) } }
    for path in fifos {
      // Opened before the server opens it to write, so neither side blocks.
      guard mkfifo(path, 0o600) == 0, case let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC),
        descriptor >= 0
      else {
        for descriptor in readEnds { close(descriptor) }
        throw PrimedocError(nil, "cannot make the FIFO \(path): \(String(cString: strerror(errno)))")
      }
      readEnds.append(descriptor)
    }
    let pid: pid_t
    do {
      pid = try await withCheckedThrowingContinuation { continuation in
        let failure = state.withLock { state -> String? in
          if let ended = state.ended { return ended }
          state.starting[id] = continuation
          return nil
        }
        if let failure { return continuation.resume(throwing: PrimedocError(nil, failure)) }
        let line = ForkServerProtocol.Request(id: id, session: number, nonce: nonce).line
        do { try requests.write(contentsOf: Data(line.utf8)) } catch {
          ended("the harness's fork server ended: \(error)")
        }
      }
    } catch {
      for descriptor in readEnds { close(descriptor) }
      throw error
    }
    return Child(pid: pid, standardOutput: Self.stream(readEnds[0]), standardError: Self.stream(readEnds[1]))
  }

  /// Whether the child `pid` has ended (the server has reaped it).
  func hasExited(_ pid: pid_t) -> Bool { state.withLock { $0.exited[pid] != nil } }

  /// How the child `pid` ended, once it has.
  func termination(of pid: pid_t) async -> TerminationStatus {
    await withCheckedContinuation { continuation in
      let status = state.withLock { state -> TerminationStatus? in
        if let status = state.exited.removeValue(forKey: pid) { return status }
        if state.ended != nil { return .signaled(SIGKILL) }
        state.waiting[pid] = continuation
        return nil
      }
      if let status { continuation.resume(returning: status) }
    }
  }

  private func received(_ chunk: [UInt8]) {
    var resumes: [() -> Void] = []
    state.withLock { state in
      state.pending += chunk
      for line in ForkServerProtocol.takeLines(&state.pending) {
        switch ForkServerProtocol.Reply(line: line) {
        case .started(let id, let pid):
          ChildRegistry.shared.register(pid)
          if let continuation = state.starting.removeValue(forKey: id) {
            resumes.append { continuation.resume(returning: pid) }
          }
        case .refused(let id, let reason):
          if let continuation = state.starting.removeValue(forKey: id) {
            resumes.append {
              continuation.resume(throwing: PrimedocError(nil, "the harness did not start run \(id): \(reason)"))
            }
          }
        case .exited(let pid, let raw):
          ChildRegistry.shared.unregister(pid)
          let status = Self.termination(raw)
          if let continuation = state.waiting.removeValue(forKey: pid) {
            resumes.append { continuation.resume(returning: status) }
          } else {
            state.exited[pid] = status
          }
        case nil: continue
        }
      }
    }
    for resume in resumes { resume() }
  }

  /// The server is gone: every run waiting on it is told so.
  private func ended(_ reason: String) {
    let (starting, waiting) = state.withLock { state in
      state.ended = state.ended ?? reason
      defer {
        state.starting = [:]
        state.waiting = [:]
      }
      return (state.starting.values, state.waiting.values)
    }
    for continuation in starting { continuation.resume(throwing: PrimedocError(nil, reason)) }
    for continuation in waiting { continuation.resume(returning: .signaled(SIGKILL)) }
  }

  /// `waitpid`'s status as Subprocess reports it.
  static func termination(_ raw: Int32) -> TerminationStatus {
    let signal = raw & 0x7f
    return signal == 0 ? .exited((raw >> 8) & 0xff) : .signaled(signal)
  }

  /// The bytes read from `descriptor` as they arrive, until end of file; the
  /// descriptor is closed then.
  static func stream(_ descriptor: Int32) -> AsyncStream<[UInt8]> {
    AsyncStream { continuation in
      read(descriptor) { chunk in
        if let chunk { continuation.yield(chunk) } else { continuation.finish() }
      }
    }
  }

  /// Reads `descriptor` on a thread of its own, in blocking reads: `body` gets
  /// each chunk, then nil at end of file (or an error), and the descriptor is
  /// closed. Not libdispatch's `DispatchIO`: with a thousand runs, each opening
  /// and closing its FIFOs, its event loop crashed here (a 10,000-scenario check,
  /// `_dispatch_event_loop_drain`). A run's two threads block in `read` and
  /// never on Swift's cooperative pool.
  private static func read(_ descriptor: Int32, _ body: @escaping @Sendable ([UInt8]?) -> Void) {
    // A FIFO is opened without blocking (`start`); its reads must block.
    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
    let thread = Thread {
      var buffer = [UInt8](repeating: 0, count: 64 << 10)
      while true {
        let count = Foundation.read(descriptor, &buffer, buffer.count)
        if count > 0 {
          body(Array(buffer[..<count]))
        } else if count < 0 && errno == EINTR {
          continue
        } else {
          break
        }
      }
      close(descriptor)
      body(nil)
    }
    thread.start()
  }
}

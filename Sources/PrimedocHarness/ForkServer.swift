@preconcurrency internal import Glibc
import PrimedocHarnessProtocol

/// The harness as a fork server (`ForkServerProtocol`): it starts once, so a run
/// costs a `fork`, not a process start (loading the harness and the Swift runtime,
/// about 5 ms each time, measured). Each child returns from `serve` and runs its
/// session as a harness spawned for it would: its own process group, standard
/// input from /dev/null, its output in pipes primedoc reads.
///
/// One thread, no locks held across `fork`: requests and the ends of children
/// are waited for together with `poll`, a `SIGCHLD` handler writing to a pipe.
enum ForkServer {
  /// The pipe the `SIGCHLD` handler writes a byte to.
  nonisolated(unsafe) static var childEnded: (read: Int32, write: Int32) = (-1, -1)

  /// Serves requests until standard input closes, then exits. Returns only in a
  /// forked child: the session it runs and its nonce.
  static func serve(sessions: Int, folder: String) -> (session: Int, nonce: String) {
    _ = setsid()  // its own group, which an interrupted primedoc kills
    signal(SIGPIPE, SIG_DFL)  // primedoc ignores it; a scenario must not inherit that
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { fail("pipe") }
    for end in ends {
      _ = fcntl(end, F_SETFD, FD_CLOEXEC)
      _ = fcntl(end, F_SETFL, O_NONBLOCK)
    }
    childEnded = (ends[0], ends[1])
    signal(SIGCHLD) { _ in
      var byte: UInt8 = 0
      _ = write(ForkServer.childEnded.write, &byte, 1)
    }
    // A process started from one of primedoc's threads may inherit a mask that
    // blocks SIGCHLD; a harness starts with none blocked.
    var none = sigset_t()
    sigemptyset(&none)
    sigprocmask(SIG_SETMASK, &none, nil)
    var pending: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      var polls = [
        pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0),
      ]
      if poll(&polls, 2, -1) < 0 {
        if errno == EINTR { continue }
        fail("poll")
      }
      if polls[1].revents != 0 { reap() }
      guard polls[0].revents != 0 else { continue }
      let count = read(0, &chunk, chunk.count)
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { exit(0) }  // primedoc is done
      pending += chunk[0..<count]
      for line in ForkServerProtocol.takeLines(&pending) {
        guard let request = ForkServerProtocol.Request(line: line) else { continue }
        if let child = start(request, sessions: sessions, folder: folder) { return child }
      }
    }
  }

  /// Forks the run's child. In the child, returns its session and nonce; in the
  /// server, replies and returns nil.
  private static func start(_ request: ForkServerProtocol.Request, sessions: Int, folder: String) -> (
    session: Int, nonce: String
  )? {
    guard (0..<sessions).contains(request.session) else {
      reply(.refused(id: request.id, reason: "no session \(request.session)"))
      return nil
    }
    let output = open(folder + "/" + ForkServerProtocol.outputFIFO(request.id), O_WRONLY | O_CLOEXEC)
    let error = open(folder + "/" + ForkServerProtocol.errorFIFO(request.id), O_WRONLY | O_CLOEXEC)
    defer {
      if output >= 0 { close(output) }
      if error >= 0 { close(error) }
    }
    guard output >= 0, error >= 0 else {
      reply(.refused(id: request.id, reason: "cannot open its FIFOs: \(String(cString: strerror(errno)))"))
      return nil
    }
    let pid = fork()
    if pid == 0 {
      signal(SIGCHLD, SIG_DFL)
      close(childEnded.read)
      close(childEnded.write)
      _ = setsid()
      let null = open("/dev/null", O_RDONLY)
      dup2(null, 0)
      dup2(output, 1)
      dup2(error, 2)
      close(null)
      return (request.session, request.nonce)
    }
    reply(pid < 0 ? .refused(id: request.id, reason: "fork failed") : .started(id: request.id, pid: pid))
    return nil
  }

  /// Reports every child that has ended.
  private static func reap() {
    var byte: UInt8 = 0
    while read(childEnded.read, &byte, 1) > 0 {}
    var status: Int32 = 0
    while case let pid = waitpid(-1, &status, WNOHANG), pid > 0 {
      reply(.exited(pid: pid, status: status))
    }
  }

  private static func reply(_ reply: ForkServerProtocol.Reply) {
    var bytes = Array(reply.line.utf8)[...]
    while !bytes.isEmpty {
      let written = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        exit(1)  // primedoc is gone
      }
      bytes = bytes.dropFirst(written)
    }
  }

  private static func fail(_ call: String) -> Never {
    fputs("harness: \(call) failed: \(String(cString: strerror(errno)))\n", stderr)
    exit(1)
  }
}

import Glibc

/// A process as the model has one, on the real kernel: every `Process` of a page
/// is the harness process itself, each with its own table of file descriptors.
///
/// File descriptors and mapping addresses are process-local artefacts: the real
/// ones depend on what the harness has open and where the kernel places a mapping.
/// So that an honest scenario prints the same on both backends, each `Process`
/// hands out the numbers the model would (`ProcessNumbering`) and translates them
/// to the real ones at every call. The calls themselves, their results and their errors are the
/// real kernel's.
public final class Process: IGTProcess, CustomStringConvertible {
  public let comm: String
  public let pid: Int32
  /// This process's fd number → the real fd.
  var files: [Int32: Int32] = [:]
  private var numbering = ProcessNumbering()

  init(comm: String, pid: Int32) {
    self.comm = comm
    self.pid = pid
  }

  public var description: String { "\(comm)[\(pid)]" }

  /// Makes a system call that returns -1 and sets `errno` on failure; the error as
  /// the model words it (`DRM_IOCTL_GEM_CLOSE failed: EINVAL (Invalid argument)`).
  func syscall<T>(_ name: String, _ body: () -> (result: T, failed: Bool)) throws(Errno) -> T {
    errno = 0
    let (result, failed) = body()
    guard !failed else {
      let code = errno
      throw Errno(Errno.name(of: code), code, in: name, inUserspace: true)
    }
    return result
  }

  /// An ioctl on `fd` with `argument` in and out.
  func ioctl<Argument>(_ name: String, _ fd: Int32, _ request: UInt, _ argument: inout Argument) throws(Errno) {
    let real = realFD(fd)
    try syscall(name) { () -> (result: Void, failed: Bool) in
      let status = withUnsafeMutableBytes(of: &argument) { bytes in
        bytes.baseAddress.map { Glibc.ioctl(real, request, $0) } ?? -1
      }
      return ((), status < 0)
    }
  }

  /// The real fd behind one of this process's, or -1 (which the kernel refuses
  /// with EBADF, as the model refuses an fd it does not know).
  func realFD(_ fd: Int32) -> Int32 { files[fd] ?? -1 }

  /// Records a real fd under the number the model would give it.
  func install(_ real: Int32) -> Int32 {
    let fd = numbering.lowestFreeFD { files[$0] != nil }
    files[fd] = real
    return fd
  }

  func mappingAddress(pages: Int) -> UInt64 { numbering.placeMapping(pages: pages) }

  /// `close()`.
  public func close(_ fd: Int32) throws {
    let real = realFD(fd)
    try syscall("close(\(fd))") { (result: (), failed: Glibc.close(real) != 0) }
    files[fd] = nil
  }

  /// `poll()` on one fd: the events asked for that are ready, waiting up to
  /// `timeout` milliseconds.
  public func poll(_ fd: Int32, _ events: PollEvents, timeout: Int = 0) throws -> PollEvents {
    guard files[fd] != nil else { throw Errno.EBADF("poll").seen(by: "poll(fd \(fd))") }
    var entry = pollfd(fd: realFD(fd), events: events.rawValue, revents: 0)
    let ready = try syscall("poll(fd \(fd))") { () -> (result: Int32, failed: Bool) in
      let count = Glibc.poll(&entry, 1, Int32(timeout))
      return (count, count < 0)
    }
    // An fd that is not open: poll reports POLLNVAL, which the model reports as EBADF.
    if ready > 0 && entry.revents & Int16(POLLNVAL) != 0 {
      throw Errno.EBADF("poll").seen(by: "poll(fd \(fd))")
    }
    return PollEvents(rawValue: entry.revents).intersection(events)
  }
}

extension Process {
  /// `fcntl(fd, F_GETFD)` or `fcntl(fd, F_GETFL)`.
  public func fcntl(_ fd: Int32, _ command: FcntlCommand) throws -> Int32 {
    let real = realFD(fd)
    return try syscall("fcntl(\(fd))") { () -> (result: Int32, failed: Bool) in
      let value = Glibc.fcntl(real, command.rawValue)
      return (value, value < 0)
    }
  }

  /// `lseek(fd, offset, whence)`.
  public func lseek(_ fd: Int32, _ offset: Int64, _ whence: Whence) throws -> Int64 {
    let real = realFD(fd)
    return try syscall("lseek(\(fd))") { () -> (result: Int64, failed: Bool) in
      let position = Glibc.lseek(real, off_t(offset), whence.rawValue)
      return (Int64(position), position < 0)
    }
  }

  /// `read(fd, count)`: the bytes read.
  public func read(_ fd: Int32, _ count: Int) throws -> [UInt8] {
    let real = realFD(fd)
    var buffer = [UInt8](repeating: 0, count: count)
    let length = try syscall("read(\(fd))") { () -> (result: Int, failed: Bool) in
      let length = buffer.withUnsafeMutableBytes { Glibc.read(real, $0.baseAddress, count) }
      return (length, length < 0)
    }
    return Array(buffer.prefix(length))
  }

  /// `dup(fd)`: a new fd for the same open file, without `FD_CLOEXEC`.
  public func dup(_ fd: Int32) throws -> Int32 {
    let real = realFD(fd)
    let copy = try syscall("dup(\(fd))") { () -> (result: Int32, failed: Bool) in
      let copy = Glibc.dup(real)
      return (copy, copy < 0)
    }
    return install(copy)
  }
}

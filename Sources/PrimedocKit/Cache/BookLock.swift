import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on a book's cache folder (`.primedoc-cache/lock`, `flock`), so
/// that two primedoc processes on one book never interleave their builds: the
/// second waits for the first, and says so. The kernel drops the lock when the
/// holder exits, however it exits, so a crash leaves no stale lock behind.
final class BookLock {
  private let descriptor: Int32

  /// Takes the lock, waiting (and calling `waiting` once) while another process holds it.
  init(folder: URL, waiting: () -> Void) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent("lock").path
    descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw PrimedocError(nil, "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
    }
    if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
      waiting()
      guard flock(descriptor, LOCK_EX) == 0 else {
        close(descriptor)
        throw PrimedocError(nil, "cannot lock \(path): \(String(cString: strerror(errno)))")
      }
    }
  }

  deinit {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}

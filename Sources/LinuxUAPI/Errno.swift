/// An error number, returned where the kernel returns `-errno`.
public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
  public let name: String
  public let value: Int32
  /// The kernel function that returned it, or the userspace call that saw it.
  public let function: String
  /// Seen by userspace (an ioctl's `-1` and `errno`), not by kernel code.
  public let inUserspace: Bool

  public init(_ name: String, _ value: Int32, in function: String, inUserspace: Bool = false) {
    self.name = name
    self.value = value
    self.function = function
    self.inUserspace = inUserspace
  }

  public var description: String {
    inUserspace ? "\(function) failed: \(name) (\(Errno.messages[name] ?? "error \(value)"))" : "\(function): -\(name)"
  }

  /// The same error as the userspace call that made it sees it.
  package func seen(by call: String) -> Errno { Errno(name, value, in: call, inUserspace: true) }

  /// The error's name for its number, as userspace's `errno` holds it.
  package static func name(of value: Int32) -> String {
    table.first { $0.value == value }?.name ?? "E\(value)"
  }

  static let messages = Dictionary(uniqueKeysWithValues: table.map { ($0.name, $0.message) })

  /// Every error the API names: asm-generic/errno-base.h and errno.h, with glibc's
  /// `strerror` text.
  static let table: [(name: String, value: Int32, message: String)] = [
    ("EPERM", 1, "Operation not permitted"), ("ENOENT", 2, "No such file or directory"),
    ("EINTR", 4, "Interrupted system call"), ("EIO", 5, "Input/output error"), ("EBADF", 9, "Bad file descriptor"),
    ("EAGAIN", 11, "Resource temporarily unavailable"), ("ENOMEM", 12, "Cannot allocate memory"),
    ("EACCES", 13, "Permission denied"), ("EFAULT", 14, "Bad address"), ("EBUSY", 16, "Device or resource busy"),
    ("ENODEV", 19, "No such device"), ("EINVAL", 22, "Invalid argument"),
    ("ENOTTY", 25, "Inappropriate ioctl for device"),
    ("ENOSPC", 28, "No space left on device"), ("ENOSYS", 38, "Function not implemented"),
    ("EOVERFLOW", 75, "Value too large for defined data type"), ("EOPNOTSUPP", 95, "Operation not supported"),
    ("ETIMEDOUT", 110, "Connection timed out"),
  ]

  private static func named(_ name: String, _ function: String) -> Errno {
    Errno(name, table.first { $0.name == name }?.value ?? 0, in: function)
  }

  public static func EPERM(_ f: String) -> Errno { named("EPERM", f) }
  public static func ENOENT(_ f: String) -> Errno { named("ENOENT", f) }
  public static func EINTR(_ f: String) -> Errno { named("EINTR", f) }
  public static func EIO(_ f: String) -> Errno { named("EIO", f) }
  public static func EBADF(_ f: String) -> Errno { named("EBADF", f) }
  public static func EAGAIN(_ f: String) -> Errno { named("EAGAIN", f) }
  public static func ENOMEM(_ f: String) -> Errno { named("ENOMEM", f) }
  public static func EACCES(_ f: String) -> Errno { named("EACCES", f) }
  public static func EFAULT(_ f: String) -> Errno { named("EFAULT", f) }
  public static func EBUSY(_ f: String) -> Errno { named("EBUSY", f) }
  public static func ENODEV(_ f: String) -> Errno { named("ENODEV", f) }
  public static func EINVAL(_ f: String) -> Errno { named("EINVAL", f) }
  public static func ENOTTY(_ f: String) -> Errno { named("ENOTTY", f) }
  public static func ENOSYS(_ f: String) -> Errno { named("ENOSYS", f) }
  public static func EOVERFLOW(_ f: String) -> Errno { named("EOVERFLOW", f) }
  public static func ETIMEDOUT(_ f: String) -> Errno { named("ETIMEDOUT", f) }
}

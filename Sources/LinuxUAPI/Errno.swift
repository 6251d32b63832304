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
    numbers.first { $0.value == value }?.key ?? "E\(value)"
  }

  static let numbers: [String: Int32] = [
    "EPERM": 1, "ENOENT": 2, "EINTR": 4, "EIO": 5, "EBADF": 9, "EAGAIN": 11, "ENOMEM": 12, "EACCES": 13,
    "EFAULT": 14, "EBUSY": 16, "ENODEV": 19, "EINVAL": 22, "ENOTTY": 25, "ENOSPC": 28, "ENOSYS": 38,
    "EOVERFLOW": 75, "EOPNOTSUPP": 95, "ETIMEDOUT": 110,
  ]

  package static let messages = [
    "EPERM": "Operation not permitted", "ENOENT": "No such file or directory", "EINTR": "Interrupted system call",
    "EBADF": "Bad file descriptor", "EAGAIN": "Resource temporarily unavailable", "ENOMEM": "Cannot allocate memory",
    "EACCES": "Permission denied", "EFAULT": "Bad address", "EBUSY": "Device or resource busy",
    "ENODEV": "No such device", "EINVAL": "Invalid argument", "ENOTTY": "Inappropriate ioctl for device",
    "ENOSYS": "Function not implemented", "EOVERFLOW": "Value too large for defined data type",
    "ETIMEDOUT": "Connection timed out", "EIO": "Input/output error", "ENOSPC": "No space left on device",
    "EOPNOTSUPP": "Operation not supported",
  ]

  public static func EPERM(_ f: String) -> Errno { Errno("EPERM", 1, in: f) }
  public static func ENOENT(_ f: String) -> Errno { Errno("ENOENT", 2, in: f) }
  public static func EINTR(_ f: String) -> Errno { Errno("EINTR", 4, in: f) }
  public static func EIO(_ f: String) -> Errno { Errno("EIO", 5, in: f) }
  public static func EBADF(_ f: String) -> Errno { Errno("EBADF", 9, in: f) }
  public static func EAGAIN(_ f: String) -> Errno { Errno("EAGAIN", 11, in: f) }
  public static func ENOMEM(_ f: String) -> Errno { Errno("ENOMEM", 12, in: f) }
  public static func EACCES(_ f: String) -> Errno { Errno("EACCES", 13, in: f) }
  public static func EFAULT(_ f: String) -> Errno { Errno("EFAULT", 14, in: f) }
  public static func EBUSY(_ f: String) -> Errno { Errno("EBUSY", 16, in: f) }
  public static func ENODEV(_ f: String) -> Errno { Errno("ENODEV", 19, in: f) }
  public static func EINVAL(_ f: String) -> Errno { Errno("EINVAL", 22, in: f) }
  public static func ENOTTY(_ f: String) -> Errno { Errno("ENOTTY", 25, in: f) }
  public static func ENOSYS(_ f: String) -> Errno { Errno("ENOSYS", 38, in: f) }
  public static func EOVERFLOW(_ f: String) -> Errno { Errno("EOVERFLOW", 75, in: f) }
  public static func ETIMEDOUT(_ f: String) -> Errno { Errno("ETIMEDOUT", 110, in: f) }
}

import Glibc
@_exported public import LinuxUAPI
public import PrimedocHarness

/// The running Linux kernel, seen from userspace: the same API as DocModel's
/// `Kernel` where userspace can do the same thing for real, and nothing else.
///
/// A scenario compiles against this module only if it uses no more than that: no
/// kernel version or configuration (the kernel is whatever booted; a scenario that
/// pins one makes no claim about this one), no kernel internals, no trace, no
/// `dmesg`. primedoc lets the compiler decide which scenarios qualify.
public final class Kernel {
  var nextPid: Int32 = 1000

  public init() {}

  /// A kernel of `version`: this machine's release line must be that version, or
  /// the page stops here (a scenario's claim about one release is never checked on
  /// another).
  public init(version: KernelVersion) {
    var names = utsname()
    _ = uname(&names)
    let release = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    guard release.hasPrefix("\(version.major).\(version.minor).") else {
      fatalError("this machine runs Linux \(release); the scenario asks for \(version.major).\(version.minor)")
    }
  }

  /// A process, as the model starts one; on a real kernel all of them are this
  /// process, each with its own table of file descriptors (see `Process`).
  public func spawn(_ comm: String) -> Process {
    defer { nextPid += 1 }
    return Process(comm: comm, pid: nextPid)
  }

  /// The device node of a loaded DRM driver: the `/dev/dri/card*` whose
  /// `DRM_IOCTL_VERSION` names it. The drivers are loaded when the machine boots;
  /// a driver that is not there ends the page.
  public func load(_ kind: DriverKind) -> DrmDevice {
    guard let card = Self.node("card", 0..<16, of: kind) else {
      fatalError("no DRM device of driver \(kind.driverName) on this machine")
    }
    return DrmDevice(name: kind.driverName, path: card, renderPath: Self.node("renderD", 128..<144, of: kind))
  }

  /// The `/dev/dri/NAME<minor>` node whose `DRM_IOCTL_VERSION` names the driver.
  private static func node(_ name: String, _ minors: Range<Int>, of kind: DriverKind) -> String? {
    for minor in minors {
      let path = "/dev/dri/\(name)\(minor)"
      let fd = open(path, O_RDWR | O_CLOEXEC)
      guard fd >= 0 else { continue }
      defer { _ = Glibc.close(fd) }
      if DRM.driverName(fd) == kind.driverName { return path }
    }
    return nil
  }

  /// Waits for real: a timer the model fires in virtual time fires here after
  /// the same time on the wall clock.
  public func sleep(seconds: Double) {
    var time = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    var left = timespec()
    while nanosleep(&time, &left) != 0 && errno == EINTR { time = left }
  }

  public func advance(by nanoseconds: UInt64) { sleep(seconds: Double(nanoseconds) / 1e9) }
}

/// The releases a scenario may pin on a real machine: Debian 12's, which the
/// real-kernel check boots. A scenario pinned to any other does not compile here.
public struct KernelVersion: Sendable {
  let major: Int
  let minor: Int
  public static let v6_1 = KernelVersion(major: 6, minor: 1)
}

/// The drivers a real machine offers under QEMU that the model also has.
public enum DriverKind: Sendable {
  /// vgem: virtual GEM.
  case vgem
  /// virtio-gpu as QEMU's `-device virtio-gpu-pci` offers it: no blob resources,
  /// no virgl (the model's `.virtioGPU` default).
  case plainVirtioGPU
  /// QEMU's `-vga cirrus`.
  case cirrus
  /// QEMU's `-device qxl`.
  case qxl

  public static var virtioGPU: DriverKind { .plainVirtioGPU }

  var driverName: String {
    switch self {
    case .vgem: "vgem"
    case .plainVirtioGPU: "virtio_gpu"
    case .cirrus: "cirrus"
    case .qxl: "qxl"
    }
  }
}

/// A device node.
public final class DrmDevice {
  public let name: String
  let path: String
  /// Its render node, when the driver has one.
  let renderPath: String?

  init(name: String, path: String, renderPath: String?) {
    self.name = name
    self.path = path
    self.renderPath = renderPath
  }
}

/// Errors are documented outcomes here as in the model: `expect=failure` accepts them.
extension Errno: DocumentedFailure {}

/// A mainline release, for behaviour that changed between versions.
///
/// Drivers take the kernel's version unless a scenario pins their own (a driver
/// backported to a stable tree). Which behaviour a version has is never decided
/// here: it is read from `KernelHistory`, where each change names its commit.
public struct KernelVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
  public let major: Int
  public let minor: Int

  public init(_ major: Int, _ minor: Int) {
    self.major = major
    self.minor = minor
  }

  public static func < (a: Self, b: Self) -> Bool { (a.major, a.minor) < (b.major, b.minor) }
  public var description: String { "v\(major).\(minor)" }

  /// Whether this release carries `change` (it is at or after the change's first release).
  public func has(_ change: KernelChange) -> Bool { self >= change.release || change.stable.contains(self) }

  public static let v5_12 = Self(5, 12)
  /// Debian 12's kernel, which the real-kernel check boots.
  public static let v6_1 = Self(6, 1)
  public static let v6_2 = Self(6, 2)
  public static let v6_5 = Self(6, 5)
  public static let v6_6 = Self(6, 6)
  public static let v6_8 = Self(6, 8)
  public static let v6_9 = Self(6, 9)
  public static let v6_10 = Self(6, 10)
  public static let v6_11 = Self(6, 11)
  public static let v6_12 = Self(6, 12)
  public static let v6_13 = Self(6, 13)
  public static let v6_14 = Self(6, 14)
  public static let v6_15 = Self(6, 15)
  public static let v6_17 = Self(6, 17)
  public static let v6_19 = Self(6, 19)
  /// The release after v6.19 (the "6.20" of the merge window's pull requests).
  public static let v7_0 = Self(7, 0)

  /// The oldest release the model models. From v6.2 the dma-buf locking convention
  /// (`KernelChange.dmaBufLockingConvention`) is in force everywhere. At v6.1 the
  /// model does what the core does on userspace's behalf (PRIME import and export,
  /// mappings, fences: what the real-kernel check runs on Debian's 6.1); kernel code a
  /// scenario calls itself under the convention (mapping, pinning, vmapping an
  /// attachment) throws `NotModelled` there.
  public static let oldestModelled = v6_1
  /// The newest behaviour the model knows.
  public static let latest = v7_0
}

/// Kernel configuration options the model honours.
public enum KernelConfig: Hashable, Sendable {
  /// `CONFIG_DMABUF_DEBUG`: importers get sg_tables whose page side they cannot use
  /// (XOR-mangled page links before v7.0, a page-less copy since). Its Kconfig
  /// default by release is `KernelConfig.defaults(for:with:)`.
  case dmabufDebug
  /// `CONFIG_DMABUF_MOVE_NOTIFY`: exporters may move buffers that dynamic importers map.
  case dmabufMoveNotify
  /// `CONFIG_PROVE_LOCKING`: `dma_resv_assert_held` splats when the convention is broken.
  case lockdep
  /// Not a config option but the boot parameter `drm.debug=0x1` (`DRM_UT_CORE`):
  /// `DRM_DEBUG` messages are printed.
  case drmDebug
  /// Not a kernel option: the model's own checker names the importer rule broken
  /// the moment it happens, even where the kernel carries on silently.
  case strictImporterRules
}

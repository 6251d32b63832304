/// Where a PCI device sits: which host bridge (root complex) it is under and,
/// below it, which PCIe switch if any. Peer-to-peer DMA is decided from this.
public struct PCIPlacement: Hashable, Sendable, CustomStringConvertible {
  public let hostBridge: Int
  /// The switch the device's slot is behind; nil for a slot on a root port.
  public let pcieSwitch: Int?

  /// A slot on a root port of host bridge `hostBridge`.
  public static func rootPort(hostBridge: Int = 0) -> Self { Self(hostBridge: hostBridge, pcieSwitch: nil) }
  /// A slot behind PCIe switch `id` (itself under host bridge `hostBridge`).
  public static func behindSwitch(_ id: Int, hostBridge: Int = 0) -> Self {
    Self(hostBridge: hostBridge, pcieSwitch: id)
  }

  public var description: String {
    "host bridge \(hostBridge)" + (pcieSwitch.map { ", behind switch \($0)" } ?? ", root port")
  }
}

/// The CPU, as far as `cpu_supports_p2pdma` cares.
public enum CPU: Hashable, Sendable {
  /// AMD Zen (`x86_vendor == X86_VENDOR_AMD && x86 >= 0x17`): peer-to-peer through
  /// the host bridges is allowed, across root complexes too.
  case amdZen
  /// Intel: only through host bridges on `host_bridge_whitelist`, a list of
  /// server root ports (Xeon E5/E7 v3, Skylake-E, Ice Lake-SP); the model's
  /// machines have none of them.
  case intel
}

/// `pci_p2pdma_distance(provider, client, verbose = false)` (`drivers/pci/p2pdma.c`,
/// `pci_p2pdma_distance_many` and `calc_map_type_and_dist`): -1 when the client is
/// not a PCI device (`find_parent_pci_dev` finds none) or when the two share no
/// switch and the path through the host bridges is not allowed (`cpu_supports_p2pdma`
/// or `host_bridge_whitelist`); otherwise the number of bridges between them. ACS
/// redirection is not modelled (the model's switches have it off).
func pci_p2pdma_distance(_ provider: Device, _ client: Device, cpu: CPU) -> Int {
  guard let a = provider.pci, let b = client.pci else { return -1 }
  if let sw = a.pcieSwitch, sw == b.pcieSwitch, a.hostBridge == b.hostBridge {
    return 4  // PCI_P2PDMA_MAP_BUS_ADDR: up to the switch's downstream ports and back
  }
  // PCI_P2PDMA_MAP_THRU_HOST_BRIDGE
  guard cpu == .amdZen else { return -1 }
  let hops = { (p: PCIPlacement) in p.pcieSwitch == nil ? 2 : 4 }
  return hops(a) + hops(b)
}

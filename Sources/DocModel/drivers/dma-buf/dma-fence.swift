/// `struct dma_fence`: signalled once, never unsignalled; time comes from the
/// kernel's virtual clock.
public final class dma_fence: CustomStringConvertible {
  public let context: UInt64
  public let seqno: UInt64
  public let driver: String
  public private(set) var signaled = false
  public private(set) var error: Int32 = 0

  init(context: UInt64, seqno: UInt64, driver: String) {
    self.context = context
    self.seqno = seqno
    self.driver = driver
  }

  /// `dma_fence_signal`: false if it was already signalled.
  @discardableResult func signal(error: Int32 = 0) -> Bool {
    guard !signaled else { return false }
    signaled = true
    self.error = error
    return true
  }

  public var description: String { "\(driver) fence \(context):\(seqno)\(signaled ? " (signaled)" : "")" }
}

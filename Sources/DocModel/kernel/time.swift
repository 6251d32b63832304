/// Virtual time: `now`, timers (vgem's fence timeouts) and letting time pass.
/// Kernel: `kernel/time/timer.c`.
extension Kernel {

  /// Lets `nanoseconds` of virtual time pass, firing the timers that fall due.
  public func advance(by nanoseconds: UInt64) {
    let end = now + nanoseconds
    while let next = timers.enumerated().filter({ $0.element.at <= end }).min(by: {
      ($0.element.at, $0.element.order) < ($1.element.at, $1.element.order)
    }) {
      timers.remove(at: next.offset)
      now = next.element.at
      next.element.fire()
    }
    now = end
  }

  /// Lets `seconds` of virtual time pass.
  public func sleep(seconds: Double) { advance(by: UInt64(seconds * 1e9)) }

  /// Fires the earliest pending timer (before `deadline`, if given), moving time to
  /// it; false when none is left.
  func runNextTimer(before deadline: UInt64 = .max) -> Bool {
    guard
      let next = timers.enumerated().min(by: { ($0.element.at, $0.element.order) < ($1.element.at, $1.element.order) }),
      next.element.at <= deadline
    else {
      return false
    }
    timers.remove(at: next.offset)
    now = max(now, next.element.at)
    next.element.fire()
    return true
  }

  func addTimer(after nanoseconds: UInt64, _ fire: @escaping () -> Void) {
    timerOrder += 1
    timers.append((now + nanoseconds, timerOrder, fire))
  }
}

internal import PrimedocHarness
internal import PrimedocHarnessProtocol

/// One simulated machine: a kernel version and configuration, physical memory, the
/// loaded drivers, the processes, a virtual clock, `dmesg`, and the trace of every
/// call made.
///
/// Everything is deterministic: pids, fds, handles, addresses and fence seqnos come
/// from counters, time only moves when a scenario waits, so the same scenario prints
/// the same bytes on every machine.
public final class Kernel {
  public let version: KernelVersion
  public let config: Set<KernelConfig>
  /// The machine's CPU, which decides peer-to-peer DMA through host bridges.
  public let cpu: CPU
  /// `/proc/sys/kernel/panic_on_warn`: a `WARN` throws instead of carrying on.
  public var panic_on_warn = false
  public private(set) var trace = Trace()
  /// Kernel log lines, as `dmesg` prints them (without timestamps).
  public internal(set) var dmesg: [String] = []
  /// What the model says of its own, never printed by a kernel: what a host
  /// received from a para-virtual device, where an exporter moved a buffer. Kept
  /// apart from `dmesg` so that no scenario can pass it off as kernel output.
  public private(set) var notes: [String] = []
  /// What the strict checker found (`KernelConfig.strictImporterRules`): one line
  /// per importer rule broken, whether or not the kernel noticed.
  public private(set) var violations: [ImporterRuleViolation] = []
  /// Taint flags (`D` after an oops or BUG, `W` after a warning).
  public internal(set) var taint: Set<Character> = []
  /// Virtual time in nanoseconds since boot.
  public internal(set) var now: UInt64 = 0

  let memory = PhysicalMemory()
  let pageArrays = PageArraySlab()
  /// The process whose system call the kernel is executing, if any.
  var currentProcess: Process?
  /// Oopses so far (`[#N]` in the die header).
  var oopsCount = 0
  /// Places whose `WARN_ON_ONCE` already fired.
  var warnedOnce: Set<String> = []
  /// The call stack: each frame's function, its component, and the names a
  /// `Call Trace:` prints for it (a system call shows its kernel entry path).
  /// `traceNames`: what an oops's `Call Trace:` prints for the frame, when not its
  /// function's name (a system call's entry frames).
  private var stack: [(function: String, component: String, traceNames: [String]?)] = []
  private var nextPid: Int32 = 1000
  /// Devices loaded so far (their minor numbers).
  var loadedDevices = 0
  /// Timers (vgem's fence timeouts) by the virtual time they fire.
  var timers: [(at: UInt64, order: Int, fire: () -> Void)] = []
  var timerOrder = 0
  var nextFenceContext: UInt64 = 1
  /// Every dma-buf ever exported and GEM object ever made, for the balance check.
  /// Weak: objects keep their kernel alive (a `Kernel` can go out of scope while a
  /// scenario still holds a buffer), so the kernel must not keep them.
  private var bufferRefs: [Weak<dma_buf>] = []
  private var objectRefs: [Weak<drm_gem_object>] = []
  var buffers: [dma_buf] { bufferRefs.compactMap(\.value) }
  var objects: [drm_gem_object] { objectRefs.compactMap(\.value) }
  func register(_ buffer: dma_buf) { bufferRefs.append(Weak(buffer)) }
  func register(_ object: drm_gem_object) { objectRefs.append(Weak(object)) }
  var nextInode = 4000
  /// References a kernel path took and never drops (`ttm_prime_fd_to_handle`'s
  /// `dma_buf_get` on its `-ENOSYS` path): held here, strongly, as the kernel's
  /// refcount holds the object for good.
  var leaked: [AnyObject] = []

  /// A kernel of `version` (at least `KernelVersion.oldestModelled`: older kernels
  /// lack what the model's paths assume, so it refuses them).
  public init(version: KernelVersion = .latest, config: Set<KernelConfig> = [], cpu: CPU = .amdZen) {
    precondition(
      version >= .oldestModelled,
      "DocModel models \(KernelVersion.oldestModelled) and later; \(version) is older")
    self.version = version
    self.config = config
    self.cpu = cpu
    Kernel.mostRecent = self
    HarnessTrace.source = Kernel.harnessTrace
  }

  /// The kernel a scenario made last: what a `trace` scenario's diagram shows.
  /// Strong, so that a kernel made inside a scenario's own scope is still there
  /// when the harness reads its trace after the scenario ends.
  nonisolated(unsafe) static var mostRecent: Kernel?

  /// What the harness prints after a `trace` scenario: the most recent kernel's
  /// calls from one component to another.
  private static func harnessTrace() -> [TraceLine] {
    (mostRecent?.trace.crossing.events ?? []).map {
      TraceLine(caller: $0.caller, callee: $0.callee, function: $0.function, result: $0.result ?? "")
    }
  }

  public func has(_ option: KernelConfig) -> Bool { config.contains(option) }

  /// Starts a process (`comm` is its name in oopses and traces).
  public func spawn(_ comm: String) -> Process {
    nextPid += 1
    return Process(kernel: self, comm: comm, pid: nextPid)
  }

  /// What is still held: dma-bufs not released (with their file references,
  /// attachments, mappings and vmaps). Empty once every fd of every process is
  /// closed and every importer cleaned up: the balance invariant.
  public var outstanding: [String] {
    buffers.filter { !$0.released }.map { buffer in
      let mappings = buffer.attachments.reduce(0) { $0 + $1.mappings.count }
      return "\(buffer): \(buffer.file_count) file reference(s), \(buffer.attachments.count) attachment(s), "
        + "\(mappings) mapping(s), vmapping_counter \(buffer.vmapping_counter)"
    } + objects.filter { $0.refcount != 0 }.map { "\($0): refcount \($0.refcount)" }
  }

  /// `dmesg --clear`: forget the log so far (a scenario's setup noise).
  public func dmesg_clear() { dmesg.removeAll() }

  /// `dmesg` as one string.
  public var log: String { dmesg.joined(separator: "\n") }

  // MARK: - Calls, traces and the call stack

  /// The component making calls right now: the innermost frame's.
  var currentComponent: String { stack.last?.component ?? "kernel" }

  /// Runs `body` as `function` of `component`, recording the call in the trace and
  /// on the call stack that oopses print.
  func call<T, E: Error>(
    _ function: String, in component: String, from caller: String? = nil, traceNames: [String]? = nil,
    result describe: (T) -> String = { _ in "ok" }, _ body: () throws(E) -> T
  ) throws(E) -> T {
    let index = trace.events.count
    trace.events.append(
      TraceEvent(
        caller: caller ?? currentComponent, callee: component, function: function, result: nil, depth: stack.count))
    stack.append((function, component, traceNames))
    defer { stack.removeLast() }
    do {
      let value = try body()
      // A kernel function that returns an error code (rather than throwing it
      // through the model) failed all the same: the trace says so.
      trace.events[index].result = (value as? Errno).map { TraceResult.errno($0.name) } ?? describe(value)
      return value
    } catch {
      trace.events[index].result = Self.traceResult(of: error)
      throw error
    }
  }

  private static func traceResult(of error: any Error) -> String {
    switch error {
    case let errno as Errno: TraceResult.errno(errno.name)
    case is Oops: TraceResult.oops
    case let signal as Signal: TraceResult.signal(signal.name)
    case is KernelWarning: TraceResult.fatalWarning
    default: TraceResult.error
    }
  }

  /// Runs a scenario's own kernel code as `function` of `component` (an importer
  /// driver's function, say), so that traces and oopses name it. With `process`,
  /// the code runs in that process's context (an ioctl it made), as `Comm:` shows.
  public func run<T>(
    _ function: String, in component: String = "importer", on process: Process? = nil, _ body: () throws -> T
  )
    throws -> T
  {
    guard let process else { return try call(function, in: component, body) }
    return try process.inKernel { try call(function, in: component, body) }
  }

  /// The functions on the stack, innermost first, for a `Call Trace:`.
  var callTrace: [String] { stack.reversed().flatMap { $0.traceNames ?? [$0.function] } }

  /// Logs a line, as `pr_*`/`drm_*` do.
  func printk(_ line: String) { dmesg.append(line) }

  /// Records one of the model's own notes (`notes`), marked as the model's.
  func note(_ line: String) { notes.append("[model] " + line) }

  /// The model's own checker (`KernelConfig.strictImporterRules`): names a broken
  /// importer rule the moment it happens, in `violations`, a report of its own.
  /// It never changes what the kernel does: outputs stay what the kernel shows.
  func checkRule(_ rule: String, _ detail: @autoclosure () -> String) {
    guard has(.strictImporterRules) else { return }
    violations.append(ImporterRuleViolation(rule: rule, detail: detail()))
  }
}

func hex(_ value: UInt64, width: Int = 16) -> String {
  let digits = String(value, radix: 16)
  return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// A weak reference, for registries that must not keep objects alive.
struct Weak<T: AnyObject> {
  weak var value: T?
  init(_ value: T) { self.value = value }
}

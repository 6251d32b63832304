import Foundation
import Subprocess
import Synchronization

/// Runs one page of the compiled harness, each of its sessions in a process of its
/// own (and its own process session) that the harness's fork server forks
/// (`HarnessServer`), and turns what they printed into per-scenario outcomes.
///
/// The runner watches the output as it streams: it knows which scenario is
/// running from the markers, so it can enforce that scenario's `timeout=`, cap its
/// output, and kill the whole process group (grandchildren included) the moment
/// either is exceeded, or when the harness exits leaving a child holding its pipes.
struct PageRunner: Sendable {
  /// The harness, started once; each run is a child it forks.
  var server: HarnessServer
  var defaultTimeout: Duration
  /// Per scenario; a session's process is killed when one scenario prints more.
  var outputCap: Int

  static let stderrCap = 256 << 10

  /// What every run's environment adds to primedoc's; the server's, which its
  /// children inherit.
  static let environment = [
    // A verified output must not depend on the run: Set and Dictionary order
    // would change with the per-process hashing seed.
    "SWIFT_DETERMINISTIC_HASHING": "1",
    // Crash reports name the Markdown line in their first frames; keep them short.
    "SWIFT_BACKTRACE": "enable=yes,interactive=no,threads=crashed,registers=none,images=none,limit=12",
  ]

  /// Which of the three tasks watching a page finished.
  private enum Stream: Sendable {
    case standardOutput
    case standardError([UInt8])
    case watchdog
  }

  /// What runs reported: outcomes and `trace` lines, by scenario index.
  typealias Reports = (outcomes: [Int: ScenarioOutcome], traces: [Int: String])

  /// Runs the page's programs (its sessions, its trap scenarios) one after another.
  /// Outcomes of scenarios no run reports on are left out.
  func run(_ page: PageScenarios, runs: [HarnessRun]) async throws -> Reports {
    var outcomes: [Int: ScenarioOutcome] = [:]
    var traces: [Int: String] = [:]
    for harnessRun in runs {
      let run = try await run(harnessRun, of: page)
      outcomes.merge(run.outcomes) { $1 }
      traces.merge(run.traces) { $1 }
    }
    return (outcomes, traces)
  }

  private func run(_ harnessRun: HarnessRun, of page: PageScenarios) async throws -> Reports {
    let scenarios = harnessRun.scenarios.compactMap(page.scenario)
    let nonce = Transcript.makeNonce()
    let transcript = Transcript(nonce: nonce)
    let timeouts = Dictionary(
      uniqueKeysWithValues: scenarios.map { ($0.index, $0.attributes.timeout ?? defaultTimeout) })
    let monitor = RunMonitor(transcript: transcript, outputCap: outputCap)
    let child = try await server.start(session: harnessRun.number, nonce: nonce)
    let pid = child.pid
    let standardError = try await withThrowingTaskGroup(of: Stream.self) { group in
      group.addTask {
        for await chunk in child.standardOutput {
          if monitor.append(chunk) { Self.killGroup(pid) }
        }
        monitor.closeOutput()
        return .standardOutput
      }
      group.addTask {
        var collected: [UInt8] = []
        for await chunk in child.standardError where collected.count < Self.stderrCap {
          collected += chunk.prefix(Self.stderrCap - collected.count)
        }
        return .standardError(collected)
      }
      group.addTask {
        // Cancelled as soon as both pipes close, so a page costs no polling delay.
        while !monitor.outputClosed {
          do { try await Task.sleep(for: .milliseconds(20)) } catch { return .watchdog }
          if monitor.checkTimeouts(timeouts, default: defaultTimeout, leaderExited: server.hasExited(pid)) {
            Self.killGroup(pid)
          }
        }
        return .watchdog
      }
      var standardError: [UInt8] = []
      var pipesOpen = 2
      while let finished = try await group.next() {
        switch finished {
        case .standardOutput: pipesOpen -= 1
        case .standardError(let bytes):
          standardError = bytes
          pipesOpen -= 1
        case .watchdog: break
        }
        if pipesOpen == 0 { group.cancelAll() }
      }
      return standardError
    }
    let status = await server.termination(of: pid)
    // The harness is gone; anything left in its process group outlived it.
    if Foundation.kill(-pid, 0) == 0 {
      Self.killGroup(pid)
      monitor.markOrphans()
    }
    let reading = transcript.read(monitor.output)
    let outcomes = interpret(
      reading, scenarios: scenarios, of: page, status: status,
      standardError: String(decoding: standardError, as: UTF8.self), kill: monitor.killReason)
    return (outcomes, reading.traces)
  }

  /// Maps the transcript and the way the process ended onto every scenario of the run.
  private func interpret(
    _ reading: Transcript.Reading, scenarios: [Scenario], of page: PageScenarios, status: TerminationStatus,
    standardError: String, kill: RunMonitor.KillReason?
  ) -> [Int: ScenarioOutcome] {
    var outcomes = reading.outcomes
    var stopped: String?
    if let (index, output) = reading.open, let scenario = page.scenario(index) {
      switch kill {
      case .timeout(let limit): outcomes[index] = .timedOut(output, limit: limit)
      case .flood: outcomes[index] = .flooded(output, cap: outputCap)
      case .orphans, nil:
        outcomes[index] = Self.death(
          of: scenario, in: page, output: output, standardError: standardError, status: status)
      }
      stopped = "scenario \(scenario.displayName) before it did not finish"
    } else if !reading.finished {
      stopped =
        "the session's process ended early (\(CrashReport.describe(status)))"
        + (standardError.isEmpty ? "" : ": \(standardError.split(separator: "\n").first ?? "")")
    } else if case .orphans = kill,
      let last = scenarios.last(where: { outcomes[$0.index] != nil })
    {
      // Everything ran, but something it started outlived it: the page fails on
      // its last scenario, the earliest point the runner can name.
      outcomes[last.index] = .crashed(
        outcomes[last.index]?.output ?? OutputBytes(),
        message: "the session's process ended, leaving a child process running; its process group was killed",
        line: nil)
    }
    for scenario in scenarios where outcomes[scenario.index] == nil {
      outcomes[scenario.index] = .notRun(reason: stopped ?? "an earlier scenario stopped its session")
    }
    return outcomes
  }

  /// What a scenario that was running when its process died did: trap as it was
  /// meant to (its output ends with the runtime's message), throw an error nothing
  /// caught (the runtime's "Error raised at top level"), or crash.
  private static func death(
    of scenario: Scenario, in page: PageScenarios, output: OutputBytes, standardError: String,
    status: TerminationStatus
  ) -> ScenarioOutcome {
    if scenario.mode == .expectTrap {
      let message = TrapMessage.extract(standardError: standardError, ending: CrashReport.describe(status))
      return .trapped(OutputBytes(output.bytes + Array((message + "\n").utf8)))
    }
    let crash = CrashReport(standardError: standardError, file: page.displayPath)
    if let error = crash.uncaughtError { return .threw(output, message: error) }
    return .crashed(output, message: crash.message(status: status), line: crash.line ?? scenario.firstCodeLine)
  }

  private static func killGroup(_ pid: pid_t) {
    _ = Foundation.kill(-pid, SIGKILL)
  }
}

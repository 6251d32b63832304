import Foundation

/// Compiles sessions (each script into an object of its own module, each batch
/// into one) against the prebuilt library, links them into one harness, and
/// compiles `compile-fail` scenarios as far as the compiler goes.
struct Compiler: Sendable {
  var toolchain: Toolchain
  /// Link statically (a program that runs where no Swift is installed: a real
  /// kernel's initramfs), against this archive; nil links against
  /// `DocumentedLibrary.archive` dynamically.
  var staticArchive: String? = nil
  /// Where the driver's plans (`plan`) are kept from one check to the next; nil
  /// asks the driver every time.
  var planCache: URL? = nil

  /// Flags shared by every compile: the language mode, one-line diagnostics that
  /// quote the Markdown line, the library's module path.
  private func commonFlags(_ version: SwiftVersion) -> [String] {
    [
      "-swift-version", version.rawValue, "-diagnostic-style", "llvm", "-suppress-warnings",
      "-I", toolchain.modelBinDirectory.appendingPathComponent("Modules").path,
    ] + (staticArchive == nil ? [] : ["-static-executable"]) + toolchain.extraFlags
  }

  /// Compiles one object: a session's script, as the module `module` whose
  /// top-level code is the function `entry` instead of `main` (each session is a
  /// module of its own, so sessions never see each other's names, and each has
  /// its own language mode), or, with no `entry`, a batch of sessions
  /// (`HarnessGenerator.batchFile`), which is a library. Returns the compiler's
  /// errors when it fails.
  ///
  /// `job`, when there is one, is this compile as the frontend runs it
  /// (`frontendJob`): it skips starting the driver.
  func compileObject(
    _ source: URL, module: String, entry: String?, version: SwiftVersion, object: URL, job: FrontendJob? = nil,
    in folder: URL
  ) async throws -> [CompilerDiagnostic]? {
    if let job {
      let arguments = job.arguments(source: source, module: module, entry: entry, object: object)
      return try await failure(of: ChildProcess.run(job.executable, arguments, in: folder))
    }
    let arguments = objectFlags(
      source: source.path, module: module, entry: entry, object: object.path, version: version)
    return try await failure(of: ChildProcess.run(toolchain.swiftc, arguments, in: folder))
  }

  /// The driver's flags for one object: a session's script (whose top-level code
  /// becomes the function `entry`), or a batch, which is a library. Line tables
  /// are all a backtrace needs to name the Markdown line of a trap.
  private func objectFlags(source: String, module: String, entry: String?, object: String, version: SwiftVersion)
    -> [String]
  {
    let kind = entry.map { ["-Xfrontend", "-entry-point-function-name", "-Xfrontend", $0] } ?? ["-parse-as-library"]
    return commonFlags(version) + ["-Onone", "-gline-tables-only", "-c", "-module-name", module] + kind + [
      source, "-o", object,
    ]
  }

  /// The frontend job a session's compile (or, `batch`, a batch's) in `version`
  /// is, asked of the driver (`swiftc -###`) in `folder`, where the jobs will
  /// run; nil when its plan is not one frontend job.
  func frontendJob(version: SwiftVersion, batch: Bool = false, in folder: URL) async throws -> FrontendJob? {
    typealias Placeholder = FrontendJob.Placeholder
    let entry = batch ? nil : Placeholder.entry
    let flags = objectFlags(
      source: Placeholder.source, module: Placeholder.module, entry: entry, object: Placeholder.object,
      version: version)
    return try await plan(flags, in: folder).flatMap { FrontendJob.parse($0, hasEntry: !batch) }
  }

  /// What the driver would run for `arguments` in `folder` (`swiftc -###`), or
  /// nil when it cannot say. Kept in `planCache` under a hash of the compiler's
  /// identity and the arguments: asking costs what starting the driver does
  /// (0.04 s, a tenth of a one-page edit's check, measured), and the answer
  /// changes only with the toolchain. The folder (the compile's working
  /// directory, which the plan names) is kept as a placeholder.
  private func plan(_ arguments: [String], in folder: URL) async throws -> String? {
    let placeholder = "\u{1}primedoc-folder\u{1}"
    let key = Digest.sha256(([toolchain.compilerIdentity()] + arguments).joined(separator: "\u{0}"))
    let file = planCache?.appendingPathComponent(key + ".plan")
    if let file, let kept = try? String(contentsOf: file, encoding: .utf8) {
      return kept.replacingOccurrences(of: placeholder, with: folder.path)
    }
    let outcome = try await ChildProcess.run(toolchain.swiftc, ["-###"] + arguments, in: folder)
    guard outcome.succeeded else { return nil }
    let plan = String(decoding: outcome.standardOutput, as: UTF8.self)
    if let file, let planCache {
      try? FileManager.default.createDirectory(at: planCache, withIntermediateDirectories: true)
      try? plan.replacingOccurrences(of: folder.path, with: placeholder).write(
        to: file, atomically: true, encoding: .utf8)
    }
    return plan
  }

  /// Compiles the dispatcher (`HarnessGenerator.dispatcherFile`) into `object`, to
  /// be linked as `link`'s `main`. Returns the compiler's errors when it fails.
  func compileDispatcher(_ source: URL, object: URL, in folder: URL) async throws -> [CompilerDiagnostic]? {
    try await failure(
      of: ChildProcess.run(toolchain.swiftc, dispatcherFlags + ["-c", source.path, "-o", object.path], in: folder))
  }

  private var dispatcherFlags: [String] {
    commonFlags(.standard) + ["-Onone", "-gline-tables-only", "-module-name", "PrimedocDispatcher"]
  }

  /// Links the dispatcher (its source, or its object from `compileDispatcher`) and
  /// the sessions' objects into `output`. Returns the
  /// compiler's or linker's errors when it fails.
  ///
  /// With a `plan` and a compiled dispatcher, the planned jobs run straight away;
  /// if one fails, the driver links again, and its errors are the ones reported.
  func link(main: URL, objects: [URL], output: URL, plan: LinkPlan? = nil, in folder: URL) async throws
    -> [CompilerDiagnostic]?
  {
    if let plan, main.pathExtension == "o" {
      var linked = true
      for job in plan.jobs(main: main, objects: objects, output: output, temporaries: folder) where linked {
        let executable = URL(fileURLWithPath: job[0])
        linked = try await ChildProcess.run(executable, Array(job.dropFirst()), in: folder).succeeded
      }
      if linked { return nil }
    }
    return try await failure(
      of: ChildProcess.run(
        toolchain.swiftc, linkArguments(main: main.path, objects: objects.map(\.path), output: output.path), in: folder)
    )
  }

  /// The jobs of a link (`LinkPlan`), asked of the driver in `folder`; nil when
  /// its plan is not one this can run.
  func linkPlan(in folder: URL) async throws -> LinkPlan? {
    typealias Placeholder = LinkPlan.Placeholder
    let arguments = linkArguments(main: Placeholder.main, objects: [Placeholder.objects], output: Placeholder.output)
    return try await plan(arguments, in: folder).flatMap(LinkPlan.parse)
  }

  private func linkArguments(main: String, objects: [String], output: String) -> [String] {
    // A static archive is an input, not `-l`, so that it is linked before the
    // static Swift libraries it needs. With the dynamic one, libm: a session can
    // call `round` through the library, which imports Glibc, whose autolink entry
    // is in the archive, which the driver does not read.
    // Both: the Glibc overlay (`open`, `fcntl`, `errno`), which the harness
    // runtime's fork server calls.
    let library =
      if let staticArchive {
        [toolchain.modelBinDirectory.appendingPathComponent("lib\(staticArchive).a").path, "-lswiftGlibc"]
      } else {
        ["-L", toolchain.modelBinDirectory.path, "-l\(DocumentedLibrary.archive)", "-lm", "-lswiftGlibc"]
      }
    return dispatcherFlags + [main] + objects + library + ["-o", output]
  }

  /// Compiles one script through the compiler's mandatory passes (`-emit-sil`), so
  /// errors found after type-checking (definite initialisation, exclusivity) are
  /// reported too; the errors, or none if it compiles.
  func diagnose(_ source: URL, version: SwiftVersion, in folder: URL) async throws -> [CompilerDiagnostic] {
    let outcome = try await ChildProcess.run(
      toolchain.swiftc, commonFlags(version) + ["-Onone", "-emit-sil", source.path, "-o", "/dev/null"], in: folder)
    return outcome.succeeded ? [] : CompilerDiagnostic.parse(outcome.errorText)
  }

  /// nil when the compile succeeded, else its errors; output that holds none (a
  /// linker's) becomes one error without a file.
  private func failure(of outcome: ProcessOutcome) -> [CompilerDiagnostic]? {
    if outcome.succeeded { return nil }
    let diagnostics = CompilerDiagnostic.parse(outcome.errorText)
    guard diagnostics.isEmpty else { return diagnostics }
    var text = outcome.errorText.trimmingCharacters(in: .whitespacesAndNewlines)
    let archive = staticArchive ?? DocumentedLibrary.archive
    if text.contains("multiple definition"), text.contains("lib\(archive).a") {
      // SwiftPM updates the archive in place: objects of deleted source files stay.
      text +=
        "\nhint: lib\(archive).a holds objects of source files that no longer exist; "
        + "delete it from \(toolchain.modelBinDirectory.path) and run `swift build` again (scripts/setup.sh does)"
    }
    return [CompilerDiagnostic(file: nil, line: 0, text: text, context: [])]
  }
}

/// One `error:` line of swiftc's LLVM-style output, with the lines quoted under it.
extension CompilerDiagnostic {
  static func parse(_ output: String) -> [CompilerDiagnostic] {
    var diagnostics: [CompilerDiagnostic] = []
    var current: CompilerDiagnostic?
    for line in output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if let headline = headline(line) {
        if let done = current { diagnostics.append(done) }
        current =
          headline.severity == "error"
          ? CompilerDiagnostic(file: headline.file, line: headline.line, text: line, context: []) : nil
      } else if !line.isEmpty {
        current?.context.append(line)
      }
    }
    if let done = current { diagnostics.append(done) }
    return diagnostics
  }

  /// Splits `file:line:column: severity: message`, or a linker's `file:line: error: message`.
  private static func headline(_ line: String) -> (file: String, line: Int, severity: String)? {
    let parts = line.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
    guard parts.count >= 4, let number = Int(parts[1]) else { return nil }
    let severityPart = Int(parts[2]) != nil && parts.count == 5 ? parts[3] : parts[2]
    let severity = severityPart.trimmingCharacters(in: .whitespaces)
    guard ["error", "warning", "note", "remark"].contains(severity) else { return nil }
    return (String(parts[0]), number, severity)
  }
}

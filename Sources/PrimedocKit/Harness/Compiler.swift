import Foundation

/// Compiles the generated harness with one `swiftc` call against the prebuilt
/// DocModel, and type-checks `compile-fail` scenarios on their own.
struct Compiler: Sendable {
  var toolchain: Toolchain

  /// Flags shared by every compile: Swift 6 mode (swiftc defaults to 5), one-line
  /// diagnostics that quote the Markdown line, the model's module path.
  private var commonFlags: [String] {
    [
      "-swift-version", "6", "-diagnostic-style", "llvm", "-suppress-warnings",
      "-I", toolchain.modelBinDirectory.appendingPathComponent("Modules").path,
    ] + toolchain.extraFlags
  }

  /// Compiles and links `sources` into `output`. Returns the compiler's
  /// diagnostics when it fails.
  ///
  /// `-wmo` compiles every page in one frontend process: the default batch mode
  /// starts a frontend per batch of files, each importing DocModel and the
  /// standard library again, which measured 3× slower at 100 pages and 1000
  /// scenarios (bench/run.py). Line tables are all a backtrace needs to name the
  /// Markdown line of a trap.
  func buildHarness(sources: [URL], output: URL, in folder: URL) async throws -> [CompilerDiagnostic]? {
    try await link(
      sources, output: output, archive: DocumentedLibrary.archive, in: folder,
      flags: ["-gline-tables-only", "-L", toolchain.modelBinDirectory.path, "-l\(DocumentedLibrary.archive)"])
  }

  /// Compiles and links `sources` into a static executable against the archive
  /// `archive` (a program that runs where no Swift is installed: a real kernel's
  /// initramfs). The archive is an input, not `-l`, so that it is linked before the
  /// static Swift libraries it needs. Returns the compiler's diagnostics when it fails.
  func buildStaticHarness(sources: [URL], output: URL, archive: String, in folder: URL) async throws
    -> [CompilerDiagnostic]?
  {
    try await link(
      sources, output: output, archive: archive, in: folder,
      flags: ["-static-executable", toolchain.modelBinDirectory.appendingPathComponent("lib\(archive).a").path])
  }

  /// One `swiftc -wmo` of the pages into the module `Book`, linked with `flags`.
  private func link(_ sources: [URL], output: URL, archive: String, in folder: URL, flags: [String]) async throws
    -> [CompilerDiagnostic]?
  {
    let arguments =
      commonFlags + ["-Onone", "-wmo", "-module-name", "Book"] + flags + sources.map(\.path) + ["-o", output.path]
    let outcome = try await ChildProcess.run(toolchain.swiftc, arguments, in: folder)
    if outcome.succeeded { return nil }
    let diagnostics = CompilerDiagnostic.parse(outcome.errorText)
    guard diagnostics.isEmpty else { return diagnostics }
    var text = outcome.errorText.trimmingCharacters(in: .whitespacesAndNewlines)
    if text.contains("multiple definition"), text.contains("lib\(archive).a") {
      // SwiftPM updates the archive in place: objects of deleted source files stay.
      text +=
        "\nhint: lib\(archive).a holds objects of source files that no longer exist; "
        + "delete it from \(toolchain.modelBinDirectory.path) and run `swift build` again (scripts/setup.sh does)"
    }
    return [CompilerDiagnostic(file: nil, line: 0, text: text, context: [])]
  }

  /// Type-checks one file; the errors it reports, or none if it compiles.
  func typecheck(_ source: URL, in folder: URL) async throws -> [CompilerDiagnostic] {
    let outcome = try await ChildProcess.run(toolchain.swiftc, commonFlags + ["-typecheck", source.path], in: folder)
    return outcome.succeeded ? [] : CompilerDiagnostic.parse(outcome.errorText)
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

  /// Splits `file:line:column: severity: message`.
  private static func headline(_ line: String) -> (file: String, line: Int, severity: String)? {
    let parts = line.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
    guard parts.count == 5, let number = Int(parts[1]), Int(parts[2]) != nil else { return nil }
    let severity = parts[3].trimmingCharacters(in: .whitespaces)
    guard ["error", "warning", "note", "remark"].contains(severity) else { return nil }
    return (String(parts[0]), number, severity)
  }
}

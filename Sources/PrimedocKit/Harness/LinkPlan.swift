import Foundation

/// The jobs `swiftc` runs to link a harness from objects (the autolink
/// extraction, then the linker through clang), asked of the driver once
/// (`swiftc -###`) while the sessions compile, and then run directly: starting
/// the driver cost a third of a link, 0.13 s against 0.09 s (measured, the two
/// batches of a 1,000-scenario book). Like `FrontendJob`, the driver still
/// decides every argument; only the objects, the output and the driver's
/// temporary folder differ from link to link.
struct LinkPlan: Sendable {
  /// Each job: its executable, then its arguments with `Placeholder`s.
  var jobs: [[String]]

  enum Placeholder {
    static let main = "primedoc-placeholder-main.o"
    static let objects = "primedoc-placeholder-objects.o"
    static let output = "primedoc-placeholder-harness"
    /// What the driver names the folder of its temporary files.
    static let temporaryFolder = "/TemporaryDirectory."
  }

  /// Reads the driver's plan: one job a line, in shell quoting. nil when it has
  /// no job, or none that writes the output.
  static func parse(_ plan: String) -> LinkPlan? {
    let lines = plan.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    let jobs = lines.compactMap { FrontendJob.shellWords(String($0)) }
    guard !jobs.isEmpty, jobs.count == lines.count, jobs.contains(where: { $0.contains(Placeholder.output) })
    else { return nil }
    return LinkPlan(jobs: jobs)
  }

  /// The jobs of one link: the placeholders replaced, and the driver's temporary
  /// folder (which `-###` names but does not make) replaced by `temporaries`.
  func jobs(main: URL, objects: [URL], output: URL, temporaries: URL) -> [[String]] {
    jobs.map { job in
      job.flatMap { word -> [String] in
        switch word {
        case Placeholder.main: [main.path]
        case Placeholder.objects: objects.map(\.path)
        case Placeholder.output: [output.path]
        default: [Self.replacingTemporaryFolder(in: word, with: temporaries.path)]
        }
      }
    }
  }

  /// `word` with the driver's temporary folder (`/tmp/TemporaryDirectory.x1Y2z3`)
  /// replaced by `folder`, wherever it stands (`@/tmp/…/harness-1.autolink`).
  static func replacingTemporaryFolder(in word: String, with folder: String) -> String {
    guard let marker = word.range(of: Placeholder.temporaryFolder) else { return word }
    let start = word[..<marker.lowerBound].lastIndex(of: "@").map { word.index(after: $0) } ?? word.startIndex
    let end = word[marker.upperBound...].firstIndex(of: "/") ?? word.endIndex
    return String(word[..<start]) + folder + String(word[end...])
  }
}

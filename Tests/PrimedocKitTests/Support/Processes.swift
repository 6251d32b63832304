import Foundation

/// Processes whose command line (NUL-separated, as in `/proc/PID/cmdline`) mentions
/// `text`, with their state letter (`Z`: a zombie, already dead); with `harness`,
/// only those whose program is the compiled harness.
func processes(mentioning text: String, harness: Bool = false) -> [(pid: Int32, state: Character)] {
  let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
  return entries.compactMap { entry in
    guard let pid = Int32(entry),
      let cmdline = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")),
      String(decoding: cmdline, as: UTF8.self).contains(text),
      !harness || String(decoding: cmdline.prefix { $0 != 0 }, as: UTF8.self).hasSuffix("/harness"),
      let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return nil }
    return (pid, stat[stat.index(close, offsetBy: 2)])
  }
}

import Foundation

/// Writes a site next to its destination and swaps it in only when every file is
/// written: a failed or interrupted build leaves the previous site as it was.
struct SiteWriter {
  var destination: URL

  func write(_ site: Site) throws {
    let manager = FileManager.default
    let parent = destination.standardizedFileURL.deletingLastPathComponent()
    let name = destination.lastPathComponent
    let staging = parent.appendingPathComponent(".\(name).new-\(ProcessInfo.processInfo.processIdentifier)")
    let previous = parent.appendingPathComponent(".\(name).old-\(ProcessInfo.processInfo.processIdentifier)")
    var isDirectory: ObjCBool = false
    if manager.fileExists(atPath: destination.path, isDirectory: &isDirectory), !isDirectory.boolValue {
      throw PrimedocError(nil, "cannot write the site to '\(destination.path)': a file of that name is in the way")
    }
    do {
      try? manager.removeItem(at: staging)
      try manager.createDirectory(at: staging, withIntermediateDirectories: true)
      for (path, source) in site.copies {
        let file = staging.appendingPathComponent(path)
        try manager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try manager.copyItem(at: source, to: file)
      }
      // Generated files win over a book's file of the same name.
      for (path, content) in site.files {
        let file = staging.appendingPathComponent(path)
        try manager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try content.write(to: file, options: .atomic)
      }
    } catch {
      try? manager.removeItem(at: staging)
      throw PrimedocError(nil, "cannot write the site in '\(parent.path)': \(error.localizedDescription)")
    }
    // Swap: old aside, new in place, old removed; on failure the old one returns.
    let hadPrevious = manager.fileExists(atPath: destination.path)
    if hadPrevious { try manager.moveItem(at: destination, to: previous) }
    do {
      try manager.moveItem(at: staging, to: destination)
    } catch {
      if hadPrevious { try? manager.moveItem(at: previous, to: destination) }
      try? manager.removeItem(at: staging)
      throw PrimedocError(nil, "cannot move the new site into '\(destination.path)': \(error.localizedDescription)")
    }
    if hadPrevious { try? manager.removeItem(at: previous) }
  }
}

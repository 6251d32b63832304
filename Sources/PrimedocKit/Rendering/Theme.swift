import Foundation
import Mustache

/// How a site looks: the page template (`page.mustache`) and the files copied
/// beside the pages (`style.css`, `primedoc.js`, and whatever else a theme holds).
/// The standard theme ships as files in primedoc's resource bundle; `--theme DIR`
/// lays a folder over it, so a theme overrides only the files it has.
struct Theme: Sendable {
  static let templateName = "page.mustache"

  var page: MustacheTemplate
  /// Files copied into the site as they are, by relative path.
  var assets: [String: Data]

  /// The standard theme, overlaid with `folder`'s files when one is given.
  static func load(overlay folder: URL? = nil) throws(PrimedocError) -> Theme {
    var files = try files(in: standardFolder)
    if let folder {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw PrimedocError(
          nil,
          "the theme folder '\(folder.path)' does not exist; `primedoc theme \(folder.path)` writes the standard theme there to start from"
        )
      }
      files.merge(try Self.files(in: folder)) { _, overlay in overlay }
    }
    guard let template = files.removeValue(forKey: templateName) else {
      throw PrimedocError(
        nil, "primedoc's standard theme has no \(templateName) in '\(standardFolder.path)'; reinstall primedoc")
    }
    let page = try parse(template.data, file: template.origin.path)
    return Theme(page: page, assets: files.mapValues(\.data))
  }

  /// Writes the standard theme into `folder` to start a theme from; never
  /// overwrites a file that is already there.
  static func exportStandard(to folder: URL) throws(PrimedocError) {
    let manager = FileManager.default
    let standard = try files(in: standardFolder)
    for path in standard.keys.sorted() where manager.fileExists(atPath: folder.appendingPathComponent(path).path) {
      throw PrimedocError(nil, "'\(folder.appendingPathComponent(path).path)' already exists; nothing was written")
    }
    do {
      for (path, file) in standard {
        let target = folder.appendingPathComponent(path)
        try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try file.data.write(to: target)
      }
    } catch {
      throw PrimedocError(nil, "cannot write the theme to '\(folder.path)': \(error.localizedDescription)")
    }
  }

  /// Where SwiftPM put the standard theme (`resources: [.copy("Theme")]`).
  static var standardFolder: URL {
    (Bundle.module.resourceURL ?? Bundle.module.bundleURL).appendingPathComponent("Theme")
  }

  private static func files(in folder: URL) throws(PrimedocError) -> [String: (data: Data, origin: URL)] {
    let base = folder.standardizedFileURL.resolvingSymlinksInPath()
    guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else {
      throw PrimedocError(nil, "cannot read the theme folder '\(folder.path)'")
    }
    var files: [String: (data: Data, origin: URL)] = [:]
    for case let url as URL in walker {
      guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
      let path = String(url.standardizedFileURL.path.dropFirst(base.path.count + 1))
      guard !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
      do {
        files[path] = (try Data(contentsOf: url), url)
      } catch {
        throw PrimedocError(nil, "cannot read the theme file '\(url.path)': \(error.localizedDescription)")
      }
    }
    return files
  }

  private static func parse(_ data: Data, file: String) throws(PrimedocError) -> MustacheTemplate {
    guard let text = String(data: data, encoding: .utf8) else {
      throw PrimedocError(SourceLocation(file: file, line: 1), "the page template is not UTF-8 text")
    }
    do {
      return try MustacheTemplate(string: text)
    } catch let error as MustacheTemplate.ParserError {
      let at = error.context
      throw PrimedocError([
        .error(
          SourceLocation(file: file, line: at.lineNumber, column: at.columnNumber),
          "the page template does not parse: \(error.error)", details: ["  \(at.line)"])
      ])
    } catch {
      throw PrimedocError(SourceLocation(file: file, line: 1), "the page template does not parse: \(error)")
    }
  }
}

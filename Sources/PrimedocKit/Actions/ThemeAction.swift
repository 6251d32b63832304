import Foundation

/// `primedoc theme DIR`: writes the standard theme into a folder to edit, never
/// overwriting a file.
package struct ThemeAction: PrimedocAction {
  package var folder: String

  package init(folder: String) { self.folder = folder }

  package func perform(console: Console) async throws -> ExitStatus {
    try Theme.exportStandard(to: URL(fileURLWithPath: folder))
    console.line("wrote the standard theme to \(folder)/; use it with `primedoc build --theme \(folder)`")
    return .success
  }
}

import FlyingFox
import Foundation
import Synchronization

/// `primedoc serve`: builds the site, serves it on localhost, and rebuilds when the
/// book, the theme or DocModel's sources change; open pages reload themselves.
/// A failed build keeps the last good site served and shows why on every page.
package struct ServeAction: PrimedocAction {
  package var build: BuildAction
  package var port: UInt16

  package init(build: BuildAction, port: UInt16) {
    self.build = build
    self.port = port
  }

  package func perform(console: Console) async throws -> ExitStatus {
    let status = BuildStatus()
    let toolchain = build.request.options.toolchain
    let book = [build.request.location.url] + [build.theme.map { URL(fileURLWithPath: $0) }].compactMap { $0 }
    let watchedModel = toolchain.modelSourceFolders
    let realKernel = build.request.options.realKernelRunner == nil ? [] : [DocumentedLibrary.RealKernel.archive]
    let archives = [DocumentedLibrary.archive] + realKernel

    await rebuild(status: status, console: console)
    let server: (server: HTTPServer, port: UInt16)
    do {
      server = try await SiteServer(site: URL(fileURLWithPath: build.output), status: status).start(port: port)
    } catch {
      throw PrimedocError(
        nil,
        "cannot serve on 127.0.0.1:\(port): \(error); is another server using the port? Try --port 0 for any free one")
    }
    console.line("serving http://127.0.0.1:\(server.port)/")
    console.error(
      "watching \((book + watchedModel).map(\.path).joined(separator: ", "))\(watchedModel.isEmpty ? " (DocModel's sources were not found beside its library, so model edits are not watched)" : ""); Ctrl-C stops"
    )

    // The book and theme, and the model apart: only a model change needs `swift build`.
    func snapshot() -> (book: FolderSnapshot, model: FolderSnapshot) {
      (FolderSnapshot.take(book), FolderSnapshot.take(watchedModel))
    }
    var last = snapshot()
    while !Task.isCancelled {
      try? await Task.sleep(for: .milliseconds(300))
      guard snapshot() != last else { continue }
      // Let a save that writes several files settle before building.
      try? await Task.sleep(for: .milliseconds(150))
      let now = snapshot()
      defer { last = now }
      if now.model != last.model {
        console.error("DocModel changed: rebuilding its library…")
        do {
          try await ModelRebuilder(toolchain: toolchain, archives: archives).rebuild()
        } catch {
          console.error(error.description)
          status.failed(error.description)
          continue
        }
      }
      await rebuild(status: status, console: console)
    }
    await server.server.stop(timeout: 1)
    return .success
  }

  /// One build, the theme reloaded with it; its error output is also kept for
  /// the pages' failure banner.
  private func rebuild(status: BuildStatus, console: Console) async {
    let errors = Mutex("")
    let teeing = Console(
      write: console.write,
      writeError: { text in
        console.writeError(text)
        if !text.hasPrefix("\r") { errors.withLock { $0 += text } }
      },
      isTerminal: console.isTerminal)
    guard await build.performAndHandleResult(console: teeing) == .success else {
      status.failed(errors.withLock { $0 })
      return
    }
    status.succeeded()
  }
}

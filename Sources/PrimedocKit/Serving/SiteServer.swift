import FlyingFox
import Foundation

/// Serves the site folder on localhost for `primedoc serve`. Every HTML page gets
/// a small script that polls `/__primedoc/status` and reloads the page when a new
/// site was written, or shows why the last build failed.
struct SiteServer: Sendable {
  var site: URL
  var status: BuildStatus

  /// Starts listening on 127.0.0.1 (port 0: any free port) and returns the server
  /// and the port it listens on; `run` must be awaited for it to serve.
  func start(port: UInt16) async throws -> (server: HTTPServer, port: UInt16) {
    let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), logger: .disabled, handler: Handler(self))
    let task = Task { try await server.run() }
    do {
      try await server.waitUntilListening(timeout: 10)
    } catch {
      task.cancel()
      _ = await task.result
      throw error
    }
    guard case .ip4(_, let listening) = await server.listeningAddress else {
      throw PrimedocError(nil, "the server reported no IPv4 address after it started listening")
    }
    return (server, listening)
  }

  private struct Handler: HTTPHandler {
    var server: SiteServer
    init(_ server: SiteServer) { self.server = server }

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
      switch request.path {
      case "/__primedoc/status": Self.response(server.status.json, type: "application/json")
      case "/__primedoc/reload.js": Self.response(Data(ReloadScript.source.utf8), type: "text/javascript")
      default: server.file(at: request.path)
      }
    }

    static func response(_ body: Data, type: String, status: HTTPStatusCode = .ok) -> HTTPResponse {
      HTTPResponse(statusCode: status, headers: [.contentType: type, .cacheControl: "no-store"], body: body)
    }
  }

  static let types = [
    "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
    "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "json": "application/json", "woff2": "font/woff2",
  ]

  /// A file of the site; a folder means its index.html. Paths that climb out of
  /// the site are not found.
  private func file(at path: String) -> HTTPResponse {
    let parts = path.split(separator: "/").map(String.init)
    guard !parts.contains(where: { $0 == ".." || $0.hasPrefix(".") }) else { return notFound(path) }
    var url = parts.reduce(site) { $0.appendingPathComponent($1) }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
      url.appendPathComponent("index.html")
    }
    guard let data = try? Data(contentsOf: url) else { return notFound(path) }
    let type = Self.types[url.pathExtension] ?? "application/octet-stream"
    guard url.pathExtension == "html" else { return Handler.response(data, type: type) }
    return Handler.response(Data(Self.withReloadScript(String(decoding: data, as: UTF8.self)).utf8), type: type)
  }

  /// Missing pages are HTML too, with the reload script: while the first build is
  /// failing there is no site yet, and the page must reload when there is.
  private func notFound(_ path: String) -> HTTPResponse {
    let page =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body>"
      + "<p>primedoc serve: no page at <code>\(HTML.escape(path))</code> in the site.</p></body></html>"
    return Handler.response(
      Data(Self.withReloadScript(page).utf8), type: Self.types["html", default: "text/html"], status: .notFound)
  }

  static func withReloadScript(_ html: String) -> String {
    let tag = "<script src=\"/__primedoc/reload.js\"></script>\n"
    guard let end = html.range(of: "</body>", options: .backwards) else { return html + tag }
    return html.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: tag)
  }
}

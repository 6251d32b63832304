import ArgumentParser
import Foundation
import PrimedocKit

struct Check: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compile, run and verify every scenario; exit 0 when all verified, 1 when one failed, 2 on bad input.")

  @OptionGroup var book: BookOptions

  @Option(help: "text, json or junit.")
  var format: ReportFormat = .text

  func run() async throws {
    try await perform { try CheckAction(request: book.request(), format: format) }
  }
}

struct Build: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check the book, then write the site; the previous site stays unless every scenario verified.")

  @OptionGroup var book: BookOptions
  @OptionGroup var site: SiteOptions

  @Flag(help: "Write the site even when scenarios failed, showing them marked failed; the exit status is still 1.")
  var keepGoing = false

  func run() async throws {
    try await perform {
      var action = try site.action(for: book)
      action.keepGoing = keepGoing
      return action
    }
  }
}

struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Build the site, serve it on localhost, rebuild when the book, the theme or DocModel changes; open pages reload.")

  @OptionGroup var book: BookOptions
  @OptionGroup var site: SiteOptions

  @Option(help: "The port on 127.0.0.1 (0: any free port; the URL is printed).")
  var port: UInt16 = 8000

  func run() async throws {
    try await perform { try ServeAction(build: site.action(for: book), port: port) }
  }
}

/// Options of the commands that write a site.
struct SiteOptions: ParsableArguments {
  @Option(help: "The site's folder.")
  var output = "site"

  @Option(help: "A theme folder laid over the standard theme (start one with `primedoc theme DIR`).")
  var theme: String?

  func action(for book: BookOptions) throws -> BuildAction {
    BuildAction(request: try book.request(), output: output, theme: theme)
  }
}

struct ThemeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "theme",
    abstract:
      "Write the standard theme (page.mustache, style.css, primedoc.js) into a folder to edit and use with `build --theme`."
  )

  @Argument(help: "The folder to write the theme into; existing files are never overwritten.")
  var folder: String

  func run() async throws {
    try await perform { ThemeAction(folder: folder) }
  }
}

struct Update: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run every scenario and rewrite its `output` block with what it printed (inserting one where missing).")

  @OptionGroup var book: BookOptions

  func run() async throws {
    try await perform { try UpdateAction(request: book.request()) }
  }
}

struct Run: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print one scenario's full program (hidden setup included) and its output.")

  @Argument(help: "PAGE.md#NAME: a page of the book and a scenario's name.")
  var target: String

  @OptionGroup var book: BookOptions

  func run() async throws {
    try await perform { try RunAction(request: book.request(), target: target) }
  }
}

struct List: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: "List the pages and their scenarios with names and lines.")

  @OptionGroup var book: BookOptions

  func run() async throws {
    try await perform { try ListAction(request: book.request()) }
  }
}

import Foundation
import Testing

@testable import PrimedocKit

@Suite struct FrontendJobTests {
  typealias Placeholder = FrontendJob.Placeholder

  static let plan =
    "/opt/swift/usr/bin/swift-frontend -frontend -c -primary-file \(Placeholder.source) -I '/tmp/a b/Modules' "
    + "-entry-point-function-name \(Placeholder.entry) -module-name \(Placeholder.module) "
    + "-file-compilation-dir \"/tmp/it's\" -o \(Placeholder.object)\n"

  @Test func theDriversPlanBecomesOneJobPerSession() throws {
    let job = try #require(FrontendJob.parse(Self.plan))
    #expect(job.executable.path == "/opt/swift/usr/bin/swift-frontend")
    let arguments = job.arguments(
      source: URL(fileURLWithPath: "/w/session-3/main.swift"), module: "Session3", entry: "__primedoc_session_3",
      object: URL(fileURLWithPath: "/w/session-3.o"))
    #expect(
      arguments == [
        "-frontend", "-c", "-primary-file", "/w/session-3/main.swift", "-I", "/tmp/a b/Modules",
        "-entry-point-function-name", "__primedoc_session_3", "-module-name", "Session3", "-file-compilation-dir",
        "/tmp/it's", "-o", "/w/session-3.o",
      ])
  }

  @Test func aPlanThatIsNotOneFrontendJobIsNotUsed() {
    #expect(FrontendJob.parse(Self.plan + Self.plan) == nil)
    #expect(FrontendJob.parse(Self.plan.replacingOccurrences(of: Placeholder.entry, with: "main")) == nil)
    #expect(FrontendJob.parse("/usr/bin/clang -c x.c\n") == nil)
    #expect(FrontendJob.parse("/opt/swift/usr/bin/swift-frontend -frontend 'unterminated\n") == nil)
  }

  @Test func shellWordsFollowPOSIXQuoting() {
    #expect(FrontendJob.shellWords(#"a 'b c' "d \"e\"" f\ g ''"#) == ["a", "b c", #"d "e""#, "f g", ""])
  }

  @Test func aLinkPlanRunsWithTheObjectsOutputAndFolderOfThisLink() throws {
    let plan = """
      /opt/swift/usr/bin/swift-autolink-extract primedoc-placeholder-main.o primedoc-placeholder-objects.o \
      -o /tmp/TemporaryDirectory.k7Eflx/PrimedocDispatcher-1.autolink
      /opt/swift/usr/bin/clang -pie primedoc-placeholder-main.o primedoc-placeholder-objects.o \
      @/tmp/TemporaryDirectory.k7Eflx/PrimedocDispatcher-1.autolink -o primedoc-placeholder-harness

      """
    let link = try #require(LinkPlan.parse(plan))
    let folder = URL(fileURLWithPath: "/w")
    let jobs = link.jobs(
      main: folder.appendingPathComponent("dispatcher.o"),
      objects: ["a.o", "b.o"].map(folder.appendingPathComponent), output: folder.appendingPathComponent("harness"),
      temporaries: folder)
    #expect(
      jobs[0] == [
        "/opt/swift/usr/bin/swift-autolink-extract", "/w/dispatcher.o", "/w/a.o", "/w/b.o", "-o",
        "/w/PrimedocDispatcher-1.autolink",
      ])
    #expect(
      jobs[1] == [
        "/opt/swift/usr/bin/clang", "-pie", "/w/dispatcher.o", "/w/a.o", "/w/b.o", "@/w/PrimedocDispatcher-1.autolink",
        "-o", "/w/harness",
      ])
    // A plan that writes no harness is not a link.
    #expect(LinkPlan.parse("/usr/bin/clang -c x.c\n") == nil)
  }
}

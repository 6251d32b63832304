import Foundation
import Testing

@testable import PrimedocKit

@Suite struct InterruptionTests {
  @Test func sigintStopsTheHarnessAndKeepsNothingUnfinished() async throws {
    let fixture = try BookFixture([
      "SUMMARY.md": summary("h.md"), "h.md": "```swift scenario timeout=60s\nwhile true {}\n```\n",
    ])
    let process = try PrimedocCommand.process(["build"], in: fixture.root)
    try process.run()
    // Wait for the harness to be running, then interrupt primedoc.
    let deadline = Date().addingTimeInterval(30)
    while processes(mentioning: fixture.root.path, harness: true).isEmpty && Date() < deadline {
      try await Task.sleep(for: .milliseconds(50))
    }
    #expect(!processes(mentioning: fixture.root.path, harness: true).isEmpty)
    process.interrupt()
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    // SIGKILL is immediate, but give the scheduler a moment to reap.
    let settled = Date().addingTimeInterval(5)
    while !processes(mentioning: fixture.root.path).allSatisfy({ $0.state == "Z" }) && Date() < settled {
      try await Task.sleep(for: .milliseconds(50))
    }
    #expect(processes(mentioning: fixture.root.path).allSatisfy { $0.state == "Z" })
    let build = fixture.cache.appendingPathComponent("build")
    #expect(((try? FileManager.default.contentsOfDirectory(atPath: build.path)) ?? []).isEmpty)
    #expect(!FileManager.default.fileExists(atPath: fixture.cache.appendingPathComponent("results").path))
    #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("site").path))
  }
}

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ConcurrentRunTests {
  @Test func aSecondPrimedocWaitsForTheFirstAndSaysSo() async throws {
    let fixture = try BookFixture([
      "SUMMARY.md": summary("p.md"), "p.md": "```swift scenario\nprint(1)\n```\n\n```output\n1\n```\n",
    ])
    // Play the first primedoc: hold the book's lock.
    try FileManager.default.createDirectory(at: fixture.cache, withIntermediateDirectories: true)
    let descriptor = open(fixture.cache.appendingPathComponent("lock").path, O_RDWR | O_CREAT, 0o644)
    #expect(flock(descriptor, LOCK_EX) == 0)
    let process = try PrimedocCommand.process(["check"], in: fixture.root)
    let err = Pipe()
    process.standardError = err
    try process.run()
    try await Task.sleep(for: .milliseconds(1500))
    #expect(process.isRunning)
    #expect(!FileManager.default.fileExists(atPath: fixture.cache.appendingPathComponent("results").path))
    flock(descriptor, LOCK_UN)
    close(descriptor)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(message.contains("another primedoc is working on this book; waiting for it"))
  }
}

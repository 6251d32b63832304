import Foundation

@testable import PrimedocKit

/// The built `primedoc` executable, run as a user runs it.
enum PrimedocCommand {
  struct Run {
    var status: Int32
    var out: String
    var err: String
  }

  /// A process that runs `primedoc arguments` in `folder`, set up but not started,
  /// for tests that signal or race it. Its output goes nowhere unless redirected.
  static func process(_ arguments: [String], in folder: URL) throws -> Process {
    let process = Process()
    process.executableURL = try Toolchain.locate().modelBinDirectory.appendingPathComponent("primedoc")
    process.arguments = arguments
    process.currentDirectoryURL = folder
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    return process
  }

  /// Runs `primedoc arguments` in `folder` to its end.
  static func run(_ arguments: [String], in folder: URL) throws -> Run {
    let process = try process(arguments, in: folder)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
      err: String(decoding: errData, as: UTF8.self))
  }
}

/// The library a book's scenarios are compiled against: the module they import
/// and the static archive the harness links. The one place the engine names it;
/// everything else (the harness's imports, the full program's first line, the
/// toolchain lookup, the site's provenance) asks here.
enum DocumentedLibrary {
  static let module = "DocModel"
  /// SwiftPM's static library product holding the module and the harness runtime.
  static let archive = "DocModelHarness"
  /// The modules whose sources decide what the site says of a scenario (its output,
  /// and whether a real kernel printed the same): hashed for the provenance and
  /// watched by `serve`.
  static let sourceModules = [module, "LinuxUAPI", RealKernel.module]
  /// The modules the archive holds, which the harness's compile needs.
  static let modules = [module, "LinuxUAPI", "PrimedocHarness"]

  /// The second backend: the same userspace API as real system calls, linked into
  /// a static program that runs on a real kernel. A scenario qualifies for it when
  /// it compiles against this module.
  enum RealKernel {
    static let module = "RealLinux"
    static let archive = "RealLinuxHarness"
  }
}

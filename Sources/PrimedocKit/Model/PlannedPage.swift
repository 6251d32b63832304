/// A page after planning: its scenarios, the key its run is cached under, and the
/// run once there is one (from the cache, or fresh from the harness). The record
/// the check hands from stage to stage, carrying its page rather than being looked
/// up by path.
struct PlannedPage: Sendable {
  var page: PageScenarios
  /// Each session's generated script (`HarnessGenerator.sessionFile`), by its
  /// position in `page.sessions`: the main part of the key, and what the harness
  /// compiles.
  var sessionSources: [String]
  var key: String
  /// From the cache when planned; fresh from the harness once run.
  var run: PageRun?

  /// Whether the harness must compile and run it.
  var needsRun: Bool { run == nil && !page.scenarios.isEmpty }
}

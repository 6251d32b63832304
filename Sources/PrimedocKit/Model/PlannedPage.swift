/// A page after planning: its scenarios, the key its run is cached under, and the
/// run once there is one (from the cache, or fresh from the harness). The record
/// the check hands from stage to stage, carrying its page rather than being looked
/// up by path.
struct PlannedPage: Sendable {
  var page: PageScenarios
  var key: String
  /// From the cache when planned; fresh from the harness once run.
  var run: PageRun?

  /// Whether the harness must compile and run it.
  var needsRun: Bool { run == nil && !page.scenarios.isEmpty }
}

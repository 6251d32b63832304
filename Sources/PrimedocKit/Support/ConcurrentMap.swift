extension Array where Element: Sendable {
  /// `transform` of every element, at most `jobs` at a time, results in order.
  /// `onEach` sees each result as it arrives (for progress).
  func concurrentMap<T: Sendable>(
    jobs: Int, onEach: (Int) -> Void = { _ in }, _ transform: @escaping @Sendable (Element) async throws -> T
  ) async throws -> [T] {
    var results = [T?](repeating: nil, count: count)
    try await withThrowingTaskGroup(of: (Int, T).self) { group in
      var next = 0
      func startNext() {
        guard next < count else { return }
        let (position, element) = (next, self[next])
        next += 1
        group.addTask { (position, try await transform(element)) }
      }
      for _ in 0..<Swift.max(1, jobs) { startNext() }
      var done = 0
      for try await (position, result) in group {
        results[position] = result
        done += 1
        onEach(done)
        startNext()
      }
    }
    return results.compactMap { $0 }
  }
}

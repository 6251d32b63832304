import Dispatch
import Synchronization

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

extension Array where Element: Sendable {
  /// `transform` of every element on every core, results in order: for work that
  /// is only computation (parsing a thousand pages), where the async
  /// `concurrentMap` would cost a task per element.
  func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
    let results = Mutex([T?](repeating: nil, count: count))
    DispatchQueue.concurrentPerform(iterations: count) { index in
      let result = transform(self[index])
      results.withLock { $0[index] = result }
    }
    // Every index ran once, so every element is set.
    return results.withLock { $0.compactMap { $0 } }
  }
}

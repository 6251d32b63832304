import Foundation

extension FileManager {
  /// Every file and folder below `root`, as paths relative to it, sorted; hidden
  /// ones (and what is in them) left out when `skippingHidden`.
  func relativePaths(under root: URL, skippingHidden: Bool) -> [String] {
    let prefix = root.standardizedFileURL.path + "/"
    let options: FileManager.DirectoryEnumerationOptions = skippingHidden ? [.skipsHiddenFiles] : []
    let items = enumerator(at: root, includingPropertiesForKeys: nil, options: options)?.allObjects ?? []
    return items.compactMap { ($0 as? URL)?.standardizedFileURL.path }.filter { $0.hasPrefix(prefix) }
      .map { String($0.dropFirst(prefix.count)) }.sorted()
  }
}

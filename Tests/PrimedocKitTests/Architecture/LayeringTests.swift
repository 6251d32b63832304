import Foundation
import SwiftParser
import SwiftSyntax
import Testing

/// PrimedocKit's folders are the pipeline's rooms. Each may use only the rooms
/// below it: this test reads the sources, finds which room declares each name a
/// file uses, and fails on any use the table does not allow.
@Suite struct LayeringTests {
  /// Each room and the rooms it may use, bottom up. A stage depends on the shared
  /// vocabulary (`Model`, `Diagnostics`, `Support`) and on nothing beside it; the
  /// pipeline's hub joins the stages; the actions sit on top.
  static let allowed: KeyValuePairs<String, Set<String>> = [
    "Support": [],
    "Diagnostics": ["Support"],
    "Model": ["Support", "Diagnostics"],
    "Parsing": ["Model", "Support", "Diagnostics"],
    "Loading": ["Parsing", "Model", "Support", "Diagnostics"],
    "Scenarios": ["Parsing", "Model", "Support", "Diagnostics"],
    "Harness": ["Model", "Support", "Diagnostics"],
    "Cache": ["Model", "Support", "Diagnostics"],
    "Verification": ["Model", "Support", "Diagnostics"],
    "Updating": ["Model", "Support", "Diagnostics"],
    "Rendering": ["Parsing", "Model", "Support", "Diagnostics"],
    "Reporting": ["Model", "Support", "Diagnostics"],
    "Pipeline": [
      "Loading", "Scenarios", "Harness", "Cache", "Verification", "Reporting", "Model", "Support", "Diagnostics",
    ],
    "Serving": ["Harness", "Reporting", "Model", "Support", "Diagnostics"],
    "Actions": [
      "Pipeline", "Serving", "Rendering", "Reporting", "Updating", "Loading", "Scenarios", "Harness", "Cache",
      "Verification", "Parsing", "Model", "Support", "Diagnostics",
    ],
  ]

  @Test func everyRoomUsesOnlyTheRoomsBelowIt() throws {
    let graph = try Self.folderGraph()
    let rules = Dictionary(uniqueKeysWithValues: Self.allowed.map { ($0.key, $0.value) })
    #expect(Set(graph.keys).isSubset(of: Set(rules.keys)), "a folder the table does not name: add it")
    for (folder, uses) in graph.sorted(by: { $0.key < $1.key }) {
      for (used, example) in uses.sorted(by: { $0.key < $1.key }) where !(rules[folder] ?? []).contains(used) {
        Issue.record("\(folder)/ uses \(used)/ (\(example)), which the layering does not allow")
      }
    }
  }

  /// For each folder, the folders whose names it uses, with one name as an example.
  static func folderGraph() throws -> [String: [String: String]] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/PrimedocKit")
    let files = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? [])
      .filter { $0.hasSuffix(".swift") }
    let trees = try files.map { file in
      (
        folder: String(file.split(separator: "/")[0]),
        tree: Parser.parse(source: try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8))
      )
    }
    // Who declares what: top-level names, and members added to types primedoc
    // does not declare (`String.identifier`), which are used after a dot.
    var owner: [String: String] = [:]
    var memberOwner: [String: String] = [:]
    var ownTypes: Set<String> = []
    for (folder, tree) in trees {
      for item in tree.statements {
        if let name = Self.declaredName(item.item) {
          owner[name] = folder
          ownTypes.insert(name)
        }
      }
    }
    for (folder, tree) in trees {
      for item in tree.statements {
        guard let ext = item.item.as(ExtensionDeclSyntax.self),
          !ownTypes.contains(ext.extendedType.trimmedDescription)
        else { continue }
        for member in ext.memberBlock.members {
          if let name = Self.memberName(member.decl) { memberOwner[name] = folder }
        }
      }
    }
    var graph: [String: [String: String]] = [:]
    for (folder, tree) in trees {
      graph[folder, default: [:]] = graph[folder] ?? [:]
      for token in tree.tokens(viewMode: .sourceAccurate) {
        guard case .identifier(let name) = token.tokenKind else { continue }
        let afterDot = token.previousToken(viewMode: .sourceAccurate)?.tokenKind == .period
        let used = owner[name] ?? (afterDot ? memberOwner[name] : nil)
        if let used, used != folder { graph[folder, default: [:]][used] = name }
      }
    }
    return graph
  }

  private static func declaredName(_ item: CodeBlockItemSyntax.Item) -> String? {
    guard let decl = item.as(DeclSyntax.self) else { return nil }
    if let type = decl.asProtocol(NamedDeclSyntax.self), !decl.is(ExtensionDeclSyntax.self) {
      return type.name.text
    }
    if let variable = decl.as(VariableDeclSyntax.self) {
      return variable.bindings.first?.pattern.as(IdentifierPatternSyntax.self)?.identifier.text
    }
    return nil
  }

  private static func memberName(_ decl: DeclSyntax) -> String? {
    if let function = decl.as(FunctionDeclSyntax.self) { return function.name.text }
    if let variable = decl.as(VariableDeclSyntax.self) {
      return variable.bindings.first?.pattern.as(IdentifierPatternSyntax.self)?.identifier.text
    }
    return nil
  }
}

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
    "Links": ["Parsing", "Model", "Support", "Diagnostics"],
    "Harness": ["Model", "Support", "Diagnostics"],
    "Cache": ["Model", "Support", "Diagnostics"],
    "Verification": ["Model", "Support", "Diagnostics"],
    "Updating": ["Model", "Support", "Diagnostics"],
    "Rendering": ["Parsing", "Model", "Support", "Diagnostics"],
    "Reporting": ["Model", "Support", "Diagnostics"],
    "Pipeline": [
      "Loading", "Scenarios", "Links", "Harness", "Cache", "Verification", "Reporting", "Model", "Support",
      "Diagnostics",
    ],
    "Serving": ["Harness", "Reporting", "Model", "Support", "Diagnostics"],
    "Actions": [
      "Pipeline", "Serving", "Rendering", "Reporting", "Updating", "Loading", "Scenarios", "Links", "Harness", "Cache",
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
    // Who declares what: top-level names; and members an extension adds in another
    // room than its type's own (`String.identifier` in Support/,
    // `ScenarioOutcome.isCacheable` in Pipeline/), which belong to the extension's room.
    var owner: [String: String] = [:]
    for (folder, tree) in trees {
      for item in tree.statements {
        if let name = Self.declaredName(item.item) { owner[name] = folder }
      }
    }
    var addedMembers: [String: [String: String]] = [:]  // type → member → room
    var memberDeclarations: [String: Int] = [:]  // how many declarations of each member name
    for (folder, tree) in trees {
      for decl in Self.memberDeclarations(in: tree) {
        guard let name = Self.memberName(decl.member) else { continue }
        memberDeclarations[name, default: 0] += 1
        if let type = decl.extendedType, owner[type] != folder { addedMembers[type, default: [:]][name] = folder }
      }
    }
    // A member is resolved by the type before its dot (`CompilerDiagnostic.parse`),
    // else by its name when only one declaration has it (`outcome.isCacheable`).
    let uniqueAdded = addedMembers.values.flatMap { $0 }.filter { memberDeclarations[$0.key] == 1 }
    let addedByName = Dictionary(uniqueAdded, uniquingKeysWith: { first, _ in first })
    var graph: [String: [String: String]] = [:]
    for (folder, tree) in trees {
      graph[folder, default: [:]] = graph[folder] ?? [:]
      for token in tree.tokens(viewMode: .sourceAccurate) {
        guard case .identifier(let name) = token.tokenKind else { continue }
        var used = owner[name]
        if let dot = token.previousToken(viewMode: .sourceAccurate), dot.tokenKind == .period {
          let base = dot.previousToken(viewMode: .sourceAccurate).flatMap { base -> String? in
            if case .identifier(let type) = base.tokenKind { return type }
            return nil
          }
          used = base.flatMap { addedMembers[$0]?[name] } ?? addedByName[name] ?? used
        }
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

  /// Every member declaration in a file, with the type an extension extends (nil
  /// inside a type's own body).
  private static func memberDeclarations(in tree: SourceFileSyntax) -> [(extendedType: String?, member: DeclSyntax)] {
    final class Collector: SyntaxVisitor {
      var found: [(extendedType: String?, member: DeclSyntax)] = []
      override func visit(_ node: MemberBlockItemSyntax) -> SyntaxVisitorContinueKind {
        let ext = node.parent?.parent?.parent?.as(ExtensionDeclSyntax.self)  // list, block, extension
        found.append((ext?.extendedType.trimmedDescription, node.decl))
        return .visitChildren
      }
    }
    let collector = Collector(viewMode: .sourceAccurate)
    collector.walk(tree)
    return collector.found
  }

  private static func memberName(_ decl: DeclSyntax) -> String? {
    if let function = decl.as(FunctionDeclSyntax.self) { return function.name.text }
    if let variable = decl.as(VariableDeclSyntax.self) {
      return variable.bindings.first?.pattern.as(IdentifierPatternSyntax.self)?.identifier.text
    }
    return nil
  }
}

import SwiftParser
import SwiftSyntax

/// The names a scenario declares at its top level that a later declaration of
/// the same session could not declare again beside it: constants, variables and
/// types. Functions are left out: a second `func f` with another signature is an
/// overload, not a redeclaration.
///
/// The generator nests a scenario that declares one of these names again in a
/// scope of its own, so it shadows the earlier one, as a REPL lets it.
enum TopLevelNames {
  static func declared(in code: String) -> Set<String> {
    var names: Set<String> = []
    for item in Parser.parse(source: code).statements {
      switch item.item {
      case .decl(let decl):
        names.formUnion(self.names(of: decl))
      default:
        continue
      }
    }
    return names
  }

  private static func names(of decl: DeclSyntax) -> [String] {
    if let variable = decl.as(VariableDeclSyntax.self) {
      return variable.bindings.flatMap { identifiers(in: $0.pattern) }
    }
    if let type = decl.asProtocol(NamedDeclSyntax.self), !decl.is(FunctionDeclSyntax.self),
      !decl.is(MacroDeclSyntax.self)
    {
      return [type.name.text]
    }
    return []
  }

  private static func identifiers(in pattern: PatternSyntax) -> [String] {
    if let identifier = pattern.as(IdentifierPatternSyntax.self) { return [identifier.identifier.text] }
    if let tuple = pattern.as(TuplePatternSyntax.self) { return tuple.elements.flatMap { identifiers(in: $0.pattern) } }
    return []
  }
}

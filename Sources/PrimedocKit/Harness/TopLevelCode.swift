import SwiftParser
import SwiftSyntax

/// What a scenario's code is at the top level of a script, read from one parse:
/// the names it declares, and whether it means the same in the body of a function.
struct TopLevelCode: Sendable {
  /// The names it declares at its top level that a later declaration of the same
  /// session could not declare again beside it: constants, variables and types.
  /// Functions are left out: a second `func f` with another signature is an
  /// overload, not a redeclaration. The generator nests a scenario that declares
  /// one of these again in a scope of its own, so it shadows the earlier one, as a
  /// REPL lets it.
  var declaredNames: Set<String> = []

  /// Whether the code, pasted into a function body, compiles to what it does at
  /// the top level of a script, or fails to compile. Sessions made only of such
  /// code are compiled many to a module (`HarnessGenerator.batchFile`), which is
  /// what makes a cold check cost one frontend per core rather than one per
  /// session; rustdoc merges its doctests the same way and falls back in the same
  /// way: a session that does not compile in a batch is compiled as its script.
  ///
  /// The test is deliberately narrow. Left out is everything that either cannot
  /// be local (types' extensions, protocols, operators, imports, access
  /// modifiers, attributes) or can be and then behaves differently without an
  /// error:
  /// - a type declared at the top level: a local type's reflected name (what
  ///   `print([value])`, `dump` and `debugPrint` show) names an anonymous context,
  ///   and a class's `deinit` would run when the function returns, where a
  ///   global's never does;
  /// - `defer` at the top level, which runs at once in a script;
  /// - `await`, `async` and `Task`: a script with top-level `await` runs on an
  ///   executor, and a task's isolation follows its context;
  /// - `#function`, `#file`, `#fileID`, `#filePath` and `#dsohandle`, which name
  ///   where they stand.
  /// - concurrency (`Sendable`, `MainActor`, `nonisolated`, threads and queues):
  ///   a script's globals are isolated differently from a function's locals.
  /// What compiles differently (a variable used before its declaration, an
  /// access the exclusivity checker proves overlapping) is an error in the batch,
  /// and that session falls back to its script.
  var fitsFunctionBody = true

  /// Whether it declares a function at its top level. In Swift 6 a script's
  /// function is not isolated to the main actor while its globals are, so it may
  /// not read them; a local function of the (main-actor) body may. Such a
  /// session would compile in a batch and not as a script.
  var declaresFunctions = false

  /// Whether a session of this code in `version` may join a batch.
  func fitsFunctionBody(in version: SwiftVersion) -> Bool {
    fitsFunctionBody && !(declaresFunctions && version == .v6)
  }

  init(parsing code: String) {
    let tree = Parser.parse(source: code)
    if tree.hasError { fitsFunctionBody = false }
    for item in tree.statements {
      switch item.item {
      case .decl(let decl):
        declaredNames.formUnion(Self.names(of: decl))
        if !Self.fitsFunctionBody(decl) { fitsFunctionBody = false }
        if decl.is(FunctionDeclSyntax.self) { declaresFunctions = true }
      case .stmt(let statement):
        if statement.is(DeferStmtSyntax.self) { fitsFunctionBody = false }
      case .expr:
        continue
      }
    }
    if fitsFunctionBody && tree.tokens(viewMode: .sourceAccurate).contains(where: Self.namesAContext) {
      fitsFunctionBody = false
    }
  }

  /// Constants, variables and functions, with no attribute or modifier.
  private static func fitsFunctionBody(_ decl: DeclSyntax) -> Bool {
    if let variable = decl.as(VariableDeclSyntax.self) {
      return variable.attributes.isEmpty && variable.modifiers.isEmpty
    }
    if let function = decl.as(FunctionDeclSyntax.self) {
      return function.attributes.isEmpty && function.modifiers.isEmpty
    }
    return false
  }

  private static let contextNames: Set<String> = ["function", "file", "fileID", "filePath", "dsohandle"]
  private static let concurrencyNames: Set<String> = [
    "Task", "TaskGroup", "Sendable", "MainActor", "Thread", "DispatchQueue", "DispatchGroup", "sending",
  ]

  private static func namesAContext(_ token: TokenSyntax) -> Bool {
    switch token.tokenKind {
    case .keyword(.await), .keyword(.async), .keyword(.nonisolated), .keyword(.isolated): true
    case .identifier(let name) where concurrencyNames.contains(name): true
    default:
      token.previousToken(viewMode: .sourceAccurate)?.tokenKind == .pound && contextNames.contains(token.text)
    }
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

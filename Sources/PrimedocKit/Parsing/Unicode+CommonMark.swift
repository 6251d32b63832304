extension Unicode.Scalar {
  /// CommonMark's "Unicode punctuation character": ASCII punctuation, or a
  /// character in one of Unicode's P categories.
  var isCommonMarkPunctuation: Bool {
    if isASCII {
      return ("!"..."/").contains(self) || (":"..."@").contains(self) || ("["..."`").contains(self)
        || ("{"..."~").contains(self)
    }
    switch properties.generalCategory {
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
      .finalPunctuation, .otherPunctuation:
      return true
    default:
      return false
    }
  }
}

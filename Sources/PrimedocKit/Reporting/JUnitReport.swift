/// `check --format junit`: a test suite per page and a test case per scenario, the
/// format CI systems draw test tables from.
enum JUnitReport {
  static func render(_ report: CheckReport) -> String {
    var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    xml += "<testsuites name=\"primedoc\" tests=\"\(report.results.count)\" failures=\"\(report.failed)\">\n"
    for page in report.pages where !page.results.isEmpty {
      let failures = page.results.filter { !$0.status.passed }.count
      xml +=
        "  <testsuite name=\"\(escape(page.page.displayPath))\" tests=\"\(page.results.count)\" failures=\"\(failures)\">\n"
      for result in page.results {
        xml +=
          "    <testcase classname=\"\(escape(result.page))\" name=\"\(escape(result.name))\" file=\"\(escape(result.page))\" line=\"\(result.startLine)\""
        if let diagnostic = result.diagnostic {
          xml +=
            ">\n      <failure message=\"\(escape(diagnostic.message))\">\(escape(diagnostic.description))</failure>\n    </testcase>\n"
        } else if result.status == .compiled {
          xml += ">\n      <skipped message=\"no-run: compiled only\"/>\n    </testcase>\n"
        } else {
          xml += "/>\n"
        }
      }
      xml += "  </testsuite>\n"
    }
    return xml + "</testsuites>"
  }

  /// Escapes text for XML content and attributes; control characters XML 1.0
  /// cannot carry become `\u{…}`.
  static func escape(_ text: String) -> String {
    let printable = text.unicodeScalars.map { scalar in
      scalar.value < 0x20 && scalar != "\n" && scalar != "\t"
        ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
    }.joined()
    return HTML.escape(printable)
  }
}

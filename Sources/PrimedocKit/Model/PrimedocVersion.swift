/// primedoc's release, as `primedoc --version` and the site's provenance print it.
/// Apart from the cache's format (`ResultCache.formatVersion`), which changes only
/// when stored results would mean something else, so that neither change forces
/// the other.
package enum PrimedocVersion {
  package static let current = "0.2.0"
}

#!/usr/bin/env bash
# Builds PLUGIN_GUIDE.md's POM (section 2) the way an outside team does, and fails if it does not:
#   scripts/check-guide-pom.sh
# The POM is taken from the guide's text, the sources are plugin-example's (the guide says to copy
# it), and the local repository starts empty (target/guide-pom/repository): Hangar's own artifacts
# the POM needs (plugin parent, parent, store, API, host state for its tests) are installed into that repository only, never
# into ~/.m2, and everything else comes from Maven Central. Run by scripts/test.sh.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

WORK=$HANGAR_ROOT/target/guide-pom
REPO=$WORK/repository
PROJECT=$WORK/project
MARKER='<!-- snippet: plugin-example/pom.xml#pom -->'

main() {
  if [[ -z ${JAVA_HOME:-} ]] && JAVA_HOME=$(debian_jdk17_home); then export JAVA_HOME; fi
  rm -rf "$WORK"
  mkdir -p "$REPO" "$PROJECT/src"
  # The xml block right after the marker, without its fences.
  awk -v marker="$MARKER" '
    $0 == marker { found = 1; next }
    found == 1 && /^```xml$/ { found = 2; next }
    found == 2 && /^```$/ { exit }
    found == 2 { print }
  ' "$HANGAR_ROOT/PLUGIN_GUIDE.md" >"$PROJECT/pom.xml"
  grep -q '</project>' "$PROJECT/pom.xml" || die "PLUGIN_GUIDE.md has no complete POM after '$MARKER'"
  cp -r "$HANGAR_ROOT/plugin-example/src/main" "$PROJECT/src/main"

  log "installing Hangar's plugin parent, parent, store, API and host state into the empty repository $REPO"
  mvn -B -q -ntp -f "$HANGAR_ROOT/pom.xml" -Dmaven.repo.local="$REPO" -DskipTests -pl plugins,host-state,plugin-testkit -am install ||
    die "installing Hangar's artifacts into $REPO failed"
  log "building the guide's POM with that repository (mvn package in $PROJECT)"
  mvn -B -q -ntp -f "$PROJECT/pom.xml" -Dmaven.repo.local="$REPO" package ||
    die "PLUGIN_GUIDE.md's POM does not build (from an empty local repository: $REPO)"

  local jar tool=${JAVA_HOME:+$JAVA_HOME/bin/}jar
  jar=$(find "$PROJECT/target" -maxdepth 1 -name '*.jar' | head -n 1)
  [[ -n $jar ]] || die "the guide's POM built no JAR in $PROJECT/target"
  mkdir -p "$WORK/unpacked"
  (cd "$WORK/unpacked" && "$tool" xf "$jar" META-INF/MANIFEST.MF META-INF/extensions.idx)
  grep -q '^Plugin-Id: example' "$WORK/unpacked/META-INF/MANIFEST.MF" || die "$jar: no Plugin-Id in its manifest"
  grep -q '^Plugin-Requires: >=[0-9.]* & <[0-9.]*' "$WORK/unpacked/META-INF/MANIFEST.MF" ||
    die "$jar: no Plugin-Requires range in its manifest"
  [[ -s $WORK/unpacked/META-INF/extensions.idx ]] ||
    die "$jar: no META-INF/extensions.idx (PF4J's annotation processor did not run)"
  log "PLUGIN_GUIDE.md's POM builds from an empty local repository: $(basename "$jar")"
}

main "$@"

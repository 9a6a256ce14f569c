# Sourced by ./mvnw, ./xpush and .ci/run: makes JAVA_HOME point at a JDK >= 21.
# Keeps JAVA_HOME when it is already new enough; else takes the newest JDK under /usr/lib/jvm.
# The server modules compile with --release 21 (see ../shared/STACK.md); the machine default may be 17.

xpush_java_major() {
  # prints the feature version of the java binary given as $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

xpush_find_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(xpush_java_major "$JAVA_HOME/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then return 0; fi
  fi
  best=""; best_v=0
  # the caller may run with globbing off (mvnw uses set -f)
  case $- in *f*) set +f; xpush_noglob=1 ;; *) xpush_noglob=0 ;; esac
  for d in /usr/lib/jvm/* /opt/java/* /usr/local/lib/jvm/*; do
    [ -x "$d/bin/javac" ] || continue
    v=$(xpush_java_major "$d/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  [ "$xpush_noglob" = 1 ] && set -f
  if [ -z "$best" ]; then
    echo "xpush needs a JDK 21 or newer; none found in JAVA_HOME or under /usr/lib/jvm." >&2
    echo "Install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME." >&2
    return 1
  fi
  JAVA_HOME="$best"; export JAVA_HOME
}

#!/usr/bin/env bash
# Runs a som-spark command on this machine with local[*], without a Spark install: the shaded
# jar plus Spark's own jars from the Maven build's classpath. Builds first when the jar is missing
# or older than the sources.
#   submit/local.sh demo
#   submit/local.sh ingest --annotations ann.json --images imgs/ --out out/
# JVM options: SOM_SPARK_JAVA_OPTS (default -Xmx8g).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
find_jar() { ls "$root"/target/som-spark-*.jar 2>/dev/null | grep -v -e original- -e sources -e tests | head -n 1; }
jar="$(find_jar || true)"
stale=""
if [[ -n "$jar" && -d "$root/src" ]]; then
  stale="$(find "$root/src" "$root/conf" "$root/pom.xml" -newer "$jar" -type f -print -quit 2>/dev/null || true)"
fi
if [[ -z "$jar" || -n "$stale" || ! -f "$root/target/local-classpath.txt" ]]; then
  echo "som-spark: building the jar (mvn package -DskipTests) ..." >&2
  log="$(mktemp)"
  if ! (cd "$root" && mvn -B -q -DskipTests package) >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
  fi
  rm -f "$log"
  jar="$(find_jar)"
fi
# The module opens Spark 3.5 needs on Java 17 (the list Spark's own launcher passes).
opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED)
# One machine: bind Spark to loopback (and skip the host-name lookup warning).
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# shellcheck disable=SC2086
exec java ${SOM_SPARK_JAVA_OPTS:--Xmx8g} "${opens[@]}" \
  -Dlog4j.configurationFile=som-spark-log4j2.properties \
  -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 \
  -cp "$jar:$(cat "$root/target/local-classpath.txt")" io.somspark.cli.Main "$@"

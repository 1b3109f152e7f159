#!/usr/bin/env bash
# Submits a som-spark command to a cluster through the cluster's own spark-submit (Spark 3.5).
#
#   submit/spark-submit.sh [spark-submit options] <command> [command options]
#
#   submit/spark-submit.sh --master yarn --deploy-mode client \
#     run --config s3a://my-bucket/conf/coco.yaml
#   SOM_SPARK_JAR=s3://my-bucket/jars/som-spark.jar submit/spark-submit.sh --master yarn \
#     --num-executors 8 --executor-memory 6g tag --out s3a://my-bucket/som
#
# Everything before the command (ingest, tag, caption, export, run, demo, eval, generate, bench,
# make-corpus, config, help) goes to spark-submit unchanged; the command and what follows go to
# som-spark. The script adds:
#   --class io.somspark.cli.Main and the jar (SOM_SPARK_JAR: any URI spark-submit takes;
#     default target/som-spark-*.jar of this checkout, built first if missing),
#   --name som-spark-<command> unless given (spark-submit would otherwise call the app "Main"),
#   the Java 17 module opens Spark 3.5 needs, prepended to spark.driver.extraJavaOptions,
#     spark.executor.extraJavaOptions and spark.yarn.am.extraJavaOptions (merged into values you
#     pass with --conf or --driver-java-options). Spark 3.5's launcher adds the same list itself;
#     these keep distributions and wrappers that skip it working. SOM_SPARK_OPENS=0 leaves the
#     three keys alone (they would replace values set in spark-defaults.conf).
# spark-submit is $SPARK_SUBMIT, else $SPARK_HOME/bin/spark-submit, else spark-submit on PATH.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

commands=" ingest tag caption export run demo eval generate bench make-corpus config help "
# spark-submit options that take no value (all others take exactly one).
flags=" --verbose -v --supervise --help -h --version "
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
--add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
java_opt_keys=(spark.driver.extraJavaOptions spark.executor.extraJavaOptions spark.yarn.am.extraJavaOptions)
add_opens=true
[[ "${SOM_SPARK_OPENS:-1}" == 0 ]] && add_opens=false

spark_args=()
declare -A seen=()
has_name=false
# Sets `value` (a --conf key=value) with the opens merged in when it sets a java option key
# (no subshell: it records the key in `seen`).
merge_opens() {
  local k
  $add_opens || return 0
  for k in "${java_opt_keys[@]}"; do
    if [[ "$value" == "$k="* ]]; then
      seen[$k]=1
      value="$k=$opens ${value#"$k="}"
    fi
  done
}

while [[ $# -gt 0 && "$commands" != *" $1 "* ]]; do
  opt="$1"
  shift
  if [[ "$flags" == *" $opt "* ]]; then
    spark_args+=("$opt")
    [[ "$opt" == --help || "$opt" == -h ]] && usage
    continue
  fi
  if [[ "$opt" != -* ]]; then
    echo "som-spark: expected a spark-submit option or a command, got '$opt'" >&2
    usage
  fi
  if [[ "$opt" == *=* ]]; then # --opt=value
    value="${opt#*=}"
    opt="${opt%%=*}"
  else
    [[ $# -gt 0 ]] || { echo "som-spark: $opt needs a value" >&2; exit 2; }
    value="$1"
    shift
  fi
  case "$opt" in
    --conf|-c) merge_opens ;;
    --driver-java-options)
      if $add_opens; then
        seen[spark.driver.extraJavaOptions]=1
        value="$opens $value"
      fi ;;
    --name) has_name=true ;;
    --class) echo "som-spark: --class is set by this script (io.somspark.cli.Main)" >&2; exit 2 ;;
  esac
  spark_args+=("$opt" "$value")
done
[[ $# -gt 0 ]] || { echo "som-spark: missing command" >&2; usage; }
command="$1"

if $add_opens; then
  for k in "${java_opt_keys[@]}"; do
    [[ -n "${seen[$k]:-}" ]] || spark_args+=(--conf "$k=$opens")
  done
fi
$has_name || spark_args+=(--name "som-spark-$command")

jar="${SOM_SPARK_JAR:-}"
if [[ -z "$jar" ]]; then
  find_jar() { ls "$root"/target/som-spark-*.jar 2>/dev/null | grep -v -e original- -e sources -e tests | head -n 1; }
  jar="$(find_jar || true)"
  if [[ -z "$jar" ]]; then
    echo "som-spark: building the jar (mvn package -DskipTests) ..." >&2
    (cd "$root" && mvn -B -q -DskipTests package) >&2
    jar="$(find_jar)"
  fi
fi

if [[ -n "${SPARK_SUBMIT:-}" ]]; then
  submit="$SPARK_SUBMIT"
elif [[ -n "${SPARK_HOME:-}" ]]; then
  submit="$SPARK_HOME/bin/spark-submit"
else
  submit="spark-submit"
fi
exec "$submit" --class io.somspark.cli.Main "${spark_args[@]}" "$jar" "$@"

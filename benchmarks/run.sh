#!/usr/bin/env bash
# Runs every benchmark of sunco-oauth-reactor with one command, from the repository root:
#   benchmarks/run.sh
# 1. installs the library (mvn -DskipTests install), 2. builds benchmarks/ (its own Maven project),
# 3. JMH microbenchmarks with -prof gc, 4. the loopback harness (stub on core 1, each client in a
# fresh JVM on core 0, REPS times in rotating order), 5. the connected-app store benchmark (its own
# PostgreSQL and redis-server on core 1, the benchmark JVM on core 0), 6. writes
# benchmarks/target/results/results.md.
# Bounded: each step runs under `timeout`; about 25 minutes with the defaults (30 with BEFORE);
# each repetition above 5 adds about half a minute per client (REPS=9 with BEFORE: about 40).
# Environment:
#   REPS=5        repetitions per client (each a fresh JVM)
#   JMH_FORKS=2   JMH forks per benchmark
#   BEFORE=<ref>  also runs client "sunshine-before": the library as of that git ref, side by side
#   QUICK=1       a smoke run of a few minutes (numbers meaningless)
#   JMH=0         skips the JMH microbenchmarks: only the loopback harness (side-by-side ratios)
#   STORE=0       skips the connected-app store benchmark (PostgreSQL, Redis, in memory; about 3
#                 minutes; needs Debian's postgresql and redis-server packages)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v taskset >/dev/null || { echo "run.sh needs taskset (Debian: util-linux)" >&2; exit 1; }
[ "$(nproc)" -ge 2 ] || { echo "run.sh needs 2 cores: the stub on one, the client on the other" >&2; exit 1; }

REPS="${REPS:-5}"
JMH_FORKS="${JMH_FORKS:-2}"
OUT=benchmarks/target/results
CLIENTS=reference,sunshine,okhttp,webclient,spring-security,jdk
JMH_ARGS=(-f "$JMH_FORKS")
HARNESS_ARGS=(--reps "$REPS")
STORE_ARGS=()
if [ "${QUICK:-0}" = 1 ]; then
  JMH_ARGS=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
  HARNESS_ARGS=(--reps 1 --seq-warmup-s 1 --load-warmup-s 2 --seq-s 1 --load-s 2)
  STORE_ARGS=(--records 1000 --list-records 100 --delete-records 2000 --warmup-s 1 --seq-s 1 --load-s 1)
fi

echo "== install the library"
mvn -B -q -DskipTests install
echo "== build the benchmarks"
mvn -B -q -f benchmarks/pom.xml -DskipTests package

CP="benchmarks/target/benchmarks.jar:benchmarks/target/lib/*"
rm -rf "$OUT"
mkdir -p "$OUT"

if [ -n "${BEFORE:-}" ]; then
  echo "== build the library as of $BEFORE, for client sunshine-before"
  rm -rf benchmarks/target/before
  mkdir -p benchmarks/target/before
  git archive "$BEFORE" | tar -x -C benchmarks/target/before
  (cd benchmarks/target/before && mvn -B -q -DskipTests package)
  BEFORE_CP="benchmarks/target/benchmarks.jar:benchmarks/target/before/target/sunco-oauth-reactor-0.1.0-SNAPSHOT.jar"
  for jar in benchmarks/target/lib/*.jar; do
    case "$jar" in */sunco-oauth-reactor-*) ;; *) BEFORE_CP="$BEFORE_CP:$jar" ;; esac
  done
  CLIENTS="$CLIENTS,sunshine-before"
  HARNESS_ARGS+=(--before-classpath "$BEFORE_CP")
fi

if [ "${JMH:-1}" != 0 ]; then
  echo "== JMH (-prof gc)"
  timeout 900 java -cp "$CP" org.openjdk.jmh.Main -prof gc "${JMH_ARGS[@]}" \
    -rf json -rff "$OUT/jmh.json" 'io\.sunco\.oauth\..*Benchmark' | tee "$OUT/jmh.txt"
fi

echo "== loopback harness"
# About 27 s per client JVM on the machines here, plus the warm-up and the two-core stub check;
# the bound is twice that, so that a larger REPS is not cut off.
CLIENT_COUNT=$(tr ',' '\n' <<<"$CLIENTS" | wc -l)
HARNESS_TIMEOUT=$(( (CLIENT_COUNT * REPS + 3) * 60 ))
timeout "$HARNESS_TIMEOUT" java -cp "$CP" io.sunco.oauth.bench.harness.Harness --out "$OUT" \
  --clients "$CLIENTS" "${HARNESS_ARGS[@]}"

if [ "${STORE:-1}" != 0 ]; then
  echo "== connected-app store: save, find, list, delete on PostgreSQL, Redis and in memory"
  # The benchmark JVM on core 0, the PostgreSQL and redis-server it starts (127.0.0.1, free ports)
  # on core 1; it stops both at the end, also on a failure or this timeout's SIGTERM. A failure
  # here keeps the results above: the report lists the store's tables only when they were written.
  timeout 900 taskset -c 0 java -XX:ActiveProcessorCount=1 -Xms1g -Xmx1g -cp "$CP" \
    io.sunco.oauth.bench.store.StoreBench --out "$OUT" --server-cpus 1 \
    ${STORE_ARGS[@]+"${STORE_ARGS[@]}"} \
    || echo "== the store benchmark failed (exit $?): see its output above" >&2
fi

java -cp "$CP" io.sunco.oauth.bench.harness.Report --out "$OUT" > "$OUT/results.md"
echo "== results: $OUT/results.md"
cat "$OUT/results.md"

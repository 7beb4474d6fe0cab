#!/usr/bin/env bash
# Profiles one harness client with JFR (async-profiler is not available here):
#   benchmarks/profile.sh [client] [seconds]     e.g. benchmarks/profile.sh sunshine 15
# Needs a built benchmarks/ (benchmarks/run.sh, or mvn -f benchmarks/pom.xml -DskipTests package).
# Starts the stub on core 1, runs the client on core 0 under -XX:StartFlightRecording (settings
# "profile"), and prints the hot methods and the allocation sites of the recording
# (benchmarks/target/profile/<client>.jfr). `jfr view` needs JDK 21+: JFR_JDK (default Temurin 25).
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENT="${1:-sunshine}"
SECONDS_MEASURED="${2:-15}"
JFR_JDK="${JFR_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
CP="benchmarks/target/benchmarks.jar:benchmarks/target/lib/*"
OUT=benchmarks/target/profile
mkdir -p "$OUT"

LIMIT=$((SECONDS_MEASURED * 3 + 60))
sleep "$LIMIT" | taskset -c 1 java -XX:ActiveProcessorCount=1 -Xms512m -Xmx512m \
  -cp "$CP" io.sunco.oauth.bench.harness.StubServer --threads 1 --max-seconds "$LIMIT" > "$OUT/stub.out" &
STUB_PID=$!
trap 'kill "$STUB_PID" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q '^PORT ' "$OUT/stub.out" 2>/dev/null && break; sleep 0.2; done
PORT=$(awk '/^PORT /{print $2}' "$OUT/stub.out")

timeout "$LIMIT" taskset -c 0 java -XX:ActiveProcessorCount=1 -Xms1g -Xmx1g \
  "-XX:StartFlightRecording=filename=$OUT/$CLIENT.jfr,settings=profile" \
  -cp "$CP" io.sunco.oauth.bench.harness.ClientRun --client "$CLIENT" --base-url "http://127.0.0.1:$PORT" --stub-pid "$STUB_PID" \
  --seq-warmup-s 1 --load-warmup-s "$SECONDS_MEASURED" --seq-s 1 --load-s "$SECONDS_MEASURED" | grep RESULT

"$JFR_JDK/bin/jfr" view --width 200 hot-methods "$OUT/$CLIENT.jfr"
"$JFR_JDK/bin/jfr" view --width 200 allocation-by-site "$OUT/$CLIENT.jfr"

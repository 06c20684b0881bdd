#!/usr/bin/env bash
# Interleaved rounds of one build on the default broker (the suite's RabbitMQ 4.0.5 container): each round
# is one run of benchmarks.jar with one fork per trial, so every setting runs once a round and a slow
# stretch of the host hits all settings alike; the rounds are merged into one JMH JSON with a fork per
# round (results.RoundMerge), which TrialTable and ProtocolTable read. Run from the repository's root
# after `mvn -B -q package -DskipTests`, with nothing else running.
# Usage: [IMAGE=rabbitmq-jmh/rabbitmq:3.10.8] results/rabbitmq4/rounds.sh NAME ROUNDS BENCHMARK-ARGS...
#   IMAGE: another of the suite's images (deploy/images/build) for the rows of an older broker.
#   e.g. results/rabbitmq4/rounds.sh quorum 3 QuorumPriorityBenchmark -wi 4 -i 4
# Keeps in results/rabbitmq4/NAME/: jmh-result.json (merged), and per round its jmh-result.json,
# environment.properties, summary.md and the console's first and last lines (no per-message CSVs).
set -euo pipefail
name=$1 rounds=$2
shift 2
out=results/rabbitmq4/$name
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -rf "${out:?}"
mkdir -p "$out"
merged=()
for round in $(seq 1 "$rounds"); do
  java ${IMAGE:+-Drabbitmq.image="$IMAGE"} -Drabbitmqjmh.results="$tmp/results" -jar target/benchmarks.jar "$@" -f 1 > "$tmp/console.txt" 2>&1 || {
    tail -20 "$tmp/console.txt" >&2
    echo "rounds: round $round failed; nothing merged" >&2
    exit 1
  }
  run=$(ls -d "$tmp"/results/2*/ | tail -1)
  mkdir -p "$out/round-$round"
  cp "$run/jmh-result.json" "$run/environment.properties" "$run/summary.md" "$out/round-$round/"
  # The launcher's lines and its closing summary; JMH's per-iteration tables are in the round's JSON.
  { head -8 "$tmp/console.txt"; echo "[... JMH's per-iteration tables left out: the round's jmh-result.json holds every figure ...]"
    tail -40 "$tmp/console.txt"; } > "$out/round-$round/console.txt"
  rm -rf "$run"
  merged+=("$out/round-$round")
  echo "rounds: round $round of $rounds done ($(date -u +%H:%M:%S))"
done
java -cp target/benchmarks.jar org.rabbitmqjmh.results.RoundMerge "$out/jmh-result.json" "${merged[@]}"

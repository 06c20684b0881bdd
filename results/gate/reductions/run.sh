#!/usr/bin/env bash
# The broker's work per message, counted (cost.broker.reductions), proven as issue #30 asks: an A/A run
# of the quick profile, same jar on both sides, 10 rounds, and a run whose head's publishers send one
# message in K also to a queue that expires it at once (-Drabbitmqjmh.slowdown.broker.copy.every=K), 6
# rounds. Both on the default broker (the suite's RabbitMQ 4.0.5 container). Run from the repository's
# root after `mvn -B -q package -DskipTests`, with nothing else running; about an hour on 2 cores.
# Usage: results/gate/reductions/run.sh K
set -euo pipefail
k=${1:?usage: run.sh K (one message in K copied)}
out=results/gate/reductions
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp target/benchmarks.jar "$tmp/base.jar"
cp target/benchmarks.jar "$tmp/head.jar"

keep() { # RUN_FOLDER NAME: the JSON of both sides, compare.md, the environment, the console
  local run name=$2
  run=$(ls -d "$tmp"/results/2*/ | tail -1)
  rm -rf "${out:?}/$name"
  mkdir -p "$out/$name/base" "$out/$name/head"
  cp "$run/base/jmh-result.json" "$out/$name/base/"
  cp "$run/head/jmh-result.json" "$out/$name/head/"
  cp "$run/compare.md" "$run/environment.properties" "$out/$name/"
  mv "$tmp/console.txt" "$out/$name/console.txt"
  mv "$tmp/launcher.txt" "$out/$name/launcher.txt"
  rm -rf "$run"
}

java -Drabbitmqjmh.csv=false -Drabbitmqjmh.results="$tmp/results" -jar "$tmp/head.jar" --profile quick -f 10 \
    --against "$tmp/base.jar" > "$tmp/console.txt" 2> "$tmp/launcher.txt" || true
keep "$tmp" aa
java -Drabbitmqjmh.csv=false -Drabbitmqjmh.results="$tmp/results" -jar "$tmp/head.jar" --profile quick -f 6 \
    --against "$tmp/base.jar" --head-property rabbitmqjmh.slowdown.broker.copy.every="$k" \
    > "$tmp/console.txt" 2> "$tmp/launcher.txt" || true
keep "$tmp" copies

#!/usr/bin/env bash
# Duet against sequential rounds, as issue #30 asks: A/A runs (the same jar on both sides) of the quick
# profile's publish rows (classic transient unary and async-window; quorum persistent async-window), each
# 6 rounds, in blocks that alternate interleaved (one side after the other) and duet (--duet: both sides
# at once, each on a CPU of its own with its own broker, swapping every round), ABBA so that a drift over
# the session favours neither mode. On the default broker (the suite's RabbitMQ 4.0.5 container). Run
# from the repository's root after `mvn -B -q package -DskipTests`, with nothing else running; about 35
# minutes on 2 cores. Then: java -cp target/benchmarks.jar org.rabbitmqjmh.results.calibration.RoundSpread
#   interleaved=results/gate/duet/interleaved-1-publish,... duet=...   (README.md has the whole command)
# Usage: results/gate/duet/run.sh [BLOCKS]   (default 2: interleaved, duet, duet, interleaved)
set -euo pipefail
blocks=${1:-2}
out=results/gate/duet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp target/benchmarks.jar "$tmp/base.jar"
cp target/benchmarks.jar "$tmp/head.jar"
common=(-f 6 -wi 10 -w 1s -i 4 -r 1s -foe true -p messageSize=16 -p socketIo=classic -p recording=on -p batch=100)
publish=('\.PublishBenchmark' -p delivery=transient -p queueType=classic -p confirm=unary,async-window)
quorum=('\.PublishBenchmark' -p delivery=persistent -p queueType=quorum -p confirm=async-window)

keep() { # NAME: the JSON of both sides, compare.md, the environment, the console, when the sides met
  local run name=$1
  run=$(ls -d "$tmp"/results/2*/ | tail -1)
  rm -rf "${out:?}/$name"
  mkdir -p "$out/$name/base" "$out/$name/head"
  cp "$run/base/jmh-result.json" "$out/$name/base/"
  cp "$run/head/jmh-result.json" "$out/$name/head/"
  cp "$run/compare.md" "$run/environment.properties" "$out/$name/"
  if [ -d "$run/duet" ]; then
    # Each side's file per iteration and when it was made (s since the epoch): how well the sides met.
    (cd "$run/duet" && find . -type f -printf '%P\t%T@\n' | sort) > "$out/$name/meetings.tsv"
  fi
  mv "$tmp/console.txt" "$out/$name/console.txt"
  mv "$tmp/launcher.txt" "$out/$name/launcher.txt"
  rm -rf "$run"
}

side_by_side() { # MODE BLOCK: the two publish runs of one mode
  local mode=$1 block=$2 flag=()
  [ "$mode" = duet ] && flag=(--duet)
  for rows in publish quorum; do
    local -n args=$rows
    java -Drabbitmqjmh.csv=false -Drabbitmqjmh.results="$tmp/results" -jar "$tmp/head.jar" "${args[@]}" \
        "${common[@]}" --against "$tmp/base.jar" "${flag[@]}" > "$tmp/console.txt" 2> "$tmp/launcher.txt" || true
    keep "$mode-$block-$rows"
    echo "$(date -u +%H:%M:%S) $mode block $block $rows done" >&2
  done
}

for b in $(seq 1 "$blocks"); do
  if [ $((b % 2)) -eq 1 ]; then order=(interleaved duet); else order=(duet interleaved); fi
  for mode in "${order[@]}"; do
    side_by_side "$mode" "$b"
  done
done

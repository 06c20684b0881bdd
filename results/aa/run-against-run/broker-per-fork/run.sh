#!/bin/bash
# The broker-per-fork runs of results/aa/README.md: JMH's own Main (not the launcher), so each fork's
# BrokerState starts a private node of its own. Run from the project root after mvn package.
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=results/aa/run-against-run/broker-per-fork
COMMON="-f 5 -foe true -jvmArgsAppend -Drabbitmqjmh.csv=false"
for r in 1 2 3 4 5 6; do
  echo "run $r $(date -u +%T)" >&2
  java -cp target/benchmarks.jar org.openjdk.jmh.Main '\.PublishBenchmark' $COMMON -wi 1 -w 1s -i 3 -r 1s \
    -p messageSize=16 -p delivery=transient -p queueType=classic -p socketIo=classic -p recording=on \
    -p confirm=async-window -p batch=100 -rf json -rff $out/run$r-publish.json > /dev/null
  java -cp target/benchmarks.jar org.openjdk.jmh.Main 'DrainBenchmark' $COMMON -wi 2 -i 8 \
    -p messages=2000 -p prefetch=100 -p style=callback -p ack=each -p socketIo=classic -p workers=4 \
    -rf json -rff $out/run$r-drain.json > /dev/null
done

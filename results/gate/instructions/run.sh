#!/bin/sh
# One series of the instruction count's proof: 10 comparisons of the in-memory publish path at 16 B, the
# head given ROUNDS xorshift rounds of extra work a message (-Drabbitmqjmh.slowdown.work=ROUNDS; 0: an
# A/A, the same jar as base and head). Raw counts: SERIES/01.csv ... 10.csv.
# Usage, from the repository root after `mvn -B package -DskipTests`:
#   results/gate/instructions/run.sh SERIES ROUNDS "LABEL"
# The committed series: `run.sh aa 0 "A/A (the same jar)" & run.sh work 8 "head +8 xorshift rounds a
# message" & wait` (side by side: a count of instructions does not depend on what else the host runs),
# then `run.sh work-1 1 "head +1 xorshift round a message"`.
set -eu
series=$1; rounds=$2; label=$3
here=results/gate/instructions
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp target/benchmarks.jar "$tmp/base.jar"
mkdir -p "$here/$series"
echo "$label" > "$here/$series/label"
extra=""
[ "$rounds" -gt 0 ] && extra="--jvm-arg -Drabbitmqjmh.slowdown.work=$rounds"
for i in 01 02 03 04 05 06 07 08 09 10; do
  # exit 1 is the gate flagging the head: a result, not a failure of the count
  java -cp target/benchmarks.jar org.rabbitmqjmh.programs.Instructions --path in-memory-publish --size 16 \
    --against "$tmp/base.jar" --csv "$here/$series/$i.csv" $extra > /dev/null 2>&1 || [ $? -eq 1 ]
done

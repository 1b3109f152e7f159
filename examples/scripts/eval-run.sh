#!/usr/bin/env bash
# A full evaluation run on one machine, on data the project makes itself: synthetic scenes, POPE
# questions built from their ground truth, the built-in model answering them and listing the
# tagged scenes, every score, and the report.
#   examples/scripts/eval-run.sh [WORK_DIR]      (default: eval-run/)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
som="$root/submit/local.sh"
work="$(mkdir -p "${1:-eval-run}" && cd "${1:-eval-run}" && pwd)"
run="$work/runs/som-tiny-llava"

"$som" make-corpus shapes --out "$work/shapes" --count 200 --seed 3
"$som" eval make-pope --annotations "$work/shapes/annotations.json" --out "$work/pope-questions" \
  --images 50 --seed 1

# Listing: tag the scenes in the look the model knows, let it list them, score (-> metrics/listing).
"$som" run --config "$root/examples/configs/shapes-vlm.yaml" --out "$run/tables" \
  --set "input.sources=[{name: shapes, annotations: $work/shapes/annotations.json, images: $work/shapes/images}]"
mkdir -p "$run/metrics" && rm -rf "$run/metrics/listing" && cp -r "$run/tables/metrics/listing" "$run/metrics/listing"

# POPE: the model answers every question of the three splits on the untagged scenes, then scoring.
answers=()
for split in random popular adversarial; do
  "$som" eval answer --benchmark pope --questions "$work/pope-questions/coco_pope_$split.json" \
    --images "$work/shapes/images" --out "$run/answers/$split.jsonl"
  answers+=("$run/answers/$split.jsonl")
done
"$som" eval pope --questions "$work"/pope-questions/coco_pope_{random,popular,adversarial}.json \
  --answers "${answers[@]}" --out "$run/metrics/pope"

"$som" eval report --runs "som-tiny-llava=$run/metrics" --out "$work/report" --title "som-tiny-llava on synthetic scenes" \
  --examples 6 --images "$work/shapes/images"
echo "report: $work/report/report.html"

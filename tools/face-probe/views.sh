#!/usr/bin/env bash
# Probes other views of each detector box (issue 17, docs/detection-evaluation.md "Other views of a box, probed"):
# tools/face-probe/views.cs on the detection sets, GCompris's and IFCT's photographs, padded FER2013 val (all 3,589) and 1,500
# seeded train images, then views.py's table. A probe, not the product: nothing here ships. About 5 minutes on a 2-core
# EPYC. Usage: tools/face-probe/views.sh [--models DIR] [--second-verifier FILE] [--held-out LIST] [OUT]
# (default .cache/face-probe; LIST: a verifier run's OUT.held-out.txt, whose pictures become a set "held").
# Needs tools/detect-sets.sh --training-extras, ../shared/data/fer2013 and Debian's python3 with PIL.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tools/face-probe"
models="$root/models"
extra=()
held=""
while [[ "${1:-}" == --* ]]; do
  case "$1" in
    --models) models="$(realpath "$2")"; shift 2 ;;
    --second-verifier) extra=(--second-verifier "$(realpath "$2")"); shift 2 ;;
    --held-out) held="$(realpath "$2")"; shift 2 ;;
    *) echo "views.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
out="$(realpath -m "${1:-$root/.cache/face-probe}")"
sets="$root/.cache/detect-sets"
python=/usr/bin/python3
mkdir -p "$out"

"$root/tools/detect-sets.sh" --training-extras "$sets"
"$root/tools/detect-sets.sh" "$sets"
[[ -f "$out/fer-val/truth.csv" ]] || "$python" "$here/pad_fer.py" "$root/../shared/data/fer2013/val" "$out/fer-val" 100000 17
[[ -f "$out/fer-train/truth.csv" ]] || "$python" "$here/pad_fer.py" "$root/../shared/data/fer2013/train" "$out/fer-train" 1500 17
dirs=("$sets/no-person" "$sets/people" "$sets/no-person-train-photos" "$sets/no-person-train-foods")
if [[ -n "$held" ]]; then
  rm -rf "$out/held" && mkdir -p "$out/held" && echo "file,faces,boxes" > "$out/held/truth.csv"
  n=0
  while read -r picture; do
    n=$((n + 1)); ln -s "$picture" "$out/held/$n.png"; echo "$n.png,0," >> "$out/held/truth.csv"
  done < "$held"
  dirs+=("$out/held")
fi
dirs+=("$out/fer-val" "$out/fer-train")
dotnet run -c Release --file "$here/views.cs" -- "$models" "$out/views.csv" "${extra[@]}" "${dirs[@]}"
"$python" "$here/views.py" "$out/views.csv"

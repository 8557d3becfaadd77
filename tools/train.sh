#!/usr/bin/env bash
# Trains Moodtune's expression network (tools/Moodtune.Training, TorchSharp on CPU) and exports it to ONNX.
#   tools/train.sh --data ../shared/data/fer2013 --out models/emotion-moodtune.onnx [--epochs N] [--resume CKPT] ...
#   tools/train.sh check          # libtorch loads here: a conv forward/backward pass
#   tools/train.sh train --help   # every option
# Builds the tool in Release to .build/train first (again only when its sources change); the build adapts
# TorchSharp's native wrapper when the system libstdc++ is older than GCC 13's (Debian 12), installing g++ and patchelf.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/.build/train"
stamp="$out/.built"

command -v dotnet >/dev/null 2>&1 || { echo "train.sh: the .NET SDK (dotnet) is required; see README.md" >&2; exit 1; }

if [[ ! -f "$stamp" ]] || [[ -n "$(find "$root/tools/Moodtune.Training" "$root/tools/Moodtune.ModelConverter" \
      "$root/Directory.Build.props" "$root/Directory.Packages.props" -newer "$stamp" \
      \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.sh' -o -name '*.py' -o -name '*.cpp' \) \
      -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]]; then
  echo "train.sh: building the training tool (Release)..." >&2
  if ! log="$(dotnet build "$root/tools/Moodtune.Training/Moodtune.Training.csproj" -c Release -o "$out" -nologo 2>&1)"; then
    echo "$log" >&2
    echo "train.sh: the build failed (output above)" >&2
    exit 1
  fi
  touch "$stamp"
fi

# Options first means `train` (the usual case): `tools/train.sh --data ... --out ...`.
if [[ "${1:-}" == --* ]]; then
  set -- train "$@"
fi
exec dotnet "$out/moodtune-train.dll" "$@"

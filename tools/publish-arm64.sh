#!/usr/bin/env bash
# Publishes the command line for 64-bit ARM Linux (a Jetson, a Raspberry Pi 4/5 with a 64-bit OS) into OUT_DIR:
#   tools/publish-arm64.sh OUT_DIR [dotnet publish options...]
# Self-contained (the board needs no .NET), with `serve`'s web app and page (wwwroot/), the models (models/) and the
# ARM64 builds of ONNX Runtime and SkiaSharp. Copy OUT_DIR to the board and run OUT_DIR/moodtune there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: tools/publish-arm64.sh OUT_DIR [dotnet publish options...]}"
shift

command -v dotnet >/dev/null 2>&1 || { echo "publish-arm64.sh: the .NET SDK (dotnet) is required; see README.md" >&2; exit 1; }

# The web page's build fetches Chart.js with npm (from its lock file), as for ./moodtune.
if ! command -v npm >/dev/null 2>&1; then
  echo "publish-arm64.sh: installing nodejs and npm (apt)..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >&2
fi

# Its own artifacts folder: restoring for linux-arm64 in the projects' obj/ would rewrite the assets files that the
# ordinary x64 build and the tests use, and a build running beside this one would read them half-written.
dotnet publish "$root/src/Moodtune.Cli/Moodtune.Cli.csproj" -c Release -r linux-arm64 --self-contained \
  --artifacts-path "$root/.build/arm64" -o "$out" -nologo "$@"

#!/usr/bin/env bash
# Packs the training tool for a machine without the .NET SDK or TorchSharp's libtorch, typically a GPU machine with
# PyTorch: a .NET runtime, the tool with its native wrappers but no libtorch (the CUDA build is ~2 GB; the machine has
# one), and run.sh, which points the loader at that machine's libtorch.
#   tools/train-bundle.sh OUT_DIR        # writes OUT_DIR/moodtune-train-bundle.tar.xz (~40 MB)
# There:
#   tar -xJf moodtune-train-bundle.tar.xz
#   moodtune-train/run.sh train --data fer2013 --out emotion.onnx --device cuda [options of tools/train.sh]
# run.sh takes libtorch from $LIBTORCH_LIB (a folder holding libtorch*.so) or from python3's PyTorch (torch/lib).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:?usage: tools/train-bundle.sh OUT_DIR}" && cd "$1" && pwd)"
command -v dotnet >/dev/null 2>&1 || { echo "train-bundle.sh: the .NET SDK (dotnet) is required" >&2; exit 1; }
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
bundle="$stage/moodtune-train"
mkdir -p "$bundle/app" "$bundle/dotnet/shared/Microsoft.NETCore.App"

echo "train-bundle.sh: building the training tool (Release)..." >&2
if ! log="$(dotnet build "$root/tools/Moodtune.Training/Moodtune.Training.csproj" -c Release -o "$stage/build" -nologo 2>&1)"; then
  echo "$log" >&2
  exit 1
fi

# Flat, without deps.json: .NET then finds every assembly and native wrapper beside the entry assembly, and no entry
# asks for the libtorch files left out.
cp "$stage"/build/*.dll "$stage"/build/moodtune-train.runtimeconfig.json "$bundle/app/"
native="$stage/build/runtimes/linux-x64/native"
cp "$native"/libLibTorchSharp.so "$native"/libSkiaSharp.so "$native"/libonnxruntime.so "$native"/libonnxruntime_providers_shared.so "$bundle/app/"
# The GLIBCXX shim exists only where the build adapted the wrapper (see build/TorchSharpGlibcxx.targets).
[[ -f "$native/libmoodtune_iosinit.so" ]] && cp "$native/libmoodtune_iosinit.so" "$bundle/app/"

# The runtime the SDK here runs on: the host and the newest Microsoft.NETCore.App of the tool's major version.
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
major="$(sed -n 's/.*"tfm": "net\([0-9]*\)\..*/\1/p' "$bundle/app/moodtune-train.runtimeconfig.json")"
runtime="$(ls -d "$dotnet_root/shared/Microsoft.NETCore.App/$major".* | sort -V | tail -1)"
cp -r "$dotnet_root/dotnet" "$dotnet_root/host" "$bundle/dotnet/"
cp -r "$runtime" "$bundle/dotnet/shared/Microsoft.NETCore.App/"

cat > "$bundle/run.sh" <<'RUN'
#!/usr/bin/env bash
# Runs the bundled training tool against this machine's libtorch: $LIBTORCH_LIB, or python3's PyTorch.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lib="${LIBTORCH_LIB:-$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))' 2>/dev/null || true)}"
if [[ -z "$lib" || ! -f "$lib/libtorch_cpu.so" ]]; then
  echo "run.sh: no libtorch found: set LIBTORCH_LIB to a folder with libtorch_cpu.so, or install PyTorch for python3" >&2
  exit 1
fi
export LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" DOTNET_ROOT="$here/dotnet"
exec "$here/dotnet/dotnet" "$here/app/moodtune-train.dll" "$@"
RUN
chmod +x "$bundle/run.sh"
tar -C "$stage" -cf - moodtune-train | xz -T0 -6 > "$out/moodtune-train-bundle.tar.xz"
echo "train-bundle.sh: $out/moodtune-train-bundle.tar.xz ($(du -h "$out/moodtune-train-bundle.tar.xz" | cut -f1)), runtime $(basename "$runtime")" >&2

#!/usr/bin/env bash
# Adapts TorchSharp's native wrapper (built with GCC 13) to a system libstdc++ older than GLIBCXX_3.4.32 (Debian 12):
# writes DEST_DIR/libLibTorchSharp.so (a patched copy of WRAPPER; the NuGet cache is never touched) and
# DEST_DIR/libmoodtune_iosinit.so (the one symbol it lacks). Idempotent. Installs g++, patchelf (and python3) from apt when missing.
# Usage: adapt-libtorchsharp.sh WRAPPER DEST_DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
wrapper="$1"
dest="${2%/}"
shim=libmoodtune_iosinit.so

missing_tools() {
  missing=()
  command -v g++ >/dev/null 2>&1 || missing+=(g++)
  command -v patchelf >/dev/null 2>&1 || missing+=(patchelf)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
}
missing_tools
if ((${#missing[@]})); then
  # The tool and its tests build in parallel: one apt at a time, and the second finds the tools there.
  exec 9>/tmp/moodtune-apt.lock
  flock 9
  missing_tools
  if ((${#missing[@]})); then
    echo "adapt-libtorchsharp: installing ${missing[*]} (apt)"
    export DEBIAN_FRONTEND=noninteractive
    apt_install=(apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}")
    "${apt_install[@]}" >/dev/null 2>&1 || { apt-get -o DPkg::Lock::Timeout=300 update -qq && "${apt_install[@]}"; } \
      || { echo "adapt-libtorchsharp: error: could not install ${missing[*]}; install them (apt-get install ${missing[*]}) and build again" >&2; exit 1; }
  fi
  exec 9>&-
fi

mkdir -p "$dest"
g++ -shared -fPIC -O2 -o "$dest/$shim.tmp" "$here/ios_base_library_init.cpp"
mv -f "$dest/$shim.tmp" "$dest/$shim"

# Patch a temporary copy, then move it into place: a half-patched wrapper never sits at the destination.
tmp="$dest/libLibTorchSharp.so.tmp"
cp -f "$wrapper" "$tmp"
chmod u+w "$tmp"
python3 "$here/weaken_verneed.py" "$tmp" GLIBCXX_3.4.32
patchelf --print-needed "$tmp" | grep -qx "$shim" || patchelf --add-needed "$shim" "$tmp"
mv -f "$tmp" "$dest/libLibTorchSharp.so"
echo "adapt-libtorchsharp: $dest/libLibTorchSharp.so needs $shim; GLIBCXX_3.4.32 is weak"

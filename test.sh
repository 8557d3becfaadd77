#!/usr/bin/env bash
# Installs what the tests need (when missing) and runs every test: the product's solution, then the training tool's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

command -v dotnet >/dev/null 2>&1 || { echo "test.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }

# Browser tests drive Debian's Chromium; the web project's build fetches Chart.js with npm (lock file).
need_apt=()
[[ -x /usr/bin/chromium ]] || need_apt+=(chromium)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
# The two-node test runs the app's nodes behind Debian's nginx with deploy/nginx.conf.
[[ -x /usr/sbin/nginx ]] || need_apt+=(nginx-light)
# JPEG decoding goes through the system's SIMD libjpeg-turbo when present (src/Moodtune.Vision/Imaging/TurboJpeg.cs);
# its tests compare it with Skia pixel for pixel.
/sbin/ldconfig -p 2>/dev/null | grep -q 'libturbojpeg\.so\.0' || need_apt+=(libturbojpeg0)
# The detection sets (tools/detect-sets.sh) are composed with Debian's python3 and PIL and numpy.
/usr/bin/python3 -c 'import PIL, numpy' >/dev/null 2>&1 || need_apt+=(python3-pil python3-numpy)
# The comparison tests run the Haar-cascade baseline: OpenCV's cascade (opencv-data) and the GTK stack OpenCvSharp's
# native library links to (it used to arrive only with Chromium).
source "$root/bench/Moodtune.Comparison/haar-packages.sh"
mapfile -t haar_apt < <(haar_missing_packages)
need_apt+=("${haar_apt[@]}")
if ((${#need_apt[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# The ARM64 emulation tests run the linux-arm64 build (tools/publish-arm64.sh) under QEMU with Debian's arm64 C and C++ runtimes;
# when its packages cannot be installed, those tests report themselves skipped and the rest still runs.
need_arm64=()
command -v qemu-aarch64-static >/dev/null 2>&1 || need_arm64+=(qemu-user-static)
[[ -f /usr/aarch64-linux-gnu/lib/libc.so.6 ]] || need_arm64+=(libc6-arm64-cross)
[[ -f /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ]] || need_arm64+=(libstdc++6-arm64-cross)
[[ -f /usr/aarch64-linux-gnu/lib/libgcc_s.so.1 ]] || need_arm64+=(libgcc-s1-arm64-cross)
if ((${#need_arm64[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need_arm64[@]}"; } \
    || echo "test.sh: ${need_arm64[*]} could not be installed: the ARM64 emulation tests will report themselves skipped" >&2
fi

# .NET asks OpenSSL for random bytes (serve's one-time YouTube setup code at start, camera connection ids), so the
# emulated program needs Debian's arm64 libssl3 too; there is no -cross package of it: download the arm64 package
# (the architecture is added for that and removed again) and unpack its two libraries beside the cross C runtime.
if [[ -d /usr/aarch64-linux-gnu/lib && ! -f /usr/aarch64-linux-gnu/lib/libssl.so.3 ]]; then
  ssl_tmp="$(mktemp -d)"
  added_arm64=0
  dpkg --print-foreign-architectures | grep -qx arm64 || { dpkg --add-architecture arm64 && added_arm64=1; }
  if { apt-get update -qq && (cd "$ssl_tmp" && apt-get download -qq libssl3:arm64 && dpkg-deb -x libssl3_*_arm64.deb x); } >/dev/null 2>&1; then
    cp "$ssl_tmp"/x/usr/lib/aarch64-linux-gnu/libssl.so.3 "$ssl_tmp"/x/usr/lib/aarch64-linux-gnu/libcrypto.so.3 /usr/aarch64-linux-gnu/lib/
  else
    echo "test.sh: Debian's arm64 libssl3 could not be fetched: the ARM64 emulation tests will report themselves skipped" >&2
  fi
  ((added_arm64)) && dpkg --remove-architecture arm64
  rm -rf "$ssl_tmp"
fi

if [[ ! -d "$root/../shared/data" ]]; then
  echo "test.sh: ../shared/data is absent: tests that read it will report themselves skipped" >&2
fi

log="$(mktemp)"
pg_dir=""
stop_postgres() { [[ -z "$pg_dir" ]] || tools/postgres-cluster.sh stop "$pg_dir" 2>/dev/null || true; }
trap 'rm -f "$log"; stop_postgres' EXIT
set +e
dotnet test --solution Moodtune.slnx -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# The storage and web tests again on PostgreSQL (Storage:Provider Postgres), each test on a database of its own in a
# throw-away cluster (tools/postgres-cluster.sh installs Debian's postgresql when missing). A cluster that cannot be
# started fails the run: skipping the pass would look like passing it.
pg_dir="$(mktemp -d)"
if pg_admin="$(tools/postgres-cluster.sh start "$pg_dir")"; then
  for project in tests/Moodtune.Storage.Tests tests/Moodtune.Web.Tests; do
    set +e
    Storage__Provider=Postgres MOODTUNE_TEST_POSTGRES="$pg_admin" dotnet test --project "$project" -c Release --no-build 2>&1 | tee -a "$log"
    pg_status=${PIPESTATUS[0]}
    set -e
    ((status == 0)) && status=$pg_status
  done
else
  echo "test.sh: the PostgreSQL cluster could not be started (pg_ctl says why above): the PostgreSQL pass fails" >&2
  status=1
fi

# The page's modules (src/Moodtune.Web/wwwroot/js) have unit tests of their own, tests/Moodtune.Web.PageTests/**/*.test.mjs,
# run by Node's built-in test runner: no npm test framework. A failing one fails this script.
mapfile -t page_tests < <(find tests/Moodtune.Web.PageTests -name '*.test.mjs' | sort)
page_log="$(mktemp)"
trap 'rm -f "$log" "$page_log"; stop_postgres' EXIT
set +e
node --test --test-reporter=tap "${page_tests[@]}" 2>&1 | tee "$page_log"
page_status=${PIPESTATUS[0]}
set -e
((status == 0)) && status=$page_status

# The training tool is a solution of its own (tools/Moodtune.Training.slnx): only its build installs g++ and patchelf
# and adapts TorchSharp's native wrapper (tools/README.md), so the product's build never does.
need_training=()
command -v g++ >/dev/null 2>&1 || need_training+=(g++)
command -v patchelf >/dev/null 2>&1 || need_training+=(patchelf)
if ((${#need_training[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need_training[@]}"
fi
set +e
dotnet test --solution tools/Moodtune.Training.slnx -c Release 2>&1 | tee -a "$log"
training_status=${PIPESTATUS[0]}
set -e
((status == 0)) && status=$training_status

# The failures again, each with the first lines of its message: CI keeps only the end of a long output, and a failure
# printed minutes before it was lost there once (a stop's run named the failing project but not the test).
awk '/^failed / { n = 20; print; next } n > 0 && /^  / { print; n--; next } { n = 0 }
     /^not ok / { print }' "$log" "$page_log" > "$log.failed"
if [[ -s "$log.failed" ]]; then
  echo
  echo "== failed tests (repeated from above)"
  cat "$log.failed"
fi
rm -f "$log.failed"

# One plain closing line for readers and CI: totals over every test project and the page's tests (TAP's closing counts).
awk '/^  (total|failed|succeeded|skipped):/ { gsub(":", "", $1); sum[$1] += $2 }
     /^# (pass|fail|skipped) [0-9]+$/ { sum[$2 == "pass" ? "succeeded" : $2 == "fail" ? "failed" : "skipped"] += $3 }
     END { printf "%d passed, %d failed, %d skipped\n", sum["succeeded"], sum["failed"], sum["skipped"] }' "$log" "$page_log"
exit "$status"

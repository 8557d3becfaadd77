# Sourced by ./moodtune and ./test.sh: `haar_missing_packages` prints the Debian packages the Haar-cascade baseline
# still needs here, one a line (nothing when all is present).
#
# OpenCvSharp4.official.runtime.linux-x64's libOpenCvSharpExtern.so is built with OpenCV's GTK highgui, so it cannot load
# without GTK 3 and its stack. Its NEEDED entries (readelf -d), less libc/libm/libstdc++/libgcc_s that .NET needs anyway,
# each with the package that ships it in Debian 12; on a minimal Debian 12 with .NET's dependencies ldd finds none of
# them. libgtk-3-0 pulls in most of the others (and what they need in turn: epoxy, wayland, Xi...); libdrm2 and libatomic1
# it does not. Presence is checked per library, not per package, so a library that came another way counts too.
haar_libraries=(
  libgtk-3.so.0:libgtk-3-0
  libgdk-3.so.0:libgtk-3-0
  libpangocairo-1.0.so.0:libpangocairo-1.0-0
  libpango-1.0.so.0:libpango-1.0-0
  libatk-1.0.so.0:libatk1.0-0
  libcairo-gobject.so.2:libcairo-gobject2
  libcairo.so.2:libcairo2
  libgdk_pixbuf-2.0.so.0:libgdk-pixbuf-2.0-0
  libgio-2.0.so.0:libglib2.0-0
  libgobject-2.0.so.0:libglib2.0-0
  libglib-2.0.so.0:libglib2.0-0
  libfreetype.so.6:libfreetype6
  libharfbuzz.so.0:libharfbuzz0b
  libdrm.so.2:libdrm2
  libatomic.so.1:libatomic1
  libX11.so.6:libx11-6
)

# The cascade itself comes from opencv-data.
haar_cascade=/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml

haar_missing_packages() {
  local ldconfig known entry
  # /sbin is not on every user's PATH; Debian 12 has ldconfig there.
  ldconfig="$(command -v ldconfig || echo /sbin/ldconfig)"
  known="$("$ldconfig" -p 2>/dev/null || true)"
  {
    [[ -f "$haar_cascade" ]] || echo opencv-data
    for entry in "${haar_libraries[@]}"; do
      grep -q "^[[:space:]]*${entry%%:*} " <<<"$known" || echo "${entry#*:}"
    done
  } | sort -u
}

#!/usr/bin/env bash
# Builds tools/kafka-test-broker/.build/kafka-test-broker:
#   1. installs missing build tools with apt-get (Debian/Ubuntu),
#   2. fetches librdkafka's source from the node-rdkafka npm tarball,
#   3. applies patches/librdkafka-<version>-mock.patch,
#   4. builds a static librdkafka.a (no TLS/SASL/compression libraries),
#   5. links launcher.c against it.
# Idempotent: does nothing when the binary is up to date. Safe to run
# concurrently (takes a lock). Needs only the npm registry and Debian's.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="$HERE/.build"

NODE_RDKAFKA_VERSION=3.6.1   # bundles librdkafka 2.12.0 in deps/librdkafka
NODE_RDKAFKA_SHA256=148f7e7b65c510314c70762d8f1be052c8fe1fdf03a128e6c78083a729a57a30
LIBRDKAFKA_VERSION=2.12.0

TARBALL="$BUILD/node-rdkafka-$NODE_RDKAFKA_VERSION.tgz"
SRC="$BUILD/librdkafka-$LIBRDKAFKA_VERSION"
LIB="$SRC/src/librdkafka.a"
PATCH="$HERE/patches/librdkafka-$LIBRDKAFKA_VERSION-mock.patch"
BIN="$BUILD/kafka-test-broker"

CONFIGURE_FLAGS=(--no-download --disable-ssl --disable-gssapi --disable-curl
  --disable-zstd --disable-zlib --disable-lz4-ext --disable-regex-ext
  --disable-c11threads --disable-syslog)
CC="${CC:-cc}"
LAUNCHER_CFLAGS=(-O2 -g -Wall)
LAUNCHER_LIBS=(-lpthread -lm -ldl -lrt)

log() { echo "[kafka-test-broker] $*"; }
die() { echo "[kafka-test-broker] ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------- stamps
# The library depends on the tarball, the patch and the configure flags;
# the binary on the library stamp, launcher.c and the compile flags.
lib_stamp() {
  { echo "$NODE_RDKAFKA_SHA256 ${CONFIGURE_FLAGS[*]}"; cat "$PATCH"; } | sha256sum | cut -d' ' -f1
}
bin_stamp() {
  { lib_stamp; echo "$CC ${LAUNCHER_CFLAGS[*]} ${LAUNCHER_LIBS[*]}"; cat "$HERE/launcher.c"; } | sha256sum | cut -d' ' -f1
}
up_to_date() {
  [[ -x "$BIN" && -f "$BIN.stamp" && "$(cat "$BIN.stamp")" == "$(bin_stamp)" ]]
}

if command -v sha256sum >/dev/null && up_to_date; then
  log "up to date: $BIN"
  exit 0
fi

# --------------------------------------------------------- prerequisites
ensure_tools() {
  local missing=()
  command -v "$CC" >/dev/null || command -v gcc >/dev/null || missing+=(gcc)
  command -v make >/dev/null || missing+=(make)
  command -v patch >/dev/null || missing+=(patch)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  command -v flock >/dev/null || missing+=(util-linux)
  command -v sha256sum >/dev/null || missing+=(coreutils)
  command -v tar >/dev/null || missing+=(tar)
  command -v gzip >/dev/null || missing+=(gzip)
  [[ -f /usr/include/stdio.h ]] || missing+=(libc6-dev)
  command -v npm >/dev/null || die "npm is required (to fetch node-rdkafka@$NODE_RDKAFKA_VERSION)"
  ((${#missing[@]} == 0)) && return 0

  log "installing build prerequisites: ${missing[*]}"
  command -v apt-get >/dev/null || die "please install: ${missing[*]}"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "not root and no sudo; please install: ${missing[*]}"
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
ensure_tools
command -v "$CC" >/dev/null || CC=gcc

mkdir -p "$BUILD"
exec 9>"$BUILD/.lock"
flock 9
# Another process may have finished the build while we waited for the lock.
if up_to_date; then
  log "up to date: $BIN"
  exit 0
fi

# ----------------------------------------------------------- librdkafka.a
if [[ -f "$LIB" && -f "$SRC/.ktb-stamp" && "$(cat "$SRC/.ktb-stamp")" == "$(lib_stamp)" ]]; then
  log "librdkafka $LIBRDKAFKA_VERSION (patched) is up to date"
else
  if [[ ! -f "$TARBALL" ]] || ! echo "$NODE_RDKAFKA_SHA256  $TARBALL" | sha256sum -c --quiet - 2>/dev/null; then
    log "fetching node-rdkafka@$NODE_RDKAFKA_VERSION from the npm registry (librdkafka source)"
    rm -f "$TARBALL"
    (cd "$BUILD" && npm pack "node-rdkafka@$NODE_RDKAFKA_VERSION" --silent >/dev/null)
    echo "$NODE_RDKAFKA_SHA256  $TARBALL" | sha256sum -c --quiet - || die "checksum mismatch for $TARBALL"
  fi

  log "extracting and patching librdkafka $LIBRDKAFKA_VERSION"
  rm -rf "$SRC" "$BUILD/package"
  tar -xzf "$TARBALL" -C "$BUILD" package/deps/librdkafka
  mv "$BUILD/package/deps/librdkafka" "$SRC"
  rm -rf "$BUILD/package"
  patch -p1 -s -d "$SRC" <"$PATCH"

  log "configuring (log: $SRC/build.log)"
  # mklove insists on a C++ compiler even though we build only C; any
  # working compiler command satisfies the check.
  command -v g++ >/dev/null || export CXX="$CC"
  (cd "$SRC" && ./configure "${CONFIGURE_FLAGS[@]}") >"$SRC/build.log" 2>&1 ||
    { tail -n 30 "$SRC/build.log" >&2; die "configure failed"; }

  jobs="$(nproc 2>/dev/null || echo 2)"
  log "building librdkafka.a with $jobs jobs (about a minute on 2 cores)"
  make -C "$SRC/src" -j"$jobs" librdkafka.a >>"$SRC/build.log" 2>&1 ||
    { tail -n 30 "$SRC/build.log" >&2; die "make failed"; }
  lib_stamp >"$SRC/.ktb-stamp"
fi

# -------------------------------------------------------------- launcher
log "linking $BIN"
"$CC" "${LAUNCHER_CFLAGS[@]}" -I"$SRC/src" -o "$BIN.tmp" "$HERE/launcher.c" "$LIB" "${LAUNCHER_LIBS[@]}"
mv -f "$BIN.tmp" "$BIN"
bin_stamp >"$BIN.stamp"
log "built $BIN"

#!/usr/bin/env bash
# Install and Debian package (CMakeLists.txt install rules, CPack), from the build directory as
# built (nothing recompiled):
#   1. `cmake --install BUILD --prefix P` puts bin/ngnemu (runs, says this version), the scripts,
#      the Wireshark dissector, the topology examples and the docs under P; the installed scripts
#      find the installed ngnemu;
#   2. `cpack -G DEB` builds ngnemu_VERSION_ARCH.deb: its control names the package, the project
#      version and Depends on the runtime libraries; its contents are the same files under /usr.
#   package_test.sh BUILD_DIR NGNEMU
set -euo pipefail
build=$1 ngnemu=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
version=$("$ngnemu" --version)
[[ $version =~ ^ngnemu\ ([0-9]+\.[0-9]+\.[0-9]+)$ ]] || fail "ngnemu --version printed '$version'"
v=${BASH_REMATCH[1]}
grep -q "project(ngnemu VERSION $v " "$(dirname "$0")/../../CMakeLists.txt" || fail "version $v is not the project's"

# 1. Install into a temporary prefix.
cmake --install "$build" --prefix "$work/p" > "$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
expect=(bin/ngnemu share/ngnemu/scripts/launch share/ngnemu/scripts/lab
        share/ngnemu/wireshark/ngnauc.lua share/ngnemu/topology/examples/three-hosts.toml
        share/ngnemu/topology/examples/single-host.toml share/doc/ngnemu/README.md
        share/doc/ngnemu/topology/README.md)
for f in "${expect[@]}"; do [ -f "$work/p/$f" ] || fail "installed tree lacks $f"; done
for f in bin/ngnemu share/ngnemu/scripts/launch share/ngnemu/scripts/lab; do
  [ -x "$work/p/$f" ] || fail "$f is not executable"
done
[ "$("$work/p/bin/ngnemu" --version)" = "$version" ] || fail "installed ngnemu --version"
"$work/p/bin/ngnemu" topology check "$work/p/share/ngnemu/topology/examples/three-hosts.toml" > /dev/null \
  || fail "installed example topology does not check"
# The installed launch finds the installed binary (no build/ next to it): it lists the nodes.
(cd "$work" && env -u NGNEMU PATH=/usr/bin:/bin "$work/p/share/ngnemu/scripts/launch" --dry-run \
  "$work/p/share/ngnemu/topology/examples/three-hosts.toml" > dry.txt 2>&1) || { cat "$work/dry.txt"; fail "installed launch --dry-run"; }
grep -q "n-auc on 10.200.0.3" "$work/dry.txt" || { cat "$work/dry.txt"; fail "installed launch: nodes"; }
grep -q "$work/p/bin/ngnemu" "$work/dry.txt" || { cat "$work/dry.txt"; fail "installed launch does not use the installed ngnemu"; }

# 2. The Debian package, built into its own directory (other tests may run cpack too).
(cd "$build" && cpack -G DEB -B "$work/deb" > "$work/cpack.log") || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/deb/ngnemu_"$v"_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { ls "$work/deb"; fail "no ngnemu_${v}_*.deb"; }
[ "$(dpkg-deb -f "$deb" Package)" = ngnemu ] || fail "Package"
[ "$(dpkg-deb -f "$deb" Version)" = "$v" ] || fail "Version $(dpkg-deb -f "$deb" Version)"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libcaf-core0.17 libzmq5 libssl3 libsqlite3-0 libjemalloc2 libprometheus-cpp-pull1.0 \
           libspdlog1.10 libfmt9 libtomlplusplus3; do
  grep -q "\b$lib" <<< "$depends" || fail "Depends lacks $lib"
done
dpkg-deb -c "$deb" > "$work/listing.txt"
awk '{print $6}' "$work/listing.txt" | sed 's|^\./||' > "$work/contents.txt"
for f in "${expect[@]}"; do grep -qx "usr/$f" "$work/contents.txt" || fail "package lacks /usr/$f"; done
grep -q '^-rwxr-xr-x .* \./usr/bin/ngnemu$' "$work/listing.txt" || fail "/usr/bin/ngnemu mode"
echo PASS

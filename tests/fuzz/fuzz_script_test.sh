#!/usr/bin/env bash
# scripts/fuzz without building anything (CI has no clang build and 2 cores): --help exits 0 and
# names every harness in tests/fuzz (so a new NAME_fuzz.cpp cannot be missing from it), and each
# bad argument is refused with exit 2 and a message before setup or the build start.
#   fuzz_script_test.sh SOURCE_DIR
set -euo pipefail
src=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
fuzz="$src/scripts/fuzz"

help=$("$fuzz" --help) || fail "--help exited $?"
grep -q -- '--minutes N' <<<"$help" || fail "--help does not document --minutes"
for h in "$src"/tests/fuzz/*_fuzz.cpp; do
  n=${h##*/}
  n=${n%_fuzz.cpp}
  grep -qE "^ +.* $n( |$)" <<<"$help" || fail "--help does not list target $n"
done

refused() {  # refused MESSAGE_PATTERN ARGS...: exit 2, the message on stderr, nothing built
  local want=$1 err status=0
  shift
  err=$("$fuzz" "$@" 2>&1 >/dev/null) || status=$?
  [ "$status" -eq 2 ] || fail "scripts/fuzz $* exited $status, not 2"
  grep -q -- "$want" <<<"$err" || fail "scripts/fuzz $*: no '$want' in: $err"
  grep -q "installing\|Building\|Configuring" <<<"$err" && fail "scripts/fuzz $* started a build"
  return 0
}
refused "positive integer, got '0'" --minutes 0
refused "positive integer, got '-5'" --runs -5
refused "positive integer, got '1.5'" --jobs 1.5
refused "needs a value" --minutes
refused "unknown target 'nope'" --target nope
refused "unknown argument '--fast'" --fast
echo "scripts/fuzz: --help and 6 refusals checked"

# Shared by the end-to-end tests of the `ngnemu` executable (sourced after `set -euo pipefail`):
# a scratch working directory, removed on exit, and fail MESSAGE.
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

#!/usr/bin/env bash
# Stands in for ssh, scp and dpkg in tests (scripts/launch's SSH, SCP and LAUNCH_DPKG):
#   fake_ssh.sh HOST COMMAND           runs COMMAND here with bash, in the host's directory
#   fake_ssh.sh --scp SRC... DEST      copies; an operand HOST:PATH is PATH in the host's directory
#                                      (an absolute PATH is itself); each call is logged
#   fake_ssh.sh --dpkg FILE.deb        (inside a fake ssh) unpacks the package into the host's
#                                      directory, whose usr/bin is on the fake ssh's PATH
# With FAKE_HOSTS set, host H's directory is $FAKE_HOSTS/H (created on first use) and the copies
# are logged to $FAKE_HOSTS/scp.log; without it every host is the current directory.
set -euo pipefail
host_dir() { if [ -n "${FAKE_HOSTS:-}" ]; then mkdir -p "$FAKE_HOSTS/$1"; echo "$FAKE_HOSTS/$1"; else pwd; fi; }
case "$1" in
  --scp)
    shift
    args=()
    for a in "$@"; do
      if [[ $a =~ ^([A-Za-z0-9._-]+):(.*)$ ]]; then
        p=${BASH_REMATCH[2]}
        [[ $p = /* ]] || p="$(host_dir "${BASH_REMATCH[1]}")/$p"
        args+=("$p")
      else args+=("$a"); fi
    done
    [ -n "${FAKE_HOSTS:-}" ] && echo "scp $*" >> "$FAKE_HOSTS/scp.log"
    exec cp "${args[@]}" ;;
  --dpkg)
    exec dpkg-deb -x "$2" "${FAKE_HOST_ROOT:?--dpkg runs inside fake_ssh.sh HOST}" ;;
  *)
    dir=$(host_dir "$1")
    shift
    cd "$dir"
    export FAKE_HOST_ROOT=$dir PATH="$dir/usr/bin:$PATH"
    exec bash -c "$*" ;;
esac

#!/usr/bin/env bash
# Stands in for ssh in tests: `fake_ssh.sh HOST COMMAND` runs COMMAND here (the host is ignored).
shift
exec bash -c "$*"

#!/usr/bin/env bash
# Builds native/ftpages (libftpages.so) into native/ftpages/build and runs its ctest suite.
# Idempotent: cmake reconfigures and rebuilds only what changed. Needs cmake, a C11 compiler and the
# libxxhash-dev header package (the setup script installs them).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cmake -S "$root/native/ftpages" -B "$root/native/ftpages/build" -DCMAKE_BUILD_TYPE=Release
cmake --build "$root/native/ftpages/build" --parallel 2
ctest --test-dir "$root/native/ftpages/build" --output-on-failure

#!/usr/bin/env bash
# Sets up everything (scripts/setup.sh: packages, QEMU, native library, lab guest, build) and runs the
# whole test suite: the native library's ctest, then every .NET test project, real-QEMU lab tests
# included. Ends with one line "tests: N passed, N failed, N skipped" and exits non-zero on any failure.
#
#   scripts/test.sh [extra dotnet test arguments, e.g. --filter Category!=Lab]
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh" || { echo "test.sh: setup failed" >&2; exit 2; }

LOGDIR="$ROOT/artifacts/test"
rm -rf "$LOGDIR"
mkdir -p "$LOGDIR"
status=0
passed=0 failed=0 skipped=0

if [[ -d "$ROOT/native/ftpages/build" ]]; then
  echo "== ctest (native/ftpages)"
  if ctest --test-dir "$ROOT/native/ftpages/build" --output-on-failure 2>&1 | tee "$LOGDIR/ctest.log"; then :; else status=1; fi
  read -r cp ct < <(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1 \2/p' "$LOGDIR/ctest.log" | tail -n1) || true
  if [[ -n "${ct:-}" ]]; then failed=$((failed + cp)); passed=$((passed + ct - cp)); fi
fi

echo "== dotnet test"
export FTACTORS_TEST_TIMEFACTOR="${FTACTORS_TEST_TIMEFACTOR:-2}"
dotnet test "$ROOT/FtActors.sln" -c Release --no-build --nologo \
  --logger "console;verbosity=normal" --results-directory "$LOGDIR" "$@" 2>&1 | tee "$LOGDIR/dotnet-test.log"
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1

# Sum the per-assembly summaries the console logger prints after each run:
#   Total tests: 259
#        Passed: 259
#        Failed: 1        (only when non-zero)
#       Skipped: 3        (only when non-zero)
read -r p f s < <(awk '
  /^Total tests: [0-9]+/ { inrun = 1; next }
  inrun && /^ +Passed: [0-9]+$/  { p += $2; next }
  inrun && /^ +Failed: [0-9]+$/  { f += $2; next }
  inrun && /^ +Skipped: [0-9]+$/ { s += $2; next }
  inrun && !/^ +(Passed|Failed|Skipped|Total time): / { inrun = 0 }
  END { printf "%d %d %d\n", p, f, s }' "$LOGDIR/dotnet-test.log")
passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
if grep -q "^Test Run Aborted" "$LOGDIR/dotnet-test.log"; then
  echo "test.sh: a test run aborted (see $LOGDIR/dotnet-test.log)" >&2
  status=1
fi

if [[ $passed -eq 0 ]]; then
  echo "test.sh: no test ran" >&2
  status=1
fi
[[ $failed -eq 0 ]] || status=1
echo "test.sh: finished in ${SECONDS}s"
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status

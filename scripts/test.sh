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

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ...").
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(sed -n 's/.*Failed: *\([0-9]*\), Passed: *\([0-9]*\), Skipped: *\([0-9]*\), Total.*/\1 \2 \3/p' "$LOGDIR/dotnet-test.log")

if [[ $passed -eq 0 ]]; then
  echo "test.sh: no test ran" >&2
  status=1
fi
[[ $failed -eq 0 ]] || status=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status

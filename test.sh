#!/usr/bin/env bash
# Runs every test of Rethink.Ims. Installs what the tests need first (Debian and npm
# packages) when it is missing. Usage: ./test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-test-deps.sh

echo "==> building"
dotnet build Rethink.Ims.sln -c Release -nologo -v quiet

results="$(pwd)/artifacts/test-results"
rm -rf "$results"
status=0
for project in tests/Rethink.Ims.Tests tests/Rethink.Ims.IntegrationTests; do
  echo "==> testing $project"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$(basename "$project").trx" --logger "console;verbosity=normal" \
    --results-directory "$results" "$@" || status=1
done

echo "==> checking the NuGet package"
scripts/check-package.sh || status=1

# Bounded fuzzing of the wire parsers (FUZZ_SECONDS, default 120; FUZZ_SECONDS=0 skips it).
if [ "${FUZZ_SECONDS:-120}" != 0 ]; then
  echo "==> fuzzing the wire parsers for ${FUZZ_SECONDS:-120}s"
  FUZZ_SKIP_BUILD=1 scripts/fuzz.sh || status=1
fi

scripts/summarize-trx.sh "$results"
exit $status

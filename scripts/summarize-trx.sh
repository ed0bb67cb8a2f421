#!/usr/bin/env bash
# Prints one closing line, "N passed, N failed, N skipped", totalled over the TRX files in $1.
set -euo pipefail
passed=0 failed=0 skipped=0
for f in "$1"/*.trx; do
  [ -e "$f" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
done
echo "Tests: $passed passed, $failed failed, $skipped skipped"

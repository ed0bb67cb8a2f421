#!/usr/bin/env bash
# Prints the failed tests with the start of their messages (so a CI log's tail names them),
# then one closing line, "N passed, N failed, N skipped", totalled over the TRX files in $1.
set -euo pipefail
passed=0 failed=0 skipped=0
for f in "$1"/*.trx; do
  [ -e "$f" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
  if [ "$(get failed)" != 0 ]; then
    if command -v python3 >/dev/null; then
      python3 - "$f" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") != "Failed":
        continue
    print("FAILED: " + r.get("testName", "?"))
    message = r.find("t:Output/t:ErrorInfo/t:Message", ns)
    stack = r.find("t:Output/t:ErrorInfo/t:StackTrace", ns)
    for text in (message, stack):
        if text is not None and text.text:
            for line in text.text.strip().splitlines()[:12]:
                print("    " + line)
PY
    else
      grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$f" \
        | grep -o 'testName="[^"]*"' | sed 's/^testName=/FAILED: /'
    fi
  fi
done
echo "Tests: $passed passed, $failed failed, $skipped skipped"

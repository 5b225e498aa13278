#!/usr/bin/env bash
# npm run coverage:cli — c8 over the `thm` CLI run as real processes (c8 + tsx is accurate for
# command-line tools; worker processes inherit NODE_V8_COVERAGE and write their data when they exit normally).
# Runs: thm list, thm check --profile quick over the whole catalogue (fixtures: a temp copy of the corpus, so nothing
# is written to fixtures/), thm report, thm replay of one stored fixture (when any), and thm simulate on every
# example spec of README.md ("One example per model") and every fixtures/golden/*.json spec. Then reports src/ coverage
# (files never loaded count as 0%: --all). Extra arguments go to `c8 report` (e.g. --check-coverage --lines 70).
# Side effect: `thm check` records quick-profile verdicts in .tmp/thm/last-results.json (what `thm report` shows).
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp="$(mktemp -d "${TMPDIR:-/tmp}/thm-cov-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
cov="$tmp/v8"
c8=node_modules/.bin/c8
tsx=node_modules/.bin/tsx
mkdir -p "$tmp/fx" "$tmp/specs"
if [ -d fixtures/counterexamples ]; then cp -R fixtures/counterexamples/. "$tmp/fx/"; fi

# c8 collects into $cov across runs (--clean=false); `thm check`/`thm replay` exit 1 on a failed theorem, which is a
# verdict, not a broken run: only exit codes ≥ 2 (usage/internal errors) abort.
thm() {
  local code=0
  "$c8" --clean=false --temp-directory "$cov" --reporter=none "$tsx" src/cli/main.ts "$@" >"$tmp/last.out" 2>&1 || code=$?
  echo "thm $* → exit $code"
  if [ "$code" -ge 2 ]; then cat "$tmp/last.out"; exit "$code"; fi
}

# The README's simulate examples (the ```json blocks after "### One example per model") and the golden specs.
node -e '
const fs = require("fs"), path = require("path"), out = process.argv[1];
const md = fs.readFileSync("README.md", "utf8");
const after = md.slice(Math.max(0, md.indexOf("### One example per model")));
let i = 0;
for (const m of after.matchAll(/```json\n([\s\S]*?)```/g)) fs.writeFileSync(path.join(out, `readme-${i++}.json`), m[1]);
for (const f of fs.readdirSync("fixtures/golden").filter((f) => f.endsWith(".json"))) {
  fs.writeFileSync(path.join(out, `golden-${f}`), JSON.stringify(JSON.parse(fs.readFileSync(path.join("fixtures/golden", f), "utf8")).spec));
}' "$tmp/specs"

rm -rf "$cov"
thm list
thm check --profile quick --fixtures "$tmp/fx" --json "$tmp/check.json"
thm report --fixtures "$tmp/fx"
thm report --md --fixtures "$tmp/fx"
fixture="$(find "$tmp/fx" -name '*.json' | sort | head -n 1)"
if [ -n "$fixture" ]; then thm replay "$fixture"; fi
for spec in "$tmp"/specs/*.json; do thm simulate --spec "$spec" --json; done
thm simulate --spec "$tmp/specs/readme-0.json"

"$c8" report --temp-directory "$cov" --reporter=text --all --src src \
  --include 'src/**/*.ts' --exclude 'src/**/*.test.ts' --exclude 'src/**/testdata/**' "$@"

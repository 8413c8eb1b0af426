#!/bin/sh
# Rebuild static/vendor/plotly.min.js: plotly.js with only the trace types the app draws (see
# tools/plotly-bundle/index.js). The versions are pinned in tools/plotly-bundle/package-lock.json (plotly.js 4.1.1,
# esbuild 0.28.1), so the same input gives the same file. Needs node and npm (and the npm registry); run from
# anywhere:  sh tools/build_plotly_bundle.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/plotly-bundle/package.json" "$here/plotly-bundle/index.js" "$here/plotly-bundle/build.mjs" "$work/"
if [ -f "$here/plotly-bundle/package-lock.json" ]; then
    cp "$here/plotly-bundle/package-lock.json" "$work/"
    (cd "$work" && npm ci --no-audit --no-fund)
else
    (cd "$work" && npm install --no-audit --no-fund && cp package-lock.json "$here/plotly-bundle/")
fi
(cd "$work" && node build.mjs "$root/static/vendor/plotly.min.js")
ls -l "$root/static/vendor/plotly.min.js"

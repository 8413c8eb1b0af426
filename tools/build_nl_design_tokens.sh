#!/bin/sh
# Refresh static/vendor/nl-design-system/: the design tokens of the NL Design System "voorbeeld" (example) theme
# as CSS custom properties (theme.css, scoped to .voorbeeld-theme) and its licence (EUPL-1.2). The version is
# pinned in tools/nl-design-system/package-lock.json (@nl-design-system-unstable/voorbeeld-design-tokens 7.4.1),
# so the same input gives the same files. Why this package and not @utrecht/design-tokens: the Utrecht tokens
# are Gemeente Utrecht's own house style (their LICENSE.md: "properietary assets"), the voorbeeld theme is the
# community's EUPL theme meant to be rebranded (docs/architecture.md, "Look: NL Design System tokens").
# Needs node and npm (and the npm registry); run from anywhere:  sh tools/build_nl_design_tokens.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
target="$root/static/vendor/nl-design-system"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/nl-design-system/package.json" "$work/"
if [ -f "$here/nl-design-system/package-lock.json" ]; then
    cp "$here/nl-design-system/package-lock.json" "$work/"
    (cd "$work" && npm ci --no-audit --no-fund --ignore-scripts)
else
    (cd "$work" && npm install --no-audit --no-fund --ignore-scripts && cp package-lock.json "$here/nl-design-system/")
fi
package="$work/node_modules/@nl-design-system-unstable/voorbeeld-design-tokens"
mkdir -p "$target"
cp "$package/dist/theme.css" "$target/voorbeeld-theme.css"
cp "$package/LICENSE.md" "$target/LICENSE.md"
version=$(node -p "require('$package/package.json').version")
printf '%s\n' "@nl-design-system-unstable/voorbeeld-design-tokens $version (EUPL-1.2): dist/theme.css -> voorbeeld-theme.css" \
    > "$target/SOURCE.txt"
ls -l "$target"

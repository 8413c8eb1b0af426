// Bundle index.js the way plotly.js's own tasks/bundle.mjs does (its esbuild-config.js: iife named Plotly, the
// same plugins, defines and target, minified), wrapped in the same UMD header and footer as dist/plotly.min.js.
import { build } from 'esbuild';
import { environmentPlugin } from 'esbuild-plugin-environment';
import InlineCSSPlugin from 'esbuild-plugin-inline-css';
import { readFileSync } from 'node:fs';

const out = process.argv[2];
const { version } = JSON.parse(readFileSync('node_modules/plotly.js/package.json', 'utf8'));
const traces = 'bar, heatmap, scatterternary (and scatter, always in the core)';
const header = `/**
* plotly.js v${version}, custom bundle for Vertelpunt: ${traces}
* Copyright 2012-2026, Plotly, Inc.
* All rights reserved.
* Licensed under the MIT license
* Built by tools/build_plotly_bundle.sh from tools/plotly-bundle/index.js
*/
(
 function(root, factory) {
  if (typeof module === "object" && module.exports) {
   module.exports = factory();
  } else {
   root.moduleName = factory();
  }
} (typeof self !== "undefined" ? self : this, () => {`;
const footer = `
window.Plotly = Plotly;
return Plotly;
}));`;

// registry.js requires maplibre-gl's CSS for map traces; this bundle has none, so that CSS is left out.
const noMapCss = {
    name: 'no-map-css',
    setup(builder) {
        builder.onResolve({ filter: /maplibre-gl\.css$/ }, (args) => ({ path: args.path, namespace: 'no-map-css' }));
        builder.onLoad({ filter: /.*/, namespace: 'no-map-css' }, () => ({ contents: '', loader: 'js' }));
    },
};

await build({
    entryPoints: ['index.js'],
    outfile: out,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    plugins: [noMapCss, InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
    alias: { stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    banner: { js: header },
    footer: { js: footer },
    logLevel: 'info',
});

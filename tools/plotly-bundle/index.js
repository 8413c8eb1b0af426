// The trace types Vertelpunt draws (analysis/charts.py): bars (histograms, bars, stacked bars), the heatmap of two
// sliders and the triad's ternary scatter. plotly.js's core always holds `scatter`. A new trace type in
// analysis/charts.py must be added here (tests/analysis_lib/test_plotly_bundle.py checks that they agree).
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/scatterternary'),
]);

module.exports = Plotly;

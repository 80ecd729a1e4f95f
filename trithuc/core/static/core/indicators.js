// Sparklines of the indicator dashboard: one small ECharts line per [data-sparkline]
// element, from the JSON block "indicator-sparklines" (no inline script); where the
// forecast model counts the target, its forecast to the target year follows as a dashed
// line in a band (its 95% interval): a fan chart. Colours and numbers from charts.js, as
// on every other chart.
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("indicator-sparklines");
  var charts = window.trithucCharts;
  if (!window.echarts || !source || !charts) { return; }
  var data = JSON.parse(source.textContent);
  var colour = charts.palette[0];
  var forecastColour = charts.palette[2];
  document.querySelectorAll("[data-sparkline]").forEach(function (element) {
    var series = data[element.dataset.sparkline];
    if (!series || !series.values.some(function (v) { return v !== null; })) { return; }
    var unit = series.unit || "";
    function format(value) {
      return value === null || value === undefined ? "–" : charts.format(value, unit);
    }
    var years = series.years.slice();
    var fan = series.forecast;
    var past = series.values.slice();
    var line = [], low = [], band = [];
    if (fan) {
      fan.years.forEach(function (year) { if (years.indexOf(year) < 0) { years.push(year); } });
      while (past.length < years.length) { past.push(null); }
      years.forEach(function (year) {
        var i = fan.years.indexOf(year);
        line.push(i < 0 ? null : fan.values[i]);
        low.push(i < 0 ? null : fan.low[i]);
        band.push(i < 0 || fan.low[i] === null ? null : fan.high[i] - fan.low[i]);
      });
    }
    var chart = echarts.init(element);
    var shown = [{ type: "line", data: past, symbol: "none", connectNulls: true,
      lineStyle: { width: 1.5, color: colour }, areaStyle: fan ? null : { color: colour, opacity: 0.08 } }];
    if (fan) {
      shown.push({ type: "line", data: low, stack: "fan", symbol: "none", lineStyle: { opacity: 0 }, silent: true });
      shown.push({ type: "line", data: band, stack: "fan", symbol: "none", lineStyle: { opacity: 0 },
        areaStyle: { color: forecastColour, opacity: 0.22 }, silent: true });
      shown.push({ type: "line", data: line, symbol: "none",
        lineStyle: { width: 1.5, color: forecastColour, type: "dashed" } });
    }
    chart.setOption({
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 4 },
      tooltip: { trigger: "axis", confine: true, formatter: function (items) {
        var year = items[0].axisValue;
        var i = years.indexOf(Number(year));
        var text = year + ": " + format(past[i]);
        if (fan && line[i] !== null && line[i] !== undefined) {
          text = year + ": " + fan.label + " " + format(line[i]) + " (" + format(low[i]) + " – " + format(low[i] + band[i]) + ")";
        }
        return text;
      } },
      xAxis: { type: "category", data: years, show: false },
      yAxis: { type: "value", show: false, scale: true },
      series: shown
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
});

// Sparklines of the indicator dashboard: one small ECharts line per [data-sparkline]
// element, from the JSON block "indicator-sparklines" (no inline script); colours and
// numbers from charts.js, as on every other chart.
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("indicator-sparklines");
  var charts = window.trithucCharts;
  if (!window.echarts || !source || !charts) { return; }
  var data = JSON.parse(source.textContent);
  var colour = charts.palette[0];
  document.querySelectorAll("[data-sparkline]").forEach(function (element) {
    var series = data[element.dataset.sparkline];
    if (!series || !series.values.some(function (v) { return v !== null; })) { return; }
    var chart = echarts.init(element);
    chart.setOption({
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 4 },
      tooltip: { trigger: "axis", confine: true, formatter: function (items) {
        var item = items[0];
        return item.axisValue + ": " + charts.format(item.value, series.unit || "");
      } },
      xAxis: { type: "category", data: series.years, show: false },
      yAxis: { type: "value", show: false, scale: true },
      series: [{ type: "line", data: series.values, symbol: "none", connectNulls: true,
        lineStyle: { width: 1.5, color: colour }, areaStyle: { color: colour, opacity: 0.08 } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
});

// Sparklines of the indicator dashboard: one small ECharts line per [data-sparkline]
// element, from the JSON block "indicator-sparklines" (no inline script).
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("indicator-sparklines");
  if (!window.echarts || !source) { return; }
  var data = JSON.parse(source.textContent);
  document.querySelectorAll("[data-sparkline]").forEach(function (element) {
    var series = data[element.dataset.sparkline];
    if (!series || !series.values.some(function (v) { return v !== null; })) { return; }
    var chart = echarts.init(element);
    chart.setOption({
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 4 },
      tooltip: { trigger: "axis", confine: true, formatter: function (items) {
        var item = items[0];
        var value = item.value === null ? "–" : Number(item.value).toLocaleString("vi-VN", { maximumFractionDigits: 2 });
        return item.axisValue + ": " + value;
      } },
      xAxis: { type: "category", data: series.years, show: false },
      yAxis: { type: "value", show: false, scale: true },
      series: [{ type: "line", data: series.values, symbol: "none", connectNulls: true,
        lineStyle: { width: 1.5, color: "#0b4f8a" }, areaStyle: { color: "rgba(11,79,138,.08)" } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
});

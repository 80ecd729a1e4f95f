// Charts of the forecast pages, from JSON blocks (no inline script):
// [data-forecast-chart]: a fan chart (the forecast as a line in its 95% band), one group
// at a time, chosen in the [data-forecast-series] list; [data-heatmap]: retirements by
// year × group.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.echarts) { return; }
  function format(value) {
    return value === null || value === undefined ? "–" : Number(value).toLocaleString("vi-VN", { maximumFractionDigits: 0 });
  }
  document.querySelectorAll("[data-forecast-chart]").forEach(function (element) {
    var data = JSON.parse(document.getElementById(element.dataset.forecastChart).textContent);
    var chart = echarts.init(element);
    var picker = document.querySelector("[data-forecast-series='" + element.dataset.forecastChart + "']");
    function draw(index) {
      var series = data.series[index];
      var points = series.points;
      var low = points.map(function (p) { return p.low; });
      var band = points.map(function (p) { return p.low === null || p.high === null ? null : p.high - p.low; });
      chart.setOption({
        animation: false,
        grid: { left: 60, right: 16, top: 24, bottom: 30 },
        tooltip: { trigger: "axis", formatter: function (items) {
          var p = points[items[0].dataIndex];
          var text = items[0].axisValue + ": " + format(p.stock) + " " + data.labels.people;
          if (p.low !== null && p.low !== undefined) { text += " (" + data.labels.interval + ": " + format(p.low) + " – " + format(p.high) + ")"; }
          return text;
        } },
        xAxis: { type: "category", data: data.years },
        yAxis: { type: "value", scale: true, axisLabel: { formatter: format } },
        series: [
          { type: "line", data: low, stack: "band", symbol: "none", lineStyle: { opacity: 0 }, silent: true },
          { type: "line", data: band, stack: "band", symbol: "none", lineStyle: { opacity: 0 },
            areaStyle: { color: "rgba(11,79,138,.18)" }, silent: true },
          { type: "line", data: points.map(function (p) { return p.stock; }), symbol: "circle", symbolSize: 4,
            lineStyle: { width: 2, color: "#0b4f8a" }, itemStyle: { color: "#0b4f8a" } }
        ]
      }, true);
    }
    if (picker) {
      data.series.forEach(function (series, i) {
        var option = document.createElement("option");
        option.value = String(i);
        option.textContent = series.label;
        picker.appendChild(option);
      });
      picker.addEventListener("change", function () { draw(Number(picker.value)); });
    }
    draw(0);
    window.addEventListener("resize", function () { chart.resize(); });
  });
  document.querySelectorAll("[data-heatmap]").forEach(function (element) {
    var data = JSON.parse(document.getElementById(element.dataset.heatmap).textContent);
    // One row of cells per group (CSSOM, which the content security policy allows).
    element.style.height = Math.max(280, 28 * data.groups.length + 110) + "px";
    var chart = echarts.init(element);
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 16, top: 10, bottom: 70, containLabel: true },
      tooltip: { formatter: function (item) {
        return data.groups[item.value[1]] + ", " + data.years[item.value[0]] + ": " + format(item.value[2]) + " " + data.labels.retirements;
      } },
      xAxis: { type: "category", data: data.years, splitArea: { show: true } },
      yAxis: { type: "category", data: data.groups, inverse: true, splitArea: { show: true } },
      visualMap: { min: 0, max: Math.max(data.max, 1), calculable: true, orient: "horizontal", left: "center", bottom: 0,
        inRange: { color: ["#f3f6fa", "#f0a35e", "#b33a00"] } },
      series: [{ type: "heatmap", data: data.cells.filter(function (c) { return c[2] !== null; }) }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
});

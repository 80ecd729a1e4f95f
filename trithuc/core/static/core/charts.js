// Draws every element with data-chart from a JSON block on the page (no inline script).
document.addEventListener("DOMContentLoaded", function () {
  if (!window.echarts) { return; }
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var data = JSON.parse(document.getElementById(element.dataset.source).textContent);
    var labels = data[element.dataset.labels] || [];
    var values = data[element.dataset.values] || [];
    var chart = echarts.init(element);
    var option;
    if (element.dataset.chart === "pie") {
      option = { tooltip: { trigger: "item" }, series: [{ type: "pie", radius: "65%",
        data: labels.map(function (label, i) { return { name: label, value: values[i] }; }) }] };
    } else {
      option = { tooltip: {}, grid: { left: 160 }, xAxis: { type: "value" },
        yAxis: { type: "category", data: labels, inverse: true },
        series: [{ type: "bar", data: values, itemStyle: { color: "#0b4f8a" } }] };
    }
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  });
});

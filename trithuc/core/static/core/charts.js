// The charts of every page (issue 13): one palette, one Vietnamese number format
// ("1.014", "12,5%") on axes, labels and tooltips, and layouts that fit from a 360 px
// phone to a wide screen. Elements with data-chart read their data from a JSON block
// on the page (no inline script, see the content security policy); data-unit="%" makes
// the values shares. indicators.js draws the dashboard's sparklines with the same helpers.
(function () {
  var PALETTE = ["#0b4f8a", "#2e8b57", "#d98c1f", "#8e44ad", "#c0392b", "#16a085",
                 "#6b7a8f", "#b8860b", "#34495e", "#e67e22"];
  var numbers = {};

  function format(value, unit, decimals) {
    if (value === null || value === undefined || value === "" || isNaN(value)) { return "–"; }
    var digits = decimals === undefined ? (unit === "%" ? 1 : 2) : decimals;
    if (!numbers[digits]) {
      numbers[digits] = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: digits });
    }
    var text = numbers[digits].format(Number(value));
    if (unit === "%") { return text + "%"; }
    return unit ? text + " " + unit : text;
  }

  function narrow(element) { return element.clientWidth < 520; }

  function bar(element, labels, values, unit) {
    var small = narrow(element);
    return {
      color: PALETTE,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true,
        valueFormatter: function (v) { return format(v, unit); } },
      grid: { left: 8, right: small ? 48 : 64, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: function (v) { return format(v, unit, 1); },
        hideOverlap: true } },
      yAxis: { type: "category", data: labels, inverse: true,
        axisLabel: { width: small ? 110 : 220, overflow: "break", lineHeight: 14 } },
      series: [{ type: "bar", data: values, barMaxWidth: 28,
        label: { show: true, position: "right", formatter: function (p) { return format(p.value, unit); } } }]
    };
  }

  function pie(element, labels, values, unit) {
    var small = narrow(element);
    return {
      color: PALETTE,
      tooltip: { trigger: "item", confine: true, formatter: function (p) {
        return p.name + ": " + format(p.value, unit) + " (" + format(p.percent, "%") + ")"; } },
      // On a phone the names go to a legend below; on a wide card beside the slices,
      // small slices without a label rather than labels drawn over one another.
      legend: small ? { type: "scroll", bottom: 0 } : { show: false },
      series: [{ type: "pie", radius: small ? ["30%", "58%"] : ["35%", "65%"],
        center: ["50%", small ? "42%" : "50%"], avoidLabelOverlap: true,
        minShowLabelAngle: 6, labelLayout: { hideOverlap: true },
        label: { show: !small, formatter: function (p) { return p.name + "\n" + format(p.percent, "%"); } },
        data: labels.map(function (label, i) { return { name: label, value: values[i] }; }) }]
    };
  }

  function draw(element) {
    var data = JSON.parse(document.getElementById(element.dataset.source).textContent);
    var labels = data[element.dataset.labels] || [];
    var values = data[element.dataset.values] || [];
    var unit = element.dataset.unit || "";
    var chart = echarts.init(element);
    var build = element.dataset.chart === "pie" ? pie : bar;
    chart.setOption(build(element, labels, values, unit));
    window.addEventListener("resize", function () {
      chart.setOption(build(element, labels, values, unit), true);
      chart.resize();
    });
  }

  window.trithucCharts = { palette: PALETTE, format: format };
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();

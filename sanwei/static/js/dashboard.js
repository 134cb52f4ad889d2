// 数据看板: draws each element with data-chart from the JSON the page carries
// (json_script, id in data-source) with Apache ECharts (static/vendor/echarts.min.js).
// No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  var COLORS = ["#b91c1c", "#2563eb", "#16a34a", "#f59e0b"];
  var FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';

  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function base(data, narrow) {
    return {
      color: COLORS,
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: "category",
        data: data.categories,
        axisLabel: { rotate: narrow || data.categories.length > 8 ? 45 : 0, hideOverlap: true },
      },
      yAxis: { type: "value", minInterval: 1 },
    };
  }

  var BUILD = {
    line: function (data, narrow) {
      var option = base(data, narrow);
      option.series = data.series.map(function (s) {
        return { name: s.name, type: "line", smooth: true, symbolSize: 5, data: s.data };
      });
      return option;
    },
    stack: function (data, narrow) {
      var option = base(data, narrow);
      option.series = data.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "sessions", data: s.data };
      });
      return option;
    },
    coverage: function (data, narrow) {
      var option = base(data, narrow);
      option.yAxis = { type: "value", max: 100, axisLabel: { formatter: "{value}%" } };
      option.series = data.series.map(function (s) {
        return {
          name: s.name,
          type: "bar",
          data: s.data,
          markLine: s.target === null ? undefined : {
            symbol: "none",
            label: { formatter: s.name + "目标 " + s.target + "%", position: "insideEndTop" },
            data: [{ yAxis: s.target }],
          },
        };
      });
      return option;
    },
    bar: function (data) {
      var option = base(data, false);
      option.legend = { show: false };
      option.grid.top = 16;
      option.series = data.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.data, label: { show: true, position: "top" } };
      });
      return option;
    },
  };

  function draw() {
    if (!window.echarts) return;
    var narrow = window.innerWidth < 640;
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var data = read(el.dataset.source);
      var build = BUILD[el.dataset.chart];
      if (!data || !build) return;
      var chart = window.echarts.init(el, null, { renderer: "svg", locale: "ZH" });
      chart.setOption(build(data, narrow));
      el.dataset.drawn = "1";
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  // Printing shows every table view, folded or not.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.table-view").forEach(function (d) { d.open = true; });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

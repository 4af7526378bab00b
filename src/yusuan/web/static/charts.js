/* Draws every chart of a page: a <div data-chart="ID"> gets the ECharts option held, as JSON,
   in <script type="application/json" id="ID">. The options are built on the server; this file
   only hands them to the locally served ECharts. */
(function () {
  "use strict";
  var charts = [];

  function draw(box) {
    var source = document.getElementById(box.getAttribute("data-chart"));
    if (!source || typeof echarts === "undefined") {
      box.textContent = "图表无法显示（图表组件未加载）。";
      return;
    }
    var option = JSON.parse(source.textContent);
    var chart = echarts.init(box, null, { renderer: "canvas" });
    chart.setOption(option);
    charts.push(chart);
    box.setAttribute("data-rendered", "true");
  }

  function start() {
    var boxes = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < boxes.length; i++) {
      draw(boxes[i]);
    }
    window.addEventListener("resize", function () {
      for (var j = 0; j < charts.length; j++) {
        charts[j].resize();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

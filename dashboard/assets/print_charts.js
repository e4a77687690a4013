/* Charts follow the printed page. Plotly draws at a fixed pixel size, so when the page is
   printed (or print media is emulated) every chart inside a .print-fit container is redrawn
   at the size its container has on paper, and restored afterwards. Before 'beforeprint' the
   print stylesheet is not applied yet, so the class "nplv-print-sizing" briefly applies the
   printed sizes while the charts are measured. */
(function () {
  var SIZING = "nplv-print-sizing";

  function charts() {
    return document.querySelectorAll(".print-fit .js-plotly-plot");
  }

  function fit() {
    if (!window.Plotly) { return; }
    var root = document.documentElement;
    root.classList.add(SIZING);
    var sizes = Array.prototype.map.call(charts(), function (gd) {
      var box = gd.parentElement.getBoundingClientRect();
      return [gd, Math.floor(box.width), Math.floor(box.height)];
    });
    root.classList.remove(SIZING);
    sizes.forEach(function (item) {
      if (item[1] > 0 && item[2] > 0) {
        window.Plotly.relayout(item[0], {width: item[1], height: item[2]});
      }
    });
  }

  function restore() {
    if (!window.Plotly) { return; }
    charts().forEach(function (gd) {
      window.Plotly.relayout(gd, {width: null, height: null, autosize: true});
    });
  }

  window.matchMedia("print").addEventListener("change", function (event) {
    if (event.matches) { fit(); } else { restore(); }
  });
  window.addEventListener("beforeprint", fit);
  window.addEventListener("afterprint", restore);
})();

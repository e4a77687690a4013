/* Wijksignaal browser helpers. Served as a local asset (no inline scripts, no CDN). */

/* Plotly's geo maps want a world topojson from a CDN before drawing; the dashboard draws
   its own CBS geometry and no base map, so an empty topology is registered up front and
   nothing is fetched from the internet. */
window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};
(function () {
  var empty = {type: "GeometryCollection", geometries: []};
  window.PlotlyGeoAssets.topojson["world_110m"] = {
    type: "Topology",
    arcs: [],
    transform: {scale: [1, 1], translate: [0, 0]},
    objects: {coastlines: empty, land: empty, ocean: empty, lakes: empty, rivers: empty,
              countries: empty, subunits: empty}
  };
})();

window.dash_clientside = Object.assign({}, window.dash_clientside, {
  wijksignaal: {
    /* Keep the address bar in step with the map's controls without reloading the page. */
    replaceQuery: function (query) {
      if (typeof query === "string" && query.length > 0) {
        window.history.replaceState(window.history.state, "", window.location.pathname + query);
      }
      return window.dash_clientside.no_update;
    }
  }
});

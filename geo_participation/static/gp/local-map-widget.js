// Starts one admin map widget (geo_participation/templates/gis/local-openlayers.html): Django's
// MapWidget over a graticule and the campaign area, drawn locally, with no tile server.
// A plain script rather than Django's inline one, which the Content-Security-Policy refuses.
(function () {
  "use strict";
  const data = document.currentScript.dataset;
  const layers = [new ol.layer.Graticule({
    showLabels: true,
    strokeStyle: new ol.style.Stroke({ color: "rgba(0,0,0,0.25)", width: 1 }),
  })];
  const context = JSON.parse(document.getElementById(data.id + "_context").textContent);
  if (context) {
    const features = new ol.format.GeoJSON().readFeatures(context, {
      dataProjection: "EPSG:4326", featureProjection: "EPSG:" + data.mapSrid,
    });
    layers.push(new ol.layer.Vector({
      source: new ol.source.Vector({ features: features }),
      style: new ol.style.Style({ stroke: new ol.style.Stroke({ color: "#0072b2", width: 2 }) }),
    }));
  }
  // A global of the same name as Django's template makes, for scripts that look for it.
  window[data.module] = new MapWidget({
    base_layer: new ol.layer.Group({ layers: layers }),
    geom_name: data.geomName,
    id: data.id,
    map_id: data.id + "_map",
    map_srid: Number(data.mapSrid),
    name: data.name,
    default_lon: Number(data.defaultLon),
    default_lat: Number(data.defaultLat),
    default_zoom: Number(data.defaultZoom),
  });
})();

// The density preview page (layers/templates/aggregates/kde.html): the campaign area and the
// density tiles over a graticule. No base map from a third party: everything is drawn locally.
const area = new ol.format.GeoJSON().readFeatures(
  JSON.parse(document.getElementById("kde-area").textContent),
  { dataProjection: "EPSG:4326", featureProjection: "EPSG:3857" });
const outline = new ol.source.Vector({ features: area });
const map = new ol.Map({
  target: "map",
  layers: [
    new ol.layer.Graticule({ strokeStyle: new ol.style.Stroke({ color: "#0002" }) }),
    new ol.layer.Tile({ opacity: 0.8, source: new ol.source.XYZ({
      url: JSON.parse(document.getElementById("kde-tiles").textContent), tileSize: 256 }) }),
    new ol.layer.Vector({ source: outline, style: new ol.style.Style({
      stroke: new ol.style.Stroke({ color: "#333", width: 1.5 }) }) }),
  ],
  view: new ol.View(),
});
map.getView().fit(outline.getExtent(), { padding: [20, 20, 20, 20] });

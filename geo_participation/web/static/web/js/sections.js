// The sections to rate on the campaign map: the style's "sections" layers (web/style.py) filled
// from the references API, hover and the chosen section as feature states, taps found on wide
// invisible layers, and the crosshair while a point on a section is being marked.

// What a tap on a section hits: wide invisible lines and circles, and areas.
const HIT_LAYERS = ["sections-hit", "sections-hit-points", "sections-fill"];

function collection(features) {
  return { type: "FeatureCollection", features };
}

// The [[west, south], [east, north]] of a section, to bring it into view.
function bounds(geometry) {
  const { type, coordinates } = geometry;
  let positions = coordinates[0]; // an area's outer ring
  if (type === "Point") positions = [coordinates];
  if (type === "LineString") positions = coordinates;
  const xs = positions.map((p) => p[0]);
  const ys = positions.map((p) => p[1]);
  return [
    [Math.min(...xs), Math.min(...ys)],
    [Math.max(...xs), Math.max(...ys)],
  ];
}

function segmentDistance(p, a, b) {
  const [dx, dy] = [b.x - a.x, b.y - a.y];
  const length = dx * dx + dy * dy;
  const t = length ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length)) : 0;
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

export class SectionLayer {
  constructor(campaignMap) {
    this.campaignMap = campaignMap;
    this.map = campaignMap.map;
    this.chosen = null;
    this.phone = window.matchMedia("(max-width: 45rem)").matches;
  }

  // Draw the sections, those the visitor rated marked (`rated`: the style dashes them green).
  draw(features, rated) {
    const shown = features.map((feature) => ({
      ...feature,
      properties: { ...feature.properties, rated: rated.has(feature.id) },
    }));
    this.map.getSource("sections")?.setData(collection(shown));
  }

  hits(point) {
    const layers = HIT_LAYERS.filter((id) => this.map.getLayer(id));
    return this.map.queryRenderedFeatures(point, { layers });
  }

  // Return the id of the section under a map event's point, or null. Neighbouring sections
  // share their ends and the hit lines are wide: the one drawn nearest to the point wins.
  idAt(event, features) {
    const ids = [...new Set(this.hits(event.point).map((hit) => hit.id))];
    if (ids.length < 2) return ids.length ? ids[0] : null;
    const away = (id) => this.pixelsAway(event.point, features.get(id).geometry);
    return ids.reduce((best, id) => (away(id) < away(best) ? id : best));
  }

  // How far a screen point is from a section's drawn lines (0 inside an area), in pixels.
  pixelsAway(point, geometry) {
    if (geometry.type === "Polygon") return 0;
    const line = geometry.type === "Point" ? [geometry.coordinates] : geometry.coordinates;
    const pixels = line.map((position) => this.map.project(position));
    if (pixels.length === 1) return Math.hypot(point.x - pixels[0].x, point.y - pixels[0].y);
    let nearest = Infinity;
    for (let i = 1; i < pixels.length; i += 1) {
      nearest = Math.min(nearest, segmentDistance(point, pixels[i - 1], pixels[i]));
    }
    return nearest;
  }

  hover(features) {
    let hovered = null;
    this.map.on("mousemove", (event) => {
      const id = this.idAt(event, features);
      if (id === hovered) return;
      this.state(hovered, { hover: false });
      this.state(id, { hover: true });
      hovered = id;
      this.map.getCanvas().style.cursor = id === null ? "" : "pointer";
    });
  }

  state(id, state) {
    if (id !== null) this.map.setFeatureState({ source: "sections", id }, state);
  }

  choose(id) {
    this.state(this.chosen, { chosen: false });
    this.state(id, { chosen: true });
    this.chosen = id;
  }

  // The rating panel changes the map's height on phones: resize first, then show the section.
  fit(geometry) {
    requestAnimationFrame(() => {
      this.map.resize();
      this.campaignMap.centring = true; // the list of posts in view stays as it is
      this.map.fitBounds(bounds(geometry), { padding: 40, maxZoom: 17, duration: 0 });
    });
  }

  resize() {
    requestAnimationFrame(() => this.map.resize());
  }

  // While marking: the crosshair shows, and on phones one finger moves the map (as while
  // placing a post).
  marking(on) {
    this.campaignMap.area.classList.toggle("is-placing", on);
    // On phones the form lies below the map: bring the map back into view to tap on it.
    if (on) this.campaignMap.area.scrollIntoView({ block: "nearest" });
    if (!this.phone) return;
    if (on) this.map.cooperativeGestures.disable();
    else this.map.cooperativeGestures.enable();
  }

  showPoint(point) {
    const geometry = point && { type: "Point", coordinates: point };
    const features = geometry ? [{ type: "Feature", properties: {}, geometry }] : [];
    this.map.getSource("draft")?.setData(collection(features));
  }
}

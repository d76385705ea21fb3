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
  const positions = type === "Point" ? [coordinates] : type === "LineString" ? coordinates : coordinates[0];
  const xs = positions.map((p) => p[0]);
  const ys = positions.map((p) => p[1]);
  return [
    [Math.min(...xs), Math.min(...ys)],
    [Math.max(...xs), Math.max(...ys)],
  ];
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

  // Return the id of the section under a map event's point, or null.
  idAt(event) {
    const [hit] = this.hits(event.point);
    return hit ? hit.id : null;
  }

  hover() {
    let hovered = null;
    this.map.on("mousemove", (event) => {
      const id = this.idAt(event);
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

// Is a place inside the campaign area? Checked in the browser before sending, so a resident
// hears "outside" next to the place instead of after a round trip. The server checks again
// (and exactly: here a line or area counts as inside when all its vertices are).
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";

function vertices(geometry) {
  if (geometry.type === "Point") return [geometry.coordinates];
  if (geometry.type === "LineString") return geometry.coordinates;
  return geometry.coordinates[0];
}

export function insideArea(geometry, area) {
  if (!area) return true;
  return vertices(geometry).every((position) => booleanPointInPolygon(position, area));
}

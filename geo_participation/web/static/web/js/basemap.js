// The base map's pmtiles:// protocol: MapLibre reads our PMTiles archive (layers/basemap/)
// with HTTP Range requests, tile by tile, instead of asking a tile server.
import { addProtocol } from "maplibre-gl";
import { Protocol } from "pmtiles";

addProtocol("pmtiles", new Protocol().tile);

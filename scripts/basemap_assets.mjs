// Generate the base map's styles and glyphs into a static directory (scripts/setup.sh assets):
//
//   node scripts/basemap_assets.mjs OUT_DIR
//
// OUT_DIR/style-de.json, style-en.json: VersaTiles' muted style for OpenMapTiles tiles (what
// tilemaker writes), with German or English labels. Their one source has no URL and they name no
// glyphs: geo_participation/basemap.py fills in our archive's versioned pmtiles:// URL and our
// glyph directory per request. VersaTiles' sprite sheets are not in the npm package, so every
// sprite reference goes: icon-only layers and pattern fills are dropped, labels keep their text.
// OUT_DIR/glyphs/{fontstack}/{range}.pbf: the fonts those styles name, made from Debian's
// fonts-noto-core with fontnik. Glyphs already there are kept, so a second run is quick.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { omt } from "@versatiles/style/omt";

const LANGUAGES = ["de", "en"];
const FONT_DIR = process.env.GP_FONT_DIR || "/usr/share/fonts/truetype/noto";
// The style's font names, and the Noto file each is made from.
const FONTS = {
  noto_sans_regular: "NotoSans-Regular.ttf",
  noto_sans_bold: "NotoSans-Bold.ttf",
  noto_sans_italic: "NotoSans-Italic.ttf",
};
const LAND = "rgb(232,228,225)";
const RANGES = 256; // fontnik writes 0-255.pbf ... 65280-65535.pbf
const SPRITE_PROPERTIES = ["icon-image", "fill-pattern", "line-pattern", "fill-extrusion-pattern"];

// A layer without any sprite reference: null when nothing would remain to draw.
function withoutSprites(layer) {
  const layout = { ...layer.layout };
  const paint = { ...layer.paint };
  const used = SPRITE_PROPERTIES.filter((key) => key in layout || key in paint);
  if (used.length === 0) return layer;
  if (layer.type !== "symbol" || !("text-field" in layout)) return null;
  for (const key of Object.keys(layout)) if (key.startsWith("icon-")) delete layout[key];
  for (const key of Object.keys(paint)) if (key.startsWith("icon-")) delete paint[key];
  return { ...layer, layout, paint };
}

function style(language) {
  // A shade darker land than the theme's, so the white streets of a city without mapped
  // buildings or land use (the demo extract) still stand out.
  const built = omt({
    theme: "muted",
    colors: { background: LAND, land: LAND },
    text: { language },
    projection: "mercator",
    sky: false,
  });
  const layers = built.layers.map(withoutSprites).filter(Boolean);
  const sources = Object.fromEntries(
    Object.entries(built.sources).map(([name, source]) => [name, { type: source.type }]),
  );
  return { version: 8, name: built.name, sources, layers };
}

function fontNames(styles) {
  const names = new Set();
  for (const { layers } of styles) {
    for (const layer of layers) for (const font of layer.layout?.["text-font"] ?? []) names.add(font);
  }
  return [...names].sort();
}

function writeIfChanged(path, text) {
  // An unchanged file keeps its mtime, so setup does not collect static files again.
  if (existsSync(path) && readFileSync(path, "utf8") === text) return;
  writeFileSync(path, text);
}

function glyphs(out, font) {
  const file = FONTS[font];
  if (!file) throw new Error(`no font file for the style's font ${font}: add it to FONTS`);
  const dir = join(out, "glyphs", font);
  if (existsSync(dir) && readdirSync(dir).length === RANGES) return;
  mkdirSync(dir, { recursive: true });
  const require = createRequire(import.meta.url);
  const tool = join(require.resolve("fontnik"), "..", "bin", "build-glyphs");
  execFileSync(process.execPath, [tool, join(FONT_DIR, file), dir], { stdio: "inherit" });
}

function main() {
  const out = process.argv[2];
  if (!out) throw new Error("usage: node scripts/basemap_assets.mjs OUT_DIR");
  mkdirSync(out, { recursive: true });
  const styles = LANGUAGES.map(style);
  LANGUAGES.forEach((language, index) => {
    writeIfChanged(join(out, `style-${language}.json`), `${JSON.stringify(styles[index])}\n`);
  });
  for (const font of fontNames(styles)) glyphs(out, font);
}

main();

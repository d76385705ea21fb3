// Category icons for the map, drawn on a canvas: the legend's shape, colour and letter, so no
// sprite sheet or glyph font is fetched from anywhere.
const SIZE = 26; // CSS pixels, as the legend's SVG
const RATIO = 2;

export function markerImage(marker) {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = SIZE * RATIO;
  const ctx = canvas.getContext("2d");
  ctx.scale(RATIO, RATIO);
  ctx.translate(1, 1); // the legend's viewBox starts at -1
  ctx.beginPath();
  if (marker.points) {
    marker.points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.closePath();
  } else {
    ctx.arc(12, 12, 11, 0, 2 * Math.PI);
  }
  ctx.fillStyle = marker.colour;
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.lineJoin = "round";
  ctx.strokeStyle = "#1f1f1f";
  ctx.stroke();
  const triangle = marker.shape === "triangle";
  ctx.font = `700 ${triangle ? 9 : 12}px sans-serif`;
  ctx.textAlign = "center";
  ctx.fillStyle = marker.text_colour;
  ctx.fillText(marker.letter, 12, triangle ? 18.5 : 16.5);
  const { width, height } = canvas;
  return { image: ctx.getImageData(0, 0, width, height), options: { pixelRatio: RATIO } };
}

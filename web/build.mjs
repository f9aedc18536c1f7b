// Copies the front-end libraries orbat serve needs from node_modules into the
// Python package (src/orbat/serve/static/vendor/), so the app works offline and
// no asset is ever loaded from a CDN. Run by `make assets` after `npm ci`.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "..", "src", "orbat", "serve", "static", "vendor");

// [package, file in the package, where it goes under vendor/]
const FILES = [
  ["leaflet", "dist/leaflet.js", "leaflet/leaflet.js"],
  ["leaflet", "dist/leaflet.css", "leaflet/leaflet.css"],
  ["leaflet", "dist/images", "leaflet/images"],
  ["leaflet", "LICENSE", "leaflet/LICENSE"],
  ["topojson-client", "dist/topojson-client.min.js", "topojson-client/topojson-client.min.js"],
  ["topojson-client", "LICENSE", "topojson-client/LICENSE"],
  ["world-atlas", "countries-50m.json", "world-atlas/countries-50m.json"],
  ["world-atlas", "LICENSE", "world-atlas/LICENSE"],
  ["cytoscape", "dist/cytoscape.min.js", "cytoscape/cytoscape.min.js"],
  ["cytoscape", "LICENSE", "cytoscape/LICENSE"],
  ["uplot", "dist/uPlot.iife.min.js", "uplot/uPlot.iife.min.js"],
  ["uplot", "dist/uPlot.min.css", "uplot/uPlot.min.css"],
  ["uplot", "LICENSE", "uplot/LICENSE"],
];

for (const sub of ["leaflet", "topojson-client", "world-atlas", "cytoscape", "uplot"]) {
  rmSync(join(out, sub), { recursive: true, force: true });
}
for (const [pkg, file, dest] of FILES) {
  const src = join(modules, pkg, file);
  if (!existsSync(src)) {
    console.error(`build.mjs: ${pkg}/${file} is missing; run \`npm ci\` in web/ first`);
    process.exit(1);
  }
  mkdirSync(dirname(join(out, dest)), { recursive: true });
  cpSync(src, join(out, dest), { recursive: true });
}
// The bundle is built, not committed: keep it out of git.
writeFileSync(join(out, ".gitignore"), "*\n!.gitignore\n");
console.log(`build.mjs: ${FILES.length} files copied to ${out}`);

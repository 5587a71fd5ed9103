// Bundles src/ into dist/ and copies public/. Content-hash-free names keep the dev
// gateway and CloudFront config simple; CloudFront invalidates on deploy.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist", { recursive: true });
cpSync("public", "dist", { recursive: true });
await build({
  entryPoints: ["src/main.ts"],
  bundle: true,
  minify: true,
  sourcemap: true,
  target: ["es2020"],
  outfile: "dist/app.js",
  logLevel: "warning",
});

// Opens the course the way a student does and runs notebooks in a real browser.
//
//   node scripts/browser/run.mjs PYTHON PORT NOTEBOOK...
//
// Starts Jupyter through scripts/lab.sh (what `make lab` runs), opens each notebook in headless
// Chromium, runs all its cells from the page, and checks what the page shows: every cell ran
// without an error, and each cell that calls a display helper shows an SVG. Notebooks with an
// animated trajectory must carry their <animate> elements into the page. Screenshots go to
// build/browser/. Autosave is switched off, so the committed notebooks are never touched.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const [python, port, ...notebooks] = process.argv.slice(2);
const token = Math.random().toString(36).slice(2);
const base = `http://127.0.0.1:${port}`;
const shots = join(root, "build", "browser");
mkdirSync(shots, { recursive: true });

function fail(message) {
  console.error(`browser: FAIL ${message}`);
  process.exitCode = 1;
}

async function waitForServer(server, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (server.exitCode !== null) throw new Error(`Jupyter exited early: ${serverLog.trim().split("\n").pop()}`);
    try {
      if ((await fetch(`${base}/api/status?token=${token}`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Jupyter did not answer on ${base} within ${seconds} s`);
}

// Cells that must show a figure, as the notebook runner counts them.
function figureCells(path) {
  const nb = JSON.parse(readFileSync(path, "utf8"));
  return nb.cells.filter((c) => c.cell_type === "code")
    .map((c, i) => [i, [].concat(c.source).join("")])
    .filter(([, src]) => /\bplots\.(Show|Play)\(|\bgonbui\.DisplaySVG\(/.test(src))
    .map(([i, src]) => [i, /\bAnimate:/.test(src)]);
}

async function runNotebook(browser, path) {
  const name = basename(path);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${base}/notebooks/${name}?token=${token}`);
  try {
    await page.waitForFunction(() => window.Jupyter?.notebook?.kernel?.is_connected?.(), null, { timeout: 60000 });
  } catch {
    throw new Error(`${name}: no classic Notebook page with a connected kernel within 60 s ` +
      "(this test drives Notebook 6, as Debian packages it; JupyterLab and Notebook 7 serve other pages)");
  }
  await page.evaluate(() => {
    Jupyter.notebook.set_autosave_interval(0);
    Jupyter.notebook.clear_all_output();
    Jupyter.notebook.execute_all_cells();
  });
  const start = Date.now();
  await page.waitForFunction(() => Jupyter.notebook.get_cells().every(
    (c) => c.cell_type !== "code" || typeof c.input_prompt_number === "number"), null, { timeout: 180000, polling: 500 });
  const seconds = (Date.now() - start) / 1000;
  const cells = await page.evaluate(() => Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code").map((c) => ({
    error: c.output_area.outputs.some((o) => o.output_type === "error"),
    svgs: c.output_area.element[0].querySelectorAll("svg").length,
    animations: c.output_area.element[0].querySelectorAll("svg animate, svg animateMotion, svg set").length,
  })));
  cells.forEach((c, i) => c.error && fail(`${name}: cell ${i} failed in the browser`));
  for (const [i, animated] of figureCells(path)) {
    if (!cells[i].svgs) fail(`${name}: cell ${i} shows no SVG in the page`);
    if (animated && !cells[i].animations) fail(`${name}: cell ${i} lost its animation in the page`);
  }
  const svgs = cells.reduce((n, c) => n + c.svgs, 0);
  await page.screenshot({ path: join(shots, name.replace(".ipynb", ".png")), fullPage: true });
  console.log(`browser: ${name}: ${cells.length} cells ran in ${seconds.toFixed(1)} s, ${svgs} SVGs in the page`);
  await page.close();
}

const server = spawn("bash", [join(root, "scripts", "lab.sh"), python, port], {
  env: { ...process.env, JUPYTER_TOKEN: token, GOPROXY: "off" }, stdio: ["ignore", "ignore", "pipe"], detached: true,
});
let serverLog = "";
server.stderr.on("data", (d) => { serverLog = (serverLog + d).slice(-4000); });
let browser;
try {
  await waitForServer(server, 60);
  browser = await chromium.launch({
    // The chromium that setup.sh found on PATH, unless CHROMIUM names another.
    executablePath: process.env.CHROMIUM || execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim(),
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  for (const nb of notebooks) await runNotebook(browser, nb);
} catch (e) {
  fail(e.message.split("\n")[0]);
} finally {
  await browser?.close();
  try { process.kill(-server.pid, "SIGTERM"); } catch {}
}

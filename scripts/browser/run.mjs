// Opens the course the way a student does, in JupyterLab 4 in a real browser (headless Chromium).
//
//   node scripts/browser/run.mjs PYTHON PORT NOTEBOOK...
//
// Starts Jupyter through scripts/lab.sh (what `make lab` runs) and, for each notebook, in a fresh
// page:
//  1. before anything runs, the notebook is untrusted, as for anyone who just opened it: the page
//     must show as many figures as the notebook has saved, and no "untrusted SVG" refusal;
//  2. runs all cells from the page (Run All Cells), then checks that no cell failed, that every
//     cell calling plots.Show or plots.Play shows its SVG, that an animated figure (Animate:) keeps
//     its <animate> elements, and that a live progress line (plots.NewProgress) updated in place;
//  3. edits the `%%` line of the first figure cell with a flag, in the cell's editor (a changed
//     flag, typed as a student types it), reruns that cell alone (Ctrl+Enter) and checks that its
//     figure changed.
//  4. in JupyterLab, turns on a cell's live GoNB widgets (`%% --live=on`, lesson.LiveGD): its
//     sliders must show, a click on the η slider must redraw the figure for the new η, and Done
//     must end the exploration there.
// The first notebook is also opened in Notebook 7, fresh, and run there; 04 is projected as a RISE
// slide deck at 1024x768 and stepped through. Two notebooks run at a
// time (one kernel each). Screenshots go to build/browser/. Autosave is off, so the committed
// notebooks are never written.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const [python, port, ...notebooks] = process.argv.slice(2);
const token = Math.random().toString(36).slice(2);
const base = `http://127.0.0.1:${port}`;
const shots = join(root, "build", "browser");
mkdirSync(shots, { recursive: true });
const FIGURE_CALL = /\bplots\.(Show|Play)\(/;

function fail(message) {
  console.error(`browser: FAIL ${message}`);
  process.exitCode = 1;
}

// JupyterLab settings for the test's server only: every cell rendered (no windowing, so the test
// sees off-screen cells), no autosave, no news or update checks.
function labSettings() {
  const dir = mkdtempSync(join(tmpdir(), "descent-lab-"));
  const put = (plugin, file, value) => {
    mkdirSync(join(dir, "settings", plugin), { recursive: true });
    writeFileSync(join(dir, "settings", plugin, file), JSON.stringify(value));
  };
  put("@jupyterlab/notebook-extension", "tracker.jupyterlab-settings", { windowingMode: "none" });
  put("@jupyterlab/docmanager-extension", "plugin.jupyterlab-settings", { autosave: false });
  put("@jupyterlab/apputils-extension", "notification.jupyterlab-settings", { fetchNews: "false", checkForUpdates: false });
  mkdirSync(join(dir, "workspaces"));
  return { JUPYTERLAB_SETTINGS_DIR: join(dir, "settings"), JUPYTERLAB_WORKSPACES_DIR: join(dir, "workspaces") };
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

// What the committed notebook holds: its code cells' sources, and how many figures it has saved.
function committed(path) {
  const nb = JSON.parse(readFileSync(path, "utf8"));
  const code = nb.cells.filter((c) => c.cell_type === "code").map((c) => ({
    source: [].concat(c.source).join(""),
    figures: (c.outputs || []).filter((o) => o.data?.["image/svg+xml"]).length,
  }));
  const explorers = nb.cells.flatMap((c) => c.outputs || [])
    .filter((o) => [].concat(o.data?.["text/html"] ?? []).join("").includes("data-explorer")).length;
  return { code, figures: code.reduce((n, c) => n + c.figures, 0), explorers };
}

// In the page, as opened: explorers whose still figure has loaded and whose note shows.
function explorerStills() {
  const roots = [...document.querySelectorAll(".jp-OutputArea-output")].filter((o) => /Interactive explorer:/.test(o.textContent));
  return { shown: roots.filter((o) => { const img = o.querySelector("img"); return img && img.naturalWidth > 0; }).length };
}

// Moves every slider of every live explorer with the mouse, three stops each, and checks
// that each move shows the value it selects and another frame, and that the drawn figure
// changes. Returns a note for the log line.
async function moveExplorers(page, name, tag) {
  const roots = page.locator("[data-explorer][data-live]");
  const count = await roots.count();
  let moves = 0;
  for (let e = 0; e < count; e++) {
    const root = roots.nth(e);
    const sliders = root.locator("input[type=range]");
    const ns = await sliders.count();
    if (!ns) fail(`${name} (${tag}): explorer ${e} has no sliders after running`);
    for (let i = 0; i < ns; i++) {
      const slider = sliders.nth(i);
      await slider.scrollIntoViewIfNeeded();
      const max = Number(await slider.getAttribute("max"));
      let changed = 0, numbers = 0;
      for (let k = 1; k <= 3; k++) {
        // Measured at each move: a longer value label moves the slider along its row.
        const box = await slider.boundingBox();
        // Click where the k-th next stop lies on the track (Chromium's thumb is 16 px wide).
        const target = (Number(await slider.inputValue()) + 1) % (max + 1);
        const before = await root.evaluate(explorerState, i);
        await page.mouse.click(box.x + 8 + (box.width - 16) * target / Math.max(max, 1), box.y + box.height / 2);
        await page.waitForTimeout(50);
        const now = await root.evaluate(explorerState, i);
        moves++;
        if (now.frame === before.frame || now.value === before.value)
          fail(`${name} (${tag}): explorer ${e}, slider ${i}: a move did not select another frame and value (${before.value} → ${now.value})`);
        if (now.shownText !== now.wantText)
          fail(`${name} (${tag}): explorer ${e} at ${now.values.join(", ")}: the drawn frame says ${JSON.stringify(now.shownText.slice(0, 120))}, ` +
            `the frame computed for these values says ${JSON.stringify(now.wantText.slice(0, 120))}`);
        if (now.values[i] !== now.labels[i][now.sliders[i]])
          fail(`${name} (${tag}): explorer ${e}, slider ${i} at stop ${now.sliders[i]} shows ${now.values[i]}, not ${now.labels[i][now.sliders[i]]}`);
        if (now.src !== before.src) changed++;
        if (now.shownText !== before.shownText) numbers++;
        if (!now.complete) fail(`${name} (${tag}): explorer ${e}: the frame for ${now.value} was not drawn at once`);
      }
      if (!changed) fail(`${name} (${tag}): explorer ${e}, slider ${i}: three moves never changed the drawn figure`);
      if (!numbers) fail(`${name} (${tag}): explorer ${e}, slider ${i}: three moves never changed the numbers printed in the figure`);
    }
  }
  return count ? `, ${count} explorers moved (${moves} slider moves)` : "";
}

// In the page, for explorer root r and its slider j: the frame selected, the value shown beside
// each slider, and the text drawn in the shown frame against the text of the frame that the cell
// computed for the sliders' stops (D.frames[D.index[k]], k the stops in mixed radix, first slider
// most significant), read from the explorer's own data in its script.
function explorerState(r, j) {
  const script = r.querySelector("script")?.textContent ?? "";
  const at = script.indexOf("var D=") + 6;
  let D = null;
  for (let end = script.indexOf("};", at); end > 0 && !D; end = script.indexOf("};", end + 1)) {
    try { D = JSON.parse(script.slice(at, end + 1)); } catch {}
  }
  const sliders = [...r.querySelectorAll("input[type=range]")].map((x) => Number(x.value));
  const texts = (svg) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(" | ");
  const frame = r.querySelector(".dx-frame");
  const k = D ? sliders.reduce((acc, v, i) => acc * D.params[i].labels.length + v, 0) : -1;
  return {
    frame: r.getAttribute("data-frame"), src: frame.src, complete: frame.complete, sliders,
    value: r.querySelectorAll(".dx-value")[j].textContent,
    values: [...r.querySelectorAll(".dx-value")].map((x) => x.textContent),
    labels: D ? D.params.map((p) => p.labels) : [],
    shownText: texts(decodeURIComponent(frame.src.slice(frame.src.indexOf(",") + 1))),
    wantText: D ? texts(D.frames[D.index[k]]) : "(no explorer data in the page)",
  };
}

// The first figure cell with a number flag (lesson.Float or lesson.Int with a numeric default
// and range), and the `%%` flag a student might type there: half the default, or halfway to the
// top of the range where half would leave it.
function flagEdit(code) {
  const decl = /lesson\.(Float|Int)\("(\w+)",\s*([-\d.e]+),\s*([-\d.e]+),\s*([-\d.e]+),/g;
  for (let i = 0; i < code.length; i++) {
    const src = code[i].source;
    if (!FIGURE_CALL.test(src) || !/^%%/m.test(src)) continue;
    for (const [, kind, name, d, lo, hi] of src.matchAll(decl)) {
      const [def, min, max] = [Number(d), Number(lo), Number(hi)];
      if (![def, min, max].every(Number.isFinite) || !new RegExp(`lesson\\.Use\\([^)]*\\b${name}\\b`).test(src)) continue;
      let value = def / 2 >= min ? def / 2 : (def + max) / 2;
      if (kind === "Int") value = Math.round(value);
      if (value !== def && value >= min && value <= max) return { cell: i, flag: `--${name}=${value}` };
    }
  }
  return null;
}

// In the page: the notebook panel's code cells, with what each shows.
function pageCells() {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.widgets.filter((w) => w.model.type === "code").map((w) => {
    const outputs = w.model.outputs.toJSON();
    const node = w.outputArea.node;
    return {
      count: w.model.executionCount,
      errors: outputs.filter((o) => o.output_type === "error").map((o) => `${o.ename}: ${o.evalue}`.slice(0, 300)),
      stderr: outputs.filter((o) => o.name === "stderr").map((o) => [].concat(o.text).join("")).join(""),
      svgs: [...node.querySelectorAll(".jp-RenderedSVG img")].map((img) => decodeURIComponent(img.src)),
      pngs: node.querySelectorAll(".jp-RenderedImage img").length,
      refused: /untrusted SVG/.test(node.textContent),
      first: node.querySelector(".jp-OutputArea-output")?.textContent ?? "",
    };
  });
}

// Scrolls the notebook to its first figure, for the screenshots.
async function showFirstFigure(page) {
  await page.evaluate(() => document.querySelector(".jp-OutputArea-output img")?.scrollIntoView({ block: "center" }));
}

async function openNotebook(browser, url, name) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}?reset&token=${token}`);
  try {
    await page.waitForFunction(() => {
      const panel = window.jupyterapp?.shell?.currentWidget;
      return panel?.context?.isReady && panel.sessionContext?.session?.kernel?.connectionStatus === "connected";
    }, null, { timeout: 90000, polling: 250 });
    // GoNB answers kernel_info but publishes no idle status until a cell runs: wait for the answer.
    await page.evaluate(() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.info);
  } catch {
    throw new Error(`${name}: no notebook with a connected kernel within 90 s at ${url}`);
  }
  return page;
}

async function runNotebook(browser, path, app) {
  const name = basename(path);
  const tag = app === "lab" ? "JupyterLab 4" : "Notebook 7";
  // Each page its own workspace, reset: pages never restore each other's open notebooks.
  const url = app === "lab" ? `${base}/lab/workspaces/${name.slice(0, 2)}/tree/${name}` : `${base}/notebooks/${name}`;
  const nb = committed(path);
  const page = await openNotebook(browser, url, name);
  const shot = join(shots, name.replace(".ipynb", app === "lab" ? ".png" : ".notebook7.png"));

  // 1. As opened: untrusted, saved figures only.
  const before = await page.evaluate(pageCells);
  const shownBefore = before.reduce((n, c) => n + c.pngs + c.svgs.length, 0);
  if (shownBefore !== nb.figures) fail(`${name} (${tag}): ${shownBefore} figures show on open, the notebook saved ${nb.figures}`);
  before.forEach((c, i) => c.refused && fail(`${name} (${tag}): cell ${i} refuses its saved SVG on open`));
  const stills = await page.evaluate(explorerStills);
  if (stills.shown !== nb.explorers) fail(`${name} (${tag}): ${stills.shown} explorers show their still figure and note on open, the notebook saved ${nb.explorers}`);
  await showFirstFigure(page);
  await page.screenshot({ path: shot.replace(".png", ".opened.png") });

  // 2. Run All Cells, recording every state of the live progress lines while it runs.
  const progress = nb.code.map((c, i) => (/\bplots\.NewProgress\(/.test(c.source) ? i : -1)).filter((i) => i >= 0);
  await page.evaluate((cells) => {
    const ws = window.jupyterapp.shell.currentWidget.content.widgets.filter((w) => w.model.type === "code");
    window.progressStates = cells.map(() => new Set());
    cells.forEach((i, k) => new MutationObserver(() => {
      const text = ws[i].outputArea.node.querySelector(".jp-OutputArea-output")?.textContent;
      if (text) window.progressStates[k].add(text);
    }).observe(ws[i].outputArea.node, { subtree: true, childList: true, characterData: true }));
  }, progress);
  const start = Date.now();
  await page.evaluate(() => window.jupyterapp.commands.execute("notebook:run-all-cells"));
  await page.waitForTimeout(1000); // trailing display messages
  const seconds = (Date.now() - start) / 1000;
  const after = await page.evaluate(pageCells);
  after.forEach((c, i) => {
    if (c.count === null) fail(`${name} (${tag}): cell ${i} did not run`);
    if (c.errors.length) fail(`${name} (${tag}): cell ${i} failed: ${c.errors.join("; ")}`);
    if (/^panic: |goroutine \d+ \[/m.test(c.stderr)) fail(`${name} (${tag}): cell ${i} panicked: ${c.stderr.slice(0, 300)}`);
    if (FIGURE_CALL.test(nb.code[i].source) && !c.svgs.length) fail(`${name} (${tag}): cell ${i} shows no SVG after running`);
    if (/\bAnimate:/.test(nb.code[i].source) && !c.svgs.some((s) => /<animate/.test(s)))
      fail(`${name} (${tag}): cell ${i} lost its animation in the page`);
  });
  // Each progress line ends finished, in its one output; a fast cell may show only that state,
  // but the lines as a whole must have been seen changing in place.
  const states = await page.evaluate(() => window.progressStates.map((s) => s.size));
  progress.forEach((i) => !/· done in [\d.]+ s/.test(after[i].first) &&
    fail(`${name} (${tag}): cell ${i}'s progress line did not end in place with "done in": ${after[i].first.slice(0, 120)}`));
  if (progress.length && Math.max(...states) < 3)
    fail(`${name} (${tag}): no progress line was seen updating in place (states seen: ${states})`);
  const shownAfter = after.reduce((n, c) => n + c.svgs.length, 0);
  const moved = await moveExplorers(page, name, tag);
  await showFirstFigure(page);
  await page.screenshot({ path: shot });
  let edited = "";

  // 3. A changed flag on one cell, typed in its editor, and that cell rerun alone.
  const edit = app === "lab" && flagEdit(nb.code);
  if (edit) {
    // Put the caret at the end of the `%%` line (CodeMirror draws only the lines in view, so
    // the line is found in the editor's text, not in the page), then type as a student does.
    await page.evaluate((i) => {
      const nbw = window.jupyterapp.shell.currentWidget.content;
      const w = nbw.widgets.filter((x) => x.model.type === "code")[i];
      nbw.activeCellIndex = nbw.widgets.indexOf(w);
      nbw.mode = "edit";
      const src = w.model.sharedModel.getSource();
      const line = src.match(/^%%.*$/m);
      w.editor.focus();
      w.editor.setCursorPosition(w.editor.getPositionAt(line.index + line[0].length));
    }, edit.cell);
    await page.keyboard.type(` ${edit.flag}`);
    const typed = await page.evaluate((i) => window.jupyterapp.shell.currentWidget.content.widgets
      .filter((x) => x.model.type === "code")[i].model.sharedModel.getSource().match(/^%%.*$/m)[0], edit.cell);
    if (!typed.endsWith(edit.flag)) fail(`${name}: typing into cell ${edit.cell}'s %% line gave ${JSON.stringify(typed)}`);
    const figure = after[edit.cell].svgs.join("");
    const count = after[edit.cell].count;
    await page.keyboard.press("Control+Enter");
    await page.waitForFunction(([i, n]) => {
      const panel = window.jupyterapp.shell.currentWidget;
      const w = panel.content.widgets.filter((x) => x.model.type === "code")[i];
      return w.model.executionCount > n && panel.sessionContext.session.kernel.status !== "busy";
    }, [edit.cell, count], { timeout: 60000, polling: 250 });
    await page.waitForTimeout(1000);
    const rerun = (await page.evaluate(pageCells))[edit.cell];
    if (rerun.errors.length || !rerun.svgs.length) fail(`${name}: cell ${edit.cell} with ${edit.flag} failed or showed no SVG`);
    else if (rerun.svgs.join("") === figure) fail(`${name}: cell ${edit.cell}'s figure did not change with ${edit.flag}`);
    else edited = `; cell ${edit.cell} rerun with ${edit.flag}: figure changed`;
    await page.locator(".jp-Notebook .jp-CodeCell").nth(edit.cell).locator(".jp-OutputArea-output img").last()
      .scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot.replace(".png", ".edited.png") });
  }
  // 4. GoNB's live widgets, where a cell has them (Lab only: the widgets need a live page).
  const widgets = app === "lab" ? await liveWidgets(page, name, nb.code) : "";
  const live = progress.length ? `, progress lines seen in ${states.join("/")} states` : "";
  console.log(`browser: ${name} in ${tag}: ${shownBefore}/${nb.figures} figures on open (untrusted); ` +
    `${after.length} cells ran in ${seconds.toFixed(1)} s, ${shownAfter} SVGs after${live}${moved}${edited}${widgets}`);
  await page.close();
}

// The live GoNB widgets of a cell that calls lesson.LiveGD, in a live page: with `%% --live=on` the
// cell must show its two sliders and a Done button; a click halfway along the η slider must
// redraw the figure for that η (the kernel answers through the widgets' websocket); Done must end
// the exploration at that η. Returns a line for the report, "" where the notebook has no such cell.
async function liveWidgets(page, name, code) {
  const cell = code.findIndex((c) => /\blesson\.LiveGD\(/.test(c.source));
  if (cell < 0) return "";
  const bad = (problem) => { fail(`${name}: cell ${cell}${problem}`); return ""; };
  const output = () => page.locator(".jp-Notebook .jp-CodeCell").nth(cell).locator(".jp-OutputArea");
  const text = () => output().evaluate((n) => n.innerText);
  const sliders = output().locator("input[type=range]");
  // A cold start can miss the widgets' handshake; the cell then says so, and the notebook tells
  // the student to rerun it: so does the test, once.
  let reruns = 0;
  for (;; reruns++) {
    await page.evaluate((i) => {
      const nbw = window.jupyterapp.shell.currentWidget.content;
      const w = nbw.widgets.filter((x) => x.model.type === "code")[i];
      w.model.sharedModel.setSource(w.model.sharedModel.getSource().replace(/^%%.*$/m, "%% --live=on"));
      nbw.activeCellIndex = nbw.widgets.indexOf(w);
      void window.jupyterapp.commands.execute("notebook:run-cell"); // runs until Done: not awaited
    }, cell);
    try {
      await output().getByText(/^x0 = -?[\d.]+, η = [\d.]+: |got no answer from the page/).first().waitFor({ timeout: 60000 });
    } catch {
      return bad(` with --live=on showed neither a live figure nor its one-line fallback within 60 s: ${(await text()).slice(0, 300)}`);
    }
    if (!/got no answer from the page/.test(await text())) break;
    if (reruns === 1) return bad(` with --live=on got no answer from the page twice: ${(await text()).slice(0, 300)}`);
  }
  if ((await sliders.count()) !== 2 || !(await output().getByRole("button", { name: "Done" }).count()))
    return bad(` with --live=on shows ${await sliders.count()} sliders, want 2 and a Done button`);
  const eta = sliders.nth(1);
  const start = await eta.inputValue();
  const box = await eta.boundingBox();
  await eta.click({ position: { x: box.width / 2, y: box.height / 2 } }); // scrolled into view, then the mouse
  if ((await eta.inputValue()) === start) return bad(`: a click halfway along the η slider left it at ${start}`);
  const value = Number(await eta.inputValue()) / 100;
  const redrawn = new RegExp(`η = ${value.toFixed(2)}: `);
  try {
    await output().getByText(redrawn).waitFor({ timeout: 20000 });
  } catch {
    return bad(`: moving the η slider to ${value} did not redraw the figure: ${(await text()).slice(0, 300)}`);
  }
  await output().getByRole("button", { name: "Done" }).click();
  const ended = new RegExp(`live exploration ended at x0 = -?[\\d.]+, η = ${value.toFixed(2)}`);
  try {
    await output().getByText(ended).waitFor({ timeout: 20000 });
  } catch {
    return bad(`: Done did not end the live exploration at η = ${value}: ${(await text()).slice(0, 300)}`);
  }
  await page.screenshot({ path: join(shots, name.replace(".ipynb", ".live.png")) });
  return `; cell ${cell} live${reruns ? " (after one rerun)" : ""}: sliders drawn, η moved to ${value.toFixed(2)} and redrawn, Done`;
}

// One notebook projected with RISE (jupyterlab-rise's slideshow page, /rise/NOTEBOOK) at a
// projector's 1024x768: the deck must have one slide per slide or sub-slide in the notebook's
// metadata (scripts/slides.py), show the saved figures, and move on at each press of the space bar.
async function riseDeck(browser, path) {
  const name = basename(path);
  const cells = JSON.parse(readFileSync(path, "utf8")).cells;
  const want = cells.filter((c) => ["slide", "subslide"].includes(c.metadata?.slideshow?.slide_type)).length;
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  await page.goto(`${base}/rise/${name}?token=${token}`);
  const deck = () => page.evaluate(() => {
    const leaves = [...document.querySelectorAll(".reveal .slides section")].filter((s) => !s.querySelector("section"));
    const at = leaves.findIndex((s) => s.classList.contains("present"));
    return { leaves: leaves.length, at, images: document.querySelectorAll(".reveal .slides img").length };
  });
  try {
    await page.waitForFunction((n) => [...document.querySelectorAll(".reveal .slides section")]
      .filter((s) => !s.querySelector("section")).length >= n, want, { timeout: 90000, polling: 500 });
  } catch {
    const d = await deck();
    fail(`${name} in RISE: ${d.leaves} slides within 90 s, the notebook's metadata has ${want}`);
    return page.close();
  }
  const first = await deck();
  if (first.leaves !== want) fail(`${name} in RISE: ${first.leaves} slides, the notebook's metadata has ${want}`);
  const figures = committed(path).figures;
  if (first.images < figures) fail(`${name} in RISE: ${first.images} images in the deck, the notebook saved ${figures} figures`);
  const seen = [first.at];
  for (let k = 0; k < 8; k++) {
    await page.keyboard.press("Space");
    await page.waitForTimeout(600);
    const d = await deck();
    if (d.at === seen[seen.length - 1]) fail(`${name} in RISE: the space bar did not move past slide ${d.at}`);
    seen.push(d.at);
    if (k === 2) await page.screenshot({ path: join(shots, name.replace(".ipynb", ".rise.png")) });
  }
  console.log(`browser: ${name} in RISE at 1024x768: ${first.leaves}/${want} slides, ${first.images} images, ` +
    `stepped through slides ${seen.join(" → ")}`);
  await page.close();
}

const server = spawn("bash", [join(root, "scripts", "lab.sh"), python, port,
  "--LabApp.expose_app_in_browser=True", "--JupyterNotebookApp.expose_app_in_browser=True"], {
  env: { ...process.env, ...labSettings(), JUPYTER_TOKEN: token, GOPROXY: "off" },
  stdio: ["ignore", "ignore", "pipe"], detached: true,
});
let serverLog = "";
server.stderr.on("data", (d) => { serverLog = (serverLog + d).slice(-4000); });
let browser;
try {
  if (execFileSync(python, ["-c", "import jupyterlab; print(jupyterlab.__version__)"], { encoding: "utf8" }).trim()[0] !== "4")
    throw new Error("the browser test drives JupyterLab 4, which this Jupyter does not have");
  await waitForServer(server, 60);
  browser = await chromium.launch({
    // The chromium that setup.sh found on PATH, unless CHROMIUM names another.
    executablePath: process.env.CHROMIUM || execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim(),
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const queue = [...notebooks.map((nb) => [nb, "lab"]), [notebooks[0], "notebook"]];
  const worker = async () => {
    for (let job; (job = queue.shift());) {
      try {
        await runNotebook(browser, ...job);
      } catch (e) {
        fail(`${basename(job[0])} (${job[1]}): ${e.message.split("\n")[0]}`);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  await riseDeck(browser, notebooks.find((n) => /\/04-/.test(n)) ?? notebooks[0]);
} catch (e) {
  fail(e.message.split("\n")[0]);
} finally {
  await browser?.close();
  try { process.kill(-server.pid, "SIGTERM"); } catch {}
}

// Opens the built course site (build/site, from `make html`) in a real browser, as a reader would.
//
//   node scripts/site/test.mjs [PYTHON] [SITE_DIR]
//
// Serves the site on 127.0.0.1 (a port the system picks) and drives headless Chromium (Debian's
// package, through playwright-core from scripts/browser). For every page (the landing page, each
// notebook's page, the answer key if built):
//  - nothing is fetched from another host, nothing answers 404, no script error;
//  - a notebook page shows every figure its notebook saved (each <img> loads and decodes) and
//    every explorer;
//  - the maths is typeset by KaTeX: .katex elements present, no KaTeX error, no raw $...$ left in
//    the prose;
//  - navigation: the sidebar lists the notebooks in course order, previous/next are the
//    neighbours, every link inside the site resolves (no 404, section anchors exist), the GitHub
//    and Binder links name the page's notebook, and the answer key is linked from the landing
//    page only;
//  - a screenshot of the top of the page, and one at its first figure, go to build/site-shots/.
// Then: an explorer's slider is moved with the keyboard and its image must change (a notebook's
// explorer, or, while no notebook has one, a synthetic notebook with one built by nbhtml.py: the
// output says so); the search box, typed into on the first notebook's page, must find a word
// from the last notebook and lead there; every slide deck must open with all its figures, and
// one is stepped through with → at 1024x768 (each press must change the current slide).
// Prints one line per page and per check, and "site: N passed, M failed".
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const python = process.argv[2] || join(root, ".venv", "bin", "python");
const site = resolve(process.argv[3] || join(root, "build", "site"));
const shots = join(root, "build", "site-shots");
const driver = join(root, "scripts", "browser", "node_modules", "playwright-core", "index.mjs");

let passed = 0, failed = 0;
function report(name, problems, detail) {
  if (problems.length) {
    failed++;
    console.log(`site: FAIL ${name}: ${problems.join("; ")}`);
  } else {
    passed++;
    console.log(`site: ok   ${name}${detail ? ": " + detail : ""}`);
  }
}

if (!existsSync(join(site, "site.json"))) {
  console.log(`site: FAIL no built site in ${site} (run make html first)`);
  console.log("site: 0 passed, 1 failed");
  process.exit(1);
}
if (!existsSync(driver)) {
  console.log("site: FAIL playwright-core is missing from scripts/browser/node_modules (run: cd scripts/browser && npm ci)");
  console.log("site: 0 passed, 1 failed");
  process.exit(1);
}
const { chromium } = await import(pathToFileURL(driver).href);
const manifest = JSON.parse(readFileSync(join(site, "site.json"), "utf8"));
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });

// ---- A static file server: the site at /, and a synthetic check site at /_check/ if needed.
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2",
  ".woff": "font/woff", ".ttf": "font/ttf" };
const roots = { "/": site };
const notFound = [];
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  const prefix = Object.keys(roots).filter((p) => path.startsWith(p)).sort((a, b) => b.length - a.length)[0];
  let file = normalize(join(roots[prefix], path.slice(prefix.length)));
  if (!file.startsWith(roots[prefix])) file = "/nonexistent";
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!existsSync(file)) {
    notFound.push(path);
    res.writeHead(404, { "content-type": "text/plain" });
    return res.end("not found");
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

// What a notebook holds, read from the notebook itself: figures saved, explorers, maths in prose.
function notebookFacts(path) {
  const nb = JSON.parse(readFileSync(resolve(root, path), "utf8"));
  let figures = 0, explorers = 0, math = false;
  for (const c of nb.cells) {
    const src = [].concat(c.source).join("");
    if (c.cell_type === "markdown" && /\$[^$]+\$/.test(src)) math = true;
    for (const o of c.outputs || []) {
      const d = o.data || {};
      const html = [].concat(d["text/html"] || []).join("");
      if (d["image/svg+xml"] || d["image/png"]) figures++;
      if (html.includes('class="descent-explorer"')) { figures++; explorers++; }
    }
  }
  return { figures, explorers, math };
}

function watch(page) {
  const problems = [];
  page.on("pageerror", (e) => problems.push(`script error: ${e.message.split("\n")[0]}`));
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text().slice(0, 160)}`); });
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (!["127.0.0.1", ""].includes(u.hostname) && !["data:", "blob:"].includes(u.protocol))
      problems.push(`fetched from the network: ${r.url().slice(0, 100)}`);
  });
  page.on("response", (r) => { if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) problems.push(`${r.status()} for ${r.url().replace(base, "")}`); });
  return problems;
}

// Every figure of the page scrolled into view (they load lazily, as for a reader) and decoded.
async function figuresShown(page) {
  return page.evaluate(async () => {
    const imgs = [...document.querySelectorAll("article .descent-figure img")];
    let ok = 0;
    const broken = [];
    for (const img of imgs) {
      img.scrollIntoView({ block: "center" });
      try {
        await Promise.race([img.decode(), new Promise((_, no) => setTimeout(() => no(new Error("timeout")), 10000))]);
        if (img.naturalWidth > 0) ok++; else broken.push(img.getAttribute("src"));
      } catch {
        broken.push(img.getAttribute("src"));
      }
    }
    const explorers = document.querySelectorAll("article .descent-explorer").length;
    const live = document.querySelectorAll('article .descent-explorer[data-live] input[type="range"]').length ? document.querySelectorAll("article .descent-explorer[data-live]").length : 0;
    const overflow = imgs.filter((i) => i.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length;
    window.scrollTo(0, 0);
    return { imgs: imgs.length, ok, broken, explorers, live, overflow };
  });
}

// The maths: typeset, no KaTeX error, and no $...$ left as text in the prose.
async function mathState(page) {
  await page.waitForFunction(() => document.documentElement.hasAttribute("data-math"), null, { timeout: 15000 });
  return page.evaluate(() => {
    const prose = document.querySelectorAll(
      "article .jp-RenderedMarkdown :is(p, li, td, th, h1, h2, h3, h4, blockquote), article.home :is(p, li), article.answers :is(p, li), .sidebar .sections li");
    const raw = [];
    for (const el of prose) {
      const copy = el.cloneNode(true);
      copy.querySelectorAll(".katex, .katex-display, code, pre, ul, ol").forEach((k) => k.remove());
      const t = copy.textContent;
      const m = t.match(/\$\$[^$]+\$\$|\$[^$\s][^$]*?\$|\\\(|\\\[/);
      if (m) raw.push(m[0].slice(0, 60));
    }
    return {
      state: document.documentElement.getAttribute("data-math"),
      katex: document.querySelectorAll(".katex").length,
      errors: [...document.querySelectorAll(".katex-error")].map((e) => e.getAttribute("title") || e.textContent).slice(0, 3),
      raw: raw.slice(0, 3),
    };
  });
}

async function linksOf(page) {
  return page.evaluate(() => [...document.querySelectorAll("a[href]")].map((a) => ({
    href: a.getAttribute("href"), abs: a.href, cls: a.className, inSidebar: !!a.closest(".sidebar"),
    inPager: !!a.closest(".pager"), rel: a.getAttribute("rel"),
    sameId: a.hash && a.pathname === location.pathname ? !!document.getElementById(decodeURIComponent(a.hash.slice(1))) : null,
  })));
}

async function shoot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`) });
  const fig = page.locator("article .descent-figure img, article .descent-explorer").first();
  if (await fig.count()) {
    await fig.evaluate((el) => el.scrollIntoView({ block: "center" }));
    await page.waitForTimeout(100);
    await page.screenshot({ path: join(shots, `${name}-figure.png`) });
    await page.evaluate(() => window.scrollTo(0, 0));
  }
}

const internal = new Set();
async function checkPage(browser, href, expect) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = watch(page);
  const details = [];
  try {
    await page.goto(`${base}/${href}`, { waitUntil: "load" });
    const math = await mathState(page);
    if (math.state !== "typeset") problems.push(`maths not typeset (KaTeX ${math.state})`);
    if (expect.math && math.katex === 0) problems.push("no typeset maths (.katex) though the text has $...$");
    if (math.errors.length) problems.push(`KaTeX errors: ${math.errors.join(" | ")}`);
    if (math.raw.length) problems.push(`raw maths left in the prose: ${math.raw.join(" | ")}`);
    details.push(`${math.katex} maths`);
    if (expect.figures !== undefined) {
      const f = await figuresShown(page);
      const shown = f.imgs + f.explorers;
      if (shown !== expect.figures) problems.push(`${shown} figures on the page, the notebook has ${expect.figures}`);
      if (f.broken.length) problems.push(`${f.broken.length} figures do not load: ${f.broken.slice(0, 2).join(", ")}`);
      if (f.overflow) problems.push(`${f.overflow} figures wider than the window`);
      if (f.live !== f.explorers) problems.push(`${f.explorers - f.live} of ${f.explorers} explorers without sliders (their scripts did not run)`);
      details.unshift(`${f.ok + f.explorers}/${expect.figures} figures shown${f.explorers ? ` (${f.live} explorers with sliders)` : ""}`);
    }
    const links = await linksOf(page);
    for (const l of links) {
      const u = new URL(l.abs);
      if (u.origin === base) internal.add(u.pathname);
      if (l.sameId === false) problems.push(`anchor ${l.href} has no target`);
    }
    if (expect.nav) {
      const side = links.filter((l) => l.inSidebar && /^\d\d-.*\.html$/.test(l.href)).map((l) => l.href);
      const order = manifest.pages.map((p) => p.href);
      if (side.join() !== order.join()) problems.push(`sidebar lists ${side.join(", ")}, want ${order.join(", ")}`);
      const prev = links.find((l) => l.inPager && l.rel === "prev")?.href;
      const next = links.find((l) => l.inPager && l.rel === "next")?.href;
      if (prev !== expect.nav.prev) problems.push(`previous links to ${prev}, want ${expect.nav.prev}`);
      if (next !== expect.nav.next) problems.push(`next links to ${next}, want ${expect.nav.next}`);
      const nb = expect.nav.notebook;
      const gh = links.find((l) => l.cls.includes("nb-github"))?.href || "";
      const binder = links.find((l) => l.cls.includes("nb-binder"))?.href || "";
      const slides = links.find((l) => l.cls.includes("nb-slides"))?.href || "";
      if (!gh.startsWith(manifest.repo + "/blob/") || !gh.endsWith(`/notebooks/${nb}`)) problems.push(`GitHub link ${gh || "missing"}`);
      if (manifest.repo.startsWith("https://github.com/") && !binder.endsWith(`urlpath=lab/tree/notebooks/${nb}`)) problems.push(`Binder link ${binder || "missing"}`);
      if (slides !== expect.nav.slides) problems.push(`slides link ${slides || "missing"}, want ${expect.nav.slides}`);
      if (links.some((l) => l.href === "answers.html")) problems.push("links to the answer key (only the landing page may)");
      details.push(`nav ${prev || "-"} ← → ${next || "-"}`);
    }
    if (expect.home) {
      const listed = links.filter((l) => !l.inSidebar && !l.inPager && /^\d\d-.*\.html$/.test(l.href) && l.cls.includes("nb-title")).map((l) => l.href);
      if (listed.join() !== manifest.pages.map((p) => p.href).join()) problems.push(`lists ${listed.join(", ")}`);
      const teachers = await page.evaluate(() => {
        const h = document.getElementById("for-teachers");
        const list = h && h.nextElementSibling;
        return list ? [...list.querySelectorAll("a")].map((a) => a.getAttribute("href")) : null;
      });
      if (!teachers) problems.push("no For teachers section");
      if (manifest.answers && !(teachers || []).includes("answers.html")) problems.push("the answer key is not linked under For teachers");
      const run = await page.evaluate(() => document.querySelector("article").textContent.includes("make lab"));
      if (!run) problems.push("does not say how to run the course (make lab)");
      details.push(`${listed.length} notebooks listed${manifest.answers ? ", answer key linked" : ""}`);
    }
    await shoot(page, href.replace(/\.html$/, "").replace(/\//g, "-"));
  } catch (e) {
    problems.push(e.message.split("\n")[0]);
  }
  await page.close();
  return { problems, details };
}

// ---- An explorer: the slider exists (its script ran) and moving it changes the image.
async function checkExplorer(browser, url, label) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = watch(page);
  let detail = "";
  try {
    await page.goto(url, { waitUntil: "load" });
    await page.waitForFunction(() => {
      const all = document.querySelectorAll(".descent-explorer");
      return all.length && [...all].every((e) => e.hasAttribute("data-live"));
    }, null, { timeout: 10000 }).catch(() => problems.push("the explorer's script did not run (no data-live)"));
    const ex = page.locator(".descent-explorer").first();
    const slider = ex.locator('input[type="range"]').first();
    if (!(await slider.count())) throw new Error("no slider: the explorer's script did not build it");
    await ex.scrollIntoViewIfNeeded();
    const state = () => ex.evaluate((el) => ({ frame: el.getAttribute("data-frame"), src: el.querySelector("img.dx-frame")?.getAttribute("src") || "" }));
    const handle = await ex.elementHandle();
    const loaded = () => page.waitForFunction((el) => { const i = el.querySelector("img.dx-frame"); return i && i.complete && i.naturalWidth > 0; }, handle, { timeout: 5000 });
    await loaded();
    const before = await state();
    const pictureBefore = await ex.screenshot();
    const max = Number(await slider.getAttribute("max"));
    const key = Number(await slider.inputValue()) < max ? "ArrowRight" : "ArrowLeft";
    await slider.focus();
    let after = before;
    for (let i = 0; i < max && after.src === before.src; i++) {
      await page.keyboard.press(key);
      after = await state();
    }
    await loaded();
    const pictureAfter = await ex.screenshot();
    if (after.frame === before.frame) problems.push("the slider did not change the frame");
    if (after.src === before.src) problems.push("the slider did not change the image");
    if (Buffer.compare(pictureBefore, pictureAfter) === 0) problems.push("the picture on screen did not change");
    writeFileSync(join(shots, "explorer-before.png"), pictureBefore);
    writeFileSync(join(shots, "explorer-after.png"), pictureAfter);
    detail = `${label}: slider moved (${key}), frame ${before.frame} → ${after.frame}, image changed`;
  } catch (e) {
    problems.push(e.message.split("\n")[0]);
  }
  await page.close();
  return { problems, detail };
}

// A synthetic notebook with one explorer, in the form plots.Explorer writes (its script read from
// plots/explore.go), rendered by nbhtml.py into a temporary site served at /_check/.
function syntheticExplorerSite() {
  const go = readFileSync(join(root, "plots", "explore.go"), "utf8");
  const js = go.match(/const explorerJS = `([\s\S]*?)`/);
  if (!js) throw new Error("explorerJS not found in plots/explore.go");
  const dot = (x, c) => `<circle cx="${x}" cy="100" r="14" fill="${c}"/>`;
  const bg = `<svg xmlns="http://www.w3.org/2000/svg" width="300pt" height="200pt" viewBox="0 0 300 200">` +
    `<rect width="300" height="200" fill="#fff" stroke="#999"/><line x1="20" y1="100" x2="280" y2="100" stroke="#bbb"/>`;
  const frames = [dot(50, "#d55e00"), dot(150, "#0072b2"), dot(250, "#009e73")];
  const composite = bg + '<g class="dx-overlay">' + frames[0] + "</g></svg>";
  const data = { id: "dx1-check", params: [{ name: "x", labels: ["left", "middle", "right"], value: 0, play: false }],
    frames, index: [0, 1, 2], delay: 700 };
  const htmlOut = `<div class="descent-explorer" id="dx1-check" data-explorer="dx1-check">` +
    `<img class="dx-static" src="data:image/svg+xml;base64,${Buffer.from(composite).toString("base64")}" alt="check at x = left" style="max-width:100%;height:auto">` +
    `<div class="dx-note" style="font-size:90%;opacity:0.75">Interactive explorer: rerun this cell (or trust the notebook) to use the sliders.</div>` +
    `<script>(function(){"use strict";var D=${JSON.stringify(data).replace(/</g, "\\u003c")};${js[1]}})();</script></div>`;
  const nb = { nbformat: 4, nbformat_minor: 5, metadata: { language_info: { name: "go" } }, cells: [
    { cell_type: "markdown", id: "a", metadata: {}, source: ["# 99 · Explorer check\n\nA synthetic page with one explorer, $x \\in \\{\\text{left}, \\text{middle}, \\text{right}\\}$."] },
    { cell_type: "code", id: "b", metadata: {}, execution_count: 1, source: ["plots.ShowExplorer(e)"],
      outputs: [{ output_type: "display_data", metadata: {}, data: { "text/html": [htmlOut] } }] },
  ] };
  const dir = mkdtempSync(join(tmpdir(), "descent-site-check-"));
  mkdirSync(join(dir, "nb"));
  writeFileSync(join(dir, "nb", "99-explorer-check.ipynb"), JSON.stringify(nb));
  execFileSync(python, [join(root, "scripts", "nbhtml.py"), "--out", join(dir, "site"), join(dir, "nb", "99-explorer-check.ipynb")],
    { stdio: ["ignore", "pipe", "pipe"] });
  return dir;
}

// ---- Search: a word from the last notebook, typed on the first notebook's page.
async function checkSearch(browser) {
  const problems = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  problems.push(...watch(page));
  const watched = problems;
  let detail = "";
  try {
    const idx = readFileSync(join(site, "search-index.js"), "utf8");
    const data = JSON.parse(idx.slice(idx.indexOf("(") + 1, idx.lastIndexOf(")")));
    const first = data.pages[0], last = data.pages[data.pages.length - 1];
    const words = (p) => new Set(p.sections.flatMap((s) => `${s.t} ${s.x}`.toLowerCase().match(/[a-z]{6,}/g) || []));
    const seen = new Set(data.pages.slice(0, -1).flatMap((p) => [...words(p)]));
    const titles = last.sections.flatMap((s) => s.t.toLowerCase().match(/[a-z]{6,}/g) || []);
    const word = titles.find((w) => !seen.has(w)) || [...words(last)].find((w) => !seen.has(w)) || titles[0];
    await page.goto(`${base}/${first.href}`, { waitUntil: "load" });
    await page.locator("#search").click();
    await page.keyboard.type(word, { delay: 20 });
    const hit = page.locator(`#search-results a.hit[href^="${last.href}"]`).first();
    await hit.waitFor({ timeout: 5000 });
    const n = await page.locator("#search-results a.hit").count();
    await page.screenshot({ path: join(shots, "search.png") });
    await hit.click();
    await page.waitForURL((u) => u.pathname.endsWith("/" + last.href), { timeout: 5000 });
    detail = `"${word}" typed on ${first.href}: ${n} results, the first for ${last.href} leads there`;
  } catch (e) {
    watched.push(e.message.split("\n")[0]);
  }
  await page.close();
  return { problems: watched, detail };
}

// ---- Slides: every deck opens with its figures; one is stepped through with the keyboard.
async function checkDeck(browser, p, step) {
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  const problems = watch(page);
  let detail = "";
  try {
    await page.goto(`${base}/${p.slides}`, { waitUntil: "load" });
    await page.waitForFunction(() => window.Reveal && window.Reveal.isReady(), null, { timeout: 10000 });
    const info = await page.evaluate(async () => {
      const imgs = [...document.querySelectorAll(".reveal .descent-figure img")];
      let ok = 0;
      const wait = (img) => Promise.race([img.decode(), new Promise((_, no) => setTimeout(() => no(new Error("timeout")), 10000))]);
      for (const img of imgs) { try { await wait(img); if (img.naturalWidth) ok++; } catch {} }
      return { total: Reveal.getTotalSlides(), imgs: imgs.length, ok, explorers: document.querySelectorAll(".reveal .descent-explorer").length,
        math: document.querySelectorAll(".reveal .katex").length, errors: document.querySelectorAll(".reveal .katex-error").length };
    });
    const facts = notebookFacts(p.notebook);
    if (info.imgs + info.explorers !== facts.figures) problems.push(`${info.imgs + info.explorers} figures in the deck, the notebook has ${facts.figures}`);
    if (info.ok !== info.imgs) problems.push(`${info.imgs - info.ok} figures do not load`);
    if (facts.math && !info.math) problems.push("no typeset maths");
    if (info.errors) problems.push(`${info.errors} KaTeX errors`);
    if (info.total < 2) problems.push(`${info.total} slides`);
    detail = `${info.total} slides, ${info.ok + info.explorers}/${facts.figures} figures, ${info.math} maths`;
    if (step) {
      const name = p.slides.replace(/^slides\//, "").replace(/\.html$/, "");
      await page.screenshot({ path: join(shots, `${name}-1.png`) });
      const where = () => page.evaluate(() => { const i = Reveal.getIndices(); return `${i.h}.${i.v || 0}`; });
      const seen = [await where()];
      let figureShot = false, codeSize = 0, proseSize = 0;
      for (let k = 0; k < Math.min(info.total - 1, 60); k++) {
        await page.keyboard.press("ArrowRight");
        await page.waitForTimeout(60);
        const now = await where();
        if (now === seen[seen.length - 1]) { problems.push(`ArrowRight did not move past slide ${now}`); break; }
        seen.push(now);
        const s = await page.evaluate(() => {
          const cur = Reveal.getCurrentSlide(), scale = Reveal.getScale();
          const img = cur.querySelector(".descent-figure img");
          const code = cur.querySelector(".jp-InputArea pre"), prose = cur.querySelector(".jp-RenderedMarkdown p");
          const r = img && img.getBoundingClientRect();
          return { figure: !!img, inside: !r || (r.top >= 0 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1),
            code: code ? parseFloat(getComputedStyle(code).fontSize) * scale : 0,
            prose: prose ? parseFloat(getComputedStyle(prose).fontSize) * scale : 0 };
        });
        codeSize = codeSize || s.code;
        proseSize = proseSize || s.prose;
        if (s.figure && !figureShot) {
          figureShot = true;
          if (!s.inside) problems.push(`the figure on slide ${now} runs off the 1024x768 screen`);
          await page.screenshot({ path: join(shots, `${name}-figure.png`) });
        }
        if (k === 1) await page.screenshot({ path: join(shots, `${name}-3.png`) });
      }
      if (codeSize && codeSize < 13) problems.push(`code at ${codeSize.toFixed(1)} px on screen`);
      if (proseSize && proseSize < 20) problems.push(`prose at ${proseSize.toFixed(1)} px on screen`);
      detail += `; stepped with → through ${seen.length} slides (${seen.slice(0, 4).join(", ")}, …), each press moved; ` +
        `code ${codeSize.toFixed(0)} px, prose ${proseSize.toFixed(0)} px at 1024x768`;
    }
  } catch (e) {
    problems.push(e.message.split("\n")[0]);
  }
  await page.close();
  return { problems, detail };
}

// The whole run is bounded: a page that never settles fails the test instead of hanging it.
const watchdog = setTimeout(() => {
  console.log("site: FAIL the test ran past 5 minutes");
  console.log(`site: ${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}, 300000);
let browser, check;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim(),
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  console.log(`site: ${site} served at ${base}; screenshots in ${shots}`);

  const home = await checkPage(browser, "index.html", { home: true, math: true });
  report("index.html", home.problems, home.details.join(", "));
  for (const [i, p] of manifest.pages.entries()) {
    const facts = notebookFacts(p.notebook);
    if (facts.figures !== p.figures) {
      report(p.href, [`${p.notebook} has ${facts.figures} figures now and ${p.figures} when the site was built: run make html again`]);
      continue;
    }
    const r = await checkPage(browser, p.href, { figures: facts.figures, math: facts.math, nav: {
      prev: i ? manifest.pages[i - 1].href : "index.html", next: manifest.pages[i + 1]?.href,
      notebook: p.notebook.split("/").pop(), slides: p.slides } });
    report(p.href, r.problems, r.details.join(", "));
  }
  if (manifest.answers) {
    const r = await checkPage(browser, "answers.html", { math: false });
    report("answers.html", r.problems, r.details.join(", "));
  } else {
    console.log("site: --   answers.html not built (no build/answers/index.md: make answers writes it)");
  }

  // Every link inside the site resolves.
  const missing = [];
  for (const path of internal) {
    const res = await fetch(base + path);
    if (!res.ok) missing.push(`${path} (${res.status})`);
  }
  report("links", missing.map((m) => `broken link ${m}`), `${internal.size} distinct pages and files linked inside the site resolve`);

  const withExplorer = manifest.pages.find((p) => notebookFacts(p.notebook).explorers > 0);
  if (withExplorer) {
    const r = await checkExplorer(browser, `${base}/${withExplorer.href}`, withExplorer.href);
    report("explorer", r.problems, r.detail);
  } else {
    console.log("site: --   no notebook has an explorer yet: checking one on a synthetic notebook (explorer script from plots/explore.go) built by nbhtml.py");
    try {
      check = syntheticExplorerSite();
      roots["/_check/"] = join(check, "site");
      const r = await checkExplorer(browser, `${base}/_check/99-explorer-check.html`, "synthetic 99-explorer-check.html");
      report("explorer (synthetic)", r.problems, r.detail);
    } catch (e) {
      report("explorer (synthetic)", [e.message.split("\n")[0]]);
    }
  }

  const s = await checkSearch(browser);
  report("search", s.problems, s.detail);

  const stepped = manifest.pages.find((p) => notebookFacts(p.notebook).figures >= 3) || manifest.pages[0];
  for (const p of manifest.pages) {
    const r = await checkDeck(browser, p, p === stepped);
    report(p.slides, r.problems, r.detail);
  }
  const stray = notFound.filter((p) => !p.startsWith("/favicon"));
  if (stray.length) report("404s", [`the site asked for missing files: ${[...new Set(stray)].slice(0, 5).join(", ")}`]);
} catch (e) {
  report("run", [e.message.split("\n")[0]]);
} finally {
  if (browser) await browser.close();
  server.close();
  if (check) rmSync(check, { recursive: true, force: true });
}
clearTimeout(watchdog);
console.log(`site: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

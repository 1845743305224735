"""Builds the course website from the executed notebooks, offline, into build/site/.

    nbrun.py html                          what `make html` runs: every notebook, into build/site/
    nbhtml.py [--out DIR] [--repo URL] [--branch NAME] [NOTEBOOK ...]

What it writes:
  index.html             the landing page: what the course is, how to run it, the notebooks in
                         course order with a line each, and "For teachers" (slides, answer key)
  NN-topic.html          one page per notebook, as it ran: navigation in course order (sidebar,
                         previous/next), links to the notebook on GitHub, to Binder and to its slides
  slides/NN-topic.slides.html   the notebook as a reveal.js deck (nbconvert's SlidesExporter)
  answers.html           the teacher's answer key, if build/answers/index.md exists (make answers)
  search-index.js        the pages' text by section, for the search box (a JSON object in a
                         script, so that search works from file:// as well as over http)
  site.json              what was built (pages, their notebooks, figure counts): read by the test
  figures/, assets/      the figures as files (SVG where saved, else PNG); CSS, JavaScript, fonts,
                         KaTeX and reveal.js, copied from the npm packages pinned in scripts/site/

Nothing is loaded from the network when the site is built or read: KaTeX typesets the maths and
reveal.js runs the decks from assets/. The npm packages are installed with `npm ci` from
scripts/site/package-lock.json, by this script if they are missing.

Slide boundaries come from the notebooks' slideshow.slide_type metadata (chosen by scripts/slides.py,
which RISE in JupyterLab reads too); cells without it are cut by that script's rule.

The repository behind the GitHub and Binder links: --repo and --branch, or the environment
variables DESCENT_REPO and DESCENT_BRANCH (default https://github.com/descent-course/descent, main).
"""

import copy
import html
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from urllib.parse import urlparse

import jinja2
import nbformat
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter, SlidesExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

sys.path.insert(0, str(Path(__file__).parent))
from slides import mark as mark_slides  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SITE_SRC = ROOT / "scripts" / "site"
TEMPLATES = SITE_SRC / "templates"
MODULES = SITE_SRC / "node_modules"
ANSWERS = ROOT / "build" / "answers" / "index.md"
DEFAULT_REPO = "https://github.com/descent-course/descent"
COURSE = {"title": "Descent", "tagline": "gradient descent and its descendants, in Go"}
# The font subsets the site ships (the course writes English with Greek letters).
FONT_SUBSETS = ("latin", "latin-ext", "greek", "greek-ext")
FONTS = ("source-serif-4", "source-sans-3", "source-code-pro")
EXPLORER = 'class="descent-explorer"'


def title_and_blurb(nb):
    """The notebook's first heading, and the first sentence of its opening prose (markdown
    emphasis and links reduced to their text, maths kept for KaTeX)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = [l.strip() for l in cell.source.splitlines() if l.strip()]
            heading = next((l.lstrip("# ") for l in lines if l.startswith("#")), "")
            prose = " ".join(l for l in lines if not l.startswith("#"))
            prose = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", prose)  # links: their text
            sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", re.sub(r"[*`]", "", prose))
            return heading, sentences[0] if sentences else ""
    return "", ""


def plain(text):
    """Text with its maths as plain characters, for a page's description."""
    return re.sub(r"\\([a-zA-Z]+)", r"\1", text.replace("$", ""))


def figure_count(nb):
    """Figures a reader should see in a notebook (or one cell): saved images, and explorers."""
    n = 0
    for cell in getattr(nb, "cells", None) or [nb]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            n += "image/svg+xml" in data or "image/png" in data or EXPLORER in data.get("text/html", "")
    return n


def explorer_count(nb):
    return sum(EXPLORER in out.get("data", {}).get("text/html", "")
               for cell in nb.cells for out in cell.get("outputs", []))


class Links:
    """Where a notebook lives on GitHub and on Binder."""

    def __init__(self, repo, branch):
        self.repo, self.branch = repo.rstrip("/"), branch
        u = urlparse(self.repo)
        self.github = u.netloc == "github.com" and len(u.path.strip("/").split("/")) == 2
        self.name = u.path.strip("/") or self.repo

    def notebook(self, name):
        return f"{self.repo}/blob/{self.branch}/notebooks/{name}"

    def binder(self, name=None):
        if not self.github:
            return ""
        url = f"https://mybinder.org/v2/gh/{self.name}/{self.branch}"
        return url + (f"?urlpath=lab/tree/notebooks/{name}" if name else "")


# ---------------------------------------------------------------------------------------------
# Assets: copied from the pinned npm packages and from scripts/site/assets.

def ensure_modules():
    """The npm packages the site serves, installed from package-lock.json if missing."""
    need = [MODULES / "katex" / "dist", MODULES / "reveal.js" / "dist"] + \
           [MODULES / "@fontsource-variable" / f for f in FONTS]
    if all(p.is_dir() for p in need):
        return True
    if not shutil.which("npm"):
        print("html: the site needs KaTeX and reveal.js from npm, and npm is missing: "
              "install Node.js 20+ and npm (apt-get install nodejs npm)", file=sys.stderr)
        return False
    print("html: installing the site's npm packages (npm ci in scripts/site)")
    r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=SITE_SRC,
                       capture_output=True, text=True)
    if r.returncode != 0 or not all(p.is_dir() for p in need):
        print("html: npm ci in scripts/site failed:\n" + (r.stdout + r.stderr)[-2000:], file=sys.stderr)
        return False
    return True


def copy_assets(dest):
    def put(src, rel):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest / rel)

    katex = MODULES / "katex" / "dist"
    for rel in ("katex.min.js", "katex.min.css", "contrib/auto-render.min.js"):
        put(katex / rel, f"katex/{rel}")
    for font in (katex / "fonts").glob("*.woff2"):  # the CSS lists woff2 first: every browser stops there
        put(font, f"katex/fonts/{font.name}")
    reveal = MODULES / "reveal.js" / "dist"
    for rel in ("reveal.js", "reveal.css", "theme/white.css", "plugin/notes.js"):
        put(reveal / rel, f"reveal/{rel}")
    faces = []
    for family in FONTS:
        pkg = MODULES / "@fontsource-variable" / family
        sheets = ["wght.css"] + (["wght-italic.css"] if family == "source-serif-4" else [])
        for sheet in sheets:
            for block in re.findall(r"/\* ([\w-]+) \*/\s*(@font-face\s*\{.*?\})", (pkg / sheet).read_text(), re.S):
                name, face = block
                subset = name[len(family) + 1:].rsplit("-wght-", 1)[0]
                if subset not in FONT_SUBSETS:
                    continue
                for f in re.findall(r"url\(\./files/([^)]+)\)", face):
                    put(pkg / "files" / f, f"fonts/{f}")
                faces.append(face.replace("url(./files/", "url(fonts/"))
    (dest / "fonts.css").write_text(
        "/* Source Serif 4, Source Sans 3 and Source Code Pro (SIL Open Font License), from "
        "@fontsource-variable. */\n" + "\n".join(faces) + "\n", encoding="utf-8")
    for f in (SITE_SRC / "assets").iterdir():
        put(f, f.name)
    from pygments.formatters import HtmlFormatter
    (dest / "pygments.css").write_text(HtmlFormatter(style="default").get_style_defs(".highlight"),
                                       encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Notebooks.

def image_size(data, mime):
    """The figure's size in CSS pixels, from the SVG's width and height or the PNG's header."""
    if mime == "image/svg+xml":
        m = re.search(r"<svg\b[^>]*>", data)
        if not m:
            return None
        tag = m.group(0)
        w, h = (re.search(rf'\b{a}="([\d.]+)(pt|px)?"', tag) for a in ("width", "height"))
        if not (w and h):
            return None
        scale = 4 / 3 if w.group(2) == "pt" else 1
        return round(float(w.group(1)) * scale), round(float(h.group(1)) * scale)
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return struct.unpack(">II", data[16:24])
    return None


def figure_title(svg):
    """A gonum/plot figure's title: its topmost unrotated text."""
    best = None
    for m in re.finditer(r'<text x="[-\d.]+" y="(-[\d.]+)" transform="scale\(1, -1\)"[^>]*>([^<]+)</text>', svg):
        y = float(m.group(1))
        if best is None or y < best[0]:
            best = (y, html.unescape(m.group(2)).strip())
    return best[1] if best else ""


def extract_figures(nb, stem, site, title):
    """Writes each saved figure to figures/STEM/, keeps only the format shown (SVG over PNG) in
    the output, and records its address, size and alternative text for the template."""
    import base64
    k = 0
    for ci, cell in enumerate(nb.cells):
        for oi, out in enumerate(cell.get("outputs", [])):
            data = out.get("data", {})
            mime = next((m for m in ("image/svg+xml", "image/png") if m in data), None)
            if mime is None:
                continue
            k += 1
            ext = "svg" if mime == "image/svg+xml" else "png"
            raw = data[mime].encode("utf-8") if ext == "svg" else base64.b64decode(data[mime])
            rel = f"figures/{stem}/c{ci:02d}-{oi}.{ext}"
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_bytes(raw)
            size = image_size(data[mime] if ext == "svg" else raw, mime)
            name = figure_title(data[mime]) if ext == "svg" else ""
            alt = f"Figure {k} of {title}" + (f": {name}" if name else "")
            for other in ("image/svg+xml", "image/png", "image/jpeg"):
                if other != mime:
                    data.pop(other, None)
            out.setdefault("metadata", {})["descent_figure"] = {
                "src": rel, "mime": mime, "alt": alt,
                "width": size[0] if size else None, "height": size[1] if size else None}


def prepare(nb):
    """A copy of the notebook for nbconvert: consecutive stream outputs joined into one block
    (GoNB sends a printed line as its own output), Go highlighting where the kernel names no lexer."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        merged = []
        for out in cell.get("outputs", []):
            prev = merged[-1] if merged else None
            if (out.output_type == "stream" and prev is not None and prev.output_type == "stream"
                    and prev.name == out.name):
                prev.text += out.text
            else:
                merged.append(out)
        if "outputs" in cell:
            cell.outputs = merged
    info = nb.metadata.setdefault("language_info", {})
    if not info.get("pygments_lexer"):
        info["pygments_lexer"] = "go" if info.get("name", "go") == "go" else info.get("name")
    return nb


def slug(text, used):
    """A short ASCII id for a heading: "2 · The stability limit: $\\eta < 2/\\lambda$" becomes
    "2-the-stability-limit-eta-2-lambda" (nbconvert's own ids keep the LaTeX, percent-encoded)."""
    t = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("¶", "")
    t = re.sub(r"\\([a-zA-Z]+)", r" \1 ", t)
    t = unicodedata.normalize("NFKD", t).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-")[:64].rstrip("-") or "section"
    k, out = 1, s
    while out in used:
        k += 1
        out = f"{s}-{k}"
    used.add(out)
    return out


def tidy_links(body):
    """Gives headings short ids (and their anchor links with them), and points links between
    notebooks (NN-topic.ipynb) at their pages."""
    used, renamed = set(), {}

    def heading(m):
        new = slug(m.group(4), used)
        renamed[m.group(2)] = new
        return f'{m.group(1)}{new}{m.group(3)}{m.group(4)}'

    body = re.sub(r'(<h[1-6] id=")([^"]*)(">)(.*?)(?=</h[1-6]>)', heading, body, flags=re.S)
    body = re.sub(r'href="#([^"]*)"', lambda m: f'href="#{renamed.get(m.group(1), m.group(1))}"', body)
    return re.sub(r'href="(?:\./)?(\d\d-[\w-]+)\.ipynb(#[^"]*)?"', lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', body)


def sections_and_text(body):
    """The page's second-level headings (for the sidebar) and its text by section (for search):
    the prose of markdown cells and the code of code cells, not the outputs."""
    body = re.sub(r"<script\b.*?</script>", "", body, flags=re.S)  # explorers' frames: not text
    body = re.sub(r'src="data:[^"]*"', 'src=""', body)
    soup = BeautifulSoup(body, "html.parser")
    sections, records = [], [{"id": "", "t": "", "x": []}]
    for cell in soup.select("div.jp-Cell"):
        if "jp-MarkdownCell" in cell.get("class", []):
            md = cell.select_one(".jp-RenderedMarkdown")
            for el in (md.children if md else []):
                if getattr(el, "name", None) is None:
                    continue
                if re.fullmatch(r"h[1-4]", el.name) and el.get("id"):
                    for a in el.select("a.anchor-link"):
                        a.extract()
                    text = el.get_text(" ", strip=True)
                    records.append({"id": el["id"], "t": text, "x": []})
                    if el.name == "h2":
                        sections.append({"id": el["id"], "title": text})
                else:
                    records[-1]["x"].append(el.get_text(" ", strip=True))
        else:
            code = cell.select_one(".jp-InputArea")
            if code:
                records[-1]["x"].append(code.get_text(" ", strip=True))
    out = []
    for r in records:
        text = re.sub(r"\s+", " ", " ".join(r["x"])).strip()
        if r["t"] or text:
            out.append({"id": r["id"], "t": r["t"], "x": text})
    return sections, out


def exporters():
    common = dict(extra_template_basedirs=[str(TEMPLATES)], extra_template_paths=[str(TEMPLATES)],
                  exclude_input_prompt=True,
                  exclude_output_prompt=True)
    page = HTMLExporter(template_name="descent-page", **common)
    slides = SlidesExporter(template_name="descent-slides", reveal_url_prefix="../assets/reveal",
                            **common)
    return page, slides


def git_commit():
    try:
        r = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                           text=True, timeout=10)
        return r.stdout.strip() if r.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        return ""


def kb(n):
    return f"{n / 1024:.0f} KB" if n < 1 << 20 else f"{n / (1 << 20):.1f} MB"


def render(paths, site, repo=None, branch=None):
    start = time.monotonic()
    paths = [Path(p) for p in paths]
    if not paths:
        print("html: no notebooks to render", file=sys.stderr)
        return 1
    if not ensure_modules():
        return 1
    links = Links(repo or os.environ.get("DESCENT_REPO") or DEFAULT_REPO,
                  branch or os.environ.get("DESCENT_BRANCH") or "main")
    site = Path(site)
    if site.exists():
        if any(site.iterdir()) and not (site / "site.json").exists():
            print(f"html: {site} holds files that are not a site built here: not replacing it", file=sys.stderr)
            return 1
        shutil.rmtree(site)
    (site / "slides").mkdir(parents=True)
    copy_assets(site / "assets")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             keep_trailing_newline=True)
    shell = env.get_template("page.html.j2")
    commit = git_commit()
    course = dict(COURSE, repo=links.repo, repo_name=links.name,
                  built=f"commit {commit}" if commit else "")
    page_exporter, slides_exporter = exporters()

    pages = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        title, blurb = title_and_blurb(nb)
        m = re.match(r"(\d+)\s*·\s*(.+)", title)
        num = m.group(1) if m else path.stem.split("-")[0]
        pages.append({"path": path, "nb": nb, "stem": path.stem, "href": f"{path.stem}.html",
                      "title": title or path.stem, "short": m.group(2) if m else (title or path.stem),
                      "num": num, "blurb": blurb})

    index, manifest = [], []
    for i, p in enumerate(pages):
        nb = prepare(p["nb"])
        extract_figures(nb, p["stem"], site, p["title"])
        body, _ = page_exporter.from_notebook_node(nb, resources={"metadata": {"name": p["stem"]}})
        body = tidy_links(body)
        sections, records = sections_and_text(body)
        name = p["path"].name
        page = {"kind": "notebook", "title": p["title"], "href": p["href"], "blurb": plain(p["blurb"]),
                "sections": sections, "github": links.notebook(name), "binder": links.binder(name),
                "slides": f"slides/{p['stem']}.slides.html"}
        out = shell.render(course=course, page=page, pages=pages, body=jinja2.utils.markupsafe.Markup(body),
                           prev=pages[i - 1] if i else None, next=pages[i + 1] if i + 1 < len(pages) else None)
        (site / p["href"]).write_text(out, encoding="utf-8")
        index.append({"href": p["href"], "title": p["title"], "sections": records})

        deck = copy.deepcopy(nb)
        for cell in deck.cells:
            for o in cell.get("outputs", []):
                f = o.get("metadata", {}).get("descent_figure")
                if f:
                    f["src"] = "../" + f["src"]
        _, unmarked = mark_slides(deck)  # the notebook's own cuts; the rule for unmarked cells
        how = "from the notebook's metadata" if not unmarked else f"from the metadata, {unmarked} cells by rule"
        slides, _ = slides_exporter.from_notebook_node(deck, resources={
            "metadata": {"name": p["stem"]},
            "descent": {"title": p["title"], "course": COURSE["title"], "page": p["href"]}})
        slides = tidy_links(slides).replace('href="0', 'href="../0')
        (site / page["slides"]).write_text(slides, encoding="utf-8")
        n_slides = slides.count("<section")
        figs, expl = figure_count(p["nb"]), explorer_count(p["nb"])
        try:
            source = str(p["path"].resolve().relative_to(ROOT))
        except ValueError:
            source = str(p["path"].resolve())
        manifest.append({"href": p["href"], "title": p["title"], "notebook": source,
                         "slides": page["slides"], "figures": figs, "explorers": expl,
                         "github": page["github"], "binder": page["binder"]})
        print(f"html: {site / p['href']} ({kb(len(out))}, {figs} figures, {expl} explorers); "
              f"slides: {n_slides} sections, cut {how}")

    # The landing page.
    landing = (SITE_SRC / "landing.md").read_text(encoding="utf-8").replace("{repo}", links.repo)
    binder = (f"\nOr run it in the browser on [Binder]({links.binder('00-welcome.ipynb')}), where "
              "the first start builds the course's image and takes a few minutes.\n") if links.github else ""
    body = tidy_links(markdown2html_mistune(landing.replace("{binder}", binder)))
    items = []
    for p, m in zip(pages, manifest):
        extra = [f'<a href="{m["slides"]}">slides</a>', f'<a href="{html.escape(m["github"])}">notebook</a>']
        if m["binder"]:
            extra.append(f'<a href="{html.escape(m["binder"])}">Binder</a>')
        items.append(f'<li><a class="nb-title" href="{p["href"]}"><span class="num">{p["num"]}</span>'
                     f'{html.escape(p["short"])}</a><p class="blurb">{html.escape(p["blurb"])}</p>'
                     f'<p class="more">{" · ".join(extra)}</p></li>')
    body += f'<h2 id="the-notebooks">The notebooks</h2>\n<ol class="course">{"".join(items)}</ol>\n'
    teachers = ['<li><strong>Slides.</strong> Each notebook is also a slide deck for a projector '
                '(1024×768): open one from its page, or from the list above. → and ← step through '
                'the slides, F goes full screen, Esc shows an overview, S opens the speaker view.</li>']
    if ANSWERS.exists():
        teachers.append('<li><a href="answers.html"><strong>The answer key</strong></a>: every '
                        "exercise's command as students type it, its measured output, and the "
                        "explanation.</li>")
    body += f'<h2 id="for-teachers">For teachers</h2>\n<ul class="teachers">{"".join(teachers)}</ul>\n'
    home = {"kind": "home", "title": COURSE["title"], "href": "index.html", "blurb": COURSE["tagline"]}
    (site / "index.html").write_text(shell.render(course=course, page=home, pages=pages,
                                                  body=jinja2.utils.markupsafe.Markup(body)), encoding="utf-8")
    print(f"html: {site / 'index.html'}")

    answers = ANSWERS.exists()
    if answers:
        body = tidy_links(markdown2html_mistune(ANSWERS.read_text(encoding="utf-8")))
        sections, _ = sections_and_text(f'<div class="jp-Cell jp-MarkdownCell"><div class="jp-RenderedMarkdown">{body}</div></div>')
        page = {"kind": "answers", "title": "The answer key", "href": "answers.html",
                "blurb": "The teacher's answer key", "sections": sections}
        (site / "answers.html").write_text(shell.render(course=course, page=page, pages=pages,
                                                        body=jinja2.utils.markupsafe.Markup(body)), encoding="utf-8")
        print(f"html: {site / 'answers.html'} (the answer key, linked from the landing page only)")

    # The search index: JSON, wrapped in a call so that it loads with a <script> (from file:// too).
    (site / "search-index.js").write_text(
        "descentSearch(" + json.dumps({"pages": index}, ensure_ascii=False, separators=(",", ":")) + ");\n",
        encoding="utf-8")
    (site / "site.json").write_text(json.dumps({"course": COURSE["title"], "repo": links.repo,
                                                "pages": manifest, "answers": answers}, indent=1),
                                    encoding="utf-8")
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    files = sum(1 for f in site.rglob("*") if f.is_file())
    print(f"html: {len(pages)} notebook pages and decks in {site}/ ({kb(size)} in {files} files) "
          f"in {time.monotonic() - start:.1f} s")
    print(f"html: open {site / 'index.html'}; the slide decks are in {site / 'slides'}/ "
          "(→ steps, F full screen, S speaker view)")
    return 0


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(ROOT / "build" / "site"))
    ap.add_argument("--repo", help=f"the repository for GitHub and Binder links (default {DEFAULT_REPO})")
    ap.add_argument("--branch", help="its branch (default main)")
    ap.add_argument("notebooks", nargs="*")
    a = ap.parse_args(argv[1:])
    paths = a.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    return render(paths, a.out, a.repo, a.branch)


if __name__ == "__main__":
    sys.exit(main(sys.argv))

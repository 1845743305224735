"""Renders the executed notebooks into a static site: an index in course order and one page each."""

import html
import re
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

STYLE = """<style>
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 3rem auto; padding: 0 1rem;
       line-height: 1.5; color: #222; }
li { margin: .6rem 0; } a { color: #0072b2; } .blurb { color: #555; }
</style>"""


def title_and_blurb(nb):
    """The notebook's first heading, and the first sentence of its opening prose that reads as
    plain text (markdown emphasis and $ signs dropped; sentences with LaTeX commands skipped)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = [l.strip() for l in cell.source.splitlines() if l.strip()]
            heading = next((l.lstrip("# ") for l in lines if l.startswith("#")), "")
            prose = " ".join(l for l in lines if not l.startswith("#"))
            sentences = re.split(r"(?<=[.!?])\s", re.sub(r"[*`$]", "", prose))
            return heading, next((x for x in sentences if "\\" not in x), "")
    return "", ""


def render(paths, site):
    site.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter()
    items = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        body, _ = exporter.from_notebook_node(nb)
        page = path.with_suffix(".html").name
        (site / page).write_text(body, encoding="utf-8")
        title, blurb = title_and_blurb(nb)
        items.append(f'<li><a href="{page}">{html.escape(title or path.stem)}</a>'
                     f'<div class="blurb">{html.escape(blurb)}</div></li>')
        print(f"html: {site / page} ({len(body) // 1024} KB)")
    index = (f"<!doctype html><html><head><meta charset='utf-8'><title>Descent</title>{STYLE}</head><body>"
             "<h1>Descent: gradient descent and its descendants, in Go</h1>"
             "<p>A course in executable notebooks. Each page below is a notebook as it ran, "
             "with its figures; open the notebooks in JupyterLab with the GoNB kernel to rerun them.</p>"
             f"<ol>{''.join(items)}</ol></body></html>")
    (site / "index.html").write_text(index, encoding="utf-8")
    print(f"html: {site / 'index.html'}")
    return 0

// The course site's script: typesets the maths with KaTeX (served from assets/katex), runs the
// search box over search-index.js (written by nbhtml.py), and opens the contents on small screens.
// Explorers in the notebooks' outputs carry their own scripts, which run as the page loads.
(function () {
  "use strict";

  var MATH = [
    { left: "$$", right: "$$", display: true },
    { left: "\\[", right: "\\]", display: true },
    { left: "$", right: "$", display: false },
    { left: "\\(", right: "\\)", display: false },
  ];

  function typeset() {
    if (window.renderMathInElement) {
      document.querySelectorAll("article .jp-RenderedMarkdown, article.home, article.answers, .sidebar .sections").forEach(function (el) {
        window.renderMathInElement(el, { delimiters: MATH, throwOnError: false });
      });
    }
    document.documentElement.setAttribute("data-math", window.renderMathInElement ? "typeset" : "unavailable");
  }

  // Search: every section of every page (headings, prose, code), loaded the first time the box
  // is used. A section matches when it holds every word of the query; titles weigh more.
  var input = document.getElementById("search");
  var box = document.getElementById("search-results");
  var index = null, waiting = [];

  window.descentSearch = function (data) {
    index = [];
    data.pages.forEach(function (p) {
      p.sections.forEach(function (s) {
        index.push({ href: p.href + (s.id ? "#" + s.id : ""), page: p.title, title: s.t, text: s.x,
                     t: fold(s.t), x: fold(s.x) });
      });
    });
    waiting.splice(0).forEach(function (f) { f(); });
  };

  function load(then) {
    if (index) return then();
    waiting.push(then);
    if (document.getElementById("search-index")) return;
    var s = document.createElement("script");
    s.id = "search-index";
    s.src = "search-index.js";
    document.head.appendChild(s);
  }

  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function escape(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  function snippet(r, words) {
    var at = -1;
    for (var i = 0; i < words.length && at < 0; i++) at = r.x.indexOf(words[i]);
    var from = Math.max(0, at - 70), s = r.text.slice(from, from + 180).replace(/\$/g, "");
    s = (from > 0 ? "…" : "") + s + (from + 180 < r.text.length ? "…" : "");
    var out = escape(s);
    words.forEach(function (w) {
      out = out.replace(new RegExp("(" + w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")", "gi"), "<mark>$1</mark>");
    });
    return out;
  }

  function search(q) {
    var words = fold(q).split(/\s+/).filter(function (w) { return w.length > 1; });
    if (!words.length) return [];
    var hits = [];
    index.forEach(function (r, i) {
      var score = 0;
      for (var j = 0; j < words.length; j++) {
        var inTitle = r.t.indexOf(words[j]) >= 0, inText = r.x.indexOf(words[j]) >= 0;
        if (!inTitle && !inText) return;
        score += (inTitle ? 10 : 0) + (inText ? Math.min(5, r.x.split(words[j]).length - 1) : 0);
      }
      hits.push({ r: r, score: score, i: i });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    return hits.slice(0, 12).map(function (h) { return { r: h.r, words: words }; });
  }

  function show() {
    var q = input.value.trim();
    if (q.length < 2) { box.hidden = true; return; }
    load(function () {
      var hits = search(q);
      box.innerHTML = hits.length
        ? hits.map(function (h) {
            return '<a class="hit" href="' + h.r.href + '"><span class="where">' + escape(h.r.page) +
              (h.r.title && h.r.title !== h.r.page ? " › " + escape(h.r.title) : "") +
              '</span><span class="snip">' + snippet(h.r, h.words) + "</span></a>";
          }).join("")
        : '<p class="none">Nothing in the course matches “' + escape(q) + "”.</p>";
      box.hidden = false;
      if (window.renderMathInElement) {
        box.querySelectorAll(".where").forEach(function (el) {
          window.renderMathInElement(el, { delimiters: MATH, throwOnError: false });
        });
      }
    });
  }

  if (input && box) {
    input.addEventListener("input", show);
    input.addEventListener("focus", function () { load(function () {}); if (input.value.trim()) show(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { box.hidden = true; input.blur(); }
      if (e.key === "Enter") { var a = box.querySelector("a.hit"); if (a) location.href = a.href; }
      if (e.key === "ArrowDown") { var f = box.querySelector("a.hit"); if (f) { e.preventDefault(); f.focus(); } }
    });
    box.addEventListener("keydown", function (e) {
      var a = document.activeElement;
      if (e.key === "ArrowDown" && a.nextElementSibling) { e.preventDefault(); a.nextElementSibling.focus(); }
      if (e.key === "ArrowUp") { e.preventDefault(); (a.previousElementSibling || input).focus(); }
      if (e.key === "Escape") { box.hidden = true; input.focus(); }
    });
    document.addEventListener("click", function (e) { if (!e.target.closest(".search")) box.hidden = true; });
    document.addEventListener("keydown", function (e) {
      if (e.key === "/" && document.activeElement === document.body) { e.preventDefault(); input.focus(); }
    });
  }

  var menu = document.querySelector(".topbar .menu");
  if (menu) {
    menu.addEventListener("click", function () {
      var open = document.body.classList.toggle("nav-open");
      menu.setAttribute("aria-expanded", String(open));
    });
  }

  typeset();
})();

// A notebook's slide deck: typesets the maths with KaTeX, then starts reveal.js for a
// 1024x768 projector. → and ← (or space) step through every slide and sub-slide in order.
// A slide taller than the screen is fitted when shown: its code box shrinks first (it scrolls),
// then long text outputs, then its figures, each down to a floor; what still does not fit scrolls.
// A code box that scrolls is shown from the first line after the cell's imports.
(function () {
  "use strict";
  var slides = document.querySelector(".reveal .slides");
  if (window.renderMathInElement && slides) {
    window.renderMathInElement(slides, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "\\[", right: "\\]", display: true },
        { left: "$", right: "$", display: false },
        { left: "\\(", right: "\\)", display: false },
      ],
      throwOnError: false,
    });
    document.documentElement.setAttribute("data-math", "typeset");
  }

  var SHRINK = [
    [".jp-CodeCell .highlight pre", 150],
    [".jp-RenderedText pre", 90],
    [".descent-figure img, .descent-explorer img.dx-static", 250],
  ];
  // A code box that scrolls starts below the cell's imports, at the code the slide is about.
  function skipImports(slide) {
    slide.querySelectorAll(".jp-CodeCell .highlight pre").forEach(function (pre) {
      if (pre.scrollHeight <= pre.clientHeight) return;
      var lines = pre.textContent.split("\n"), i = 0;
      while (i < lines.length && /^(import\b|\s*"[^"]*"\s*$|\s*\w+\s+"[^"]*"\s*$|\)\s*$|\s*$|\s*\/\/)/.test(lines[i])) i++;
      if (i > 0 && i < lines.length) pre.scrollTop = Math.round(i * pre.scrollHeight / lines.length);
    });
  }

  function fit(slide) {
    if (!slide || slide.hasAttribute("data-fitted")) return;
    slide.setAttribute("data-fitted", "");
    fitHeights(slide);
    skipImports(slide);
  }

  function fitHeights(slide) {
    for (var k = 0; k < SHRINK.length * 2; k++) {
      var over = slide.scrollHeight - slide.clientHeight;
      if (over <= 0) return;
      var stage = SHRINK[k % SHRINK.length];
      var els = [].slice.call(slide.querySelectorAll(stage[0])).filter(function (el) { return el.offsetHeight > stage[1]; });
      els.forEach(function (el) {
        var h = el.offsetHeight, floor = stage[1];
        if (h <= floor) return;
        var cut = Math.min(h - floor, Math.ceil(over / els.length));
        el.style.maxHeight = h - cut + "px";
        if (el.tagName === "IMG") el.style.width = "auto";
      });
    }
  }

  Reveal.initialize({
    width: 1024,
    height: 768,
    margin: 0.03,
    center: false,
    hash: true,
    controls: true,
    progress: true,
    slideNumber: "c/t",
    navigationMode: "linear",
    transition: "none",
    plugins: window.RevealNotes ? [window.RevealNotes] : [],
  }).then(function () {
    fit(Reveal.getCurrentSlide());
    document.documentElement.setAttribute("data-deck", "ready");
  });
  Reveal.on("slidechanged", function (e) { fit(e.currentSlide); });
})();

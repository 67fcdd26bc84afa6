"""What the browser gets besides Streamlit's elements: our CSS, Norwegian for Streamlit's own texts,
and a scroll to a section a search hit points at.

Streamlit 1.67 has no setting for the language of its built-in texts ("Select all", "Drag and drop
file here", "50MB per file", "Press Enter to apply", "Running..."), so a small script translates
them in the page as they appear (a MutationObserver over text nodes and the placeholder,
aria-label and title attributes). Only our own constants go into the HTML and the script; no text
from a user or a file ever does.
"""

from __future__ import annotations

import json

import streamlit as st

from kompetanse.charts.style import BAR_COLOUR, LABEL_COLOUR
from kompetanse.i18n import html_lang

# Below NARROW_PX the table beside a chart goes under it (a 1280 or 1366 px screen with the sidebar
# open leaves the table two columns wide).
NARROW_PX = 1500
FOCUS_OUTLINE = BAR_COLOUR  # the theme's primary colour, 5.2:1 on white
CAPTION_COLOUR = LABEL_COLOUR  # the charts' axis labels have the same grey

CSS = f"""
<style>
/* WCAG 1.4.3: Streamlit draws captions (our footnotes) in the text colour at opacity 0.6, #828180 on
   white, 3.9:1; text needs 4.5:1. The theme has no setting for it, so the caption container alone is
   drawn opaque in a grey that still reads as secondary (#5C5D66, 6.5:1). */
[data-testid="stCaptionContainer"] {{ color: {CAPTION_COLOUR}; opacity: 1; }}
/* WCAG 1.4.10: a chart wider than the window (Sammenlign's small multiples are 300 px a panel) scrolls
   inside itself rather than the page sideways; a chart is the two-dimensional content the criterion
   exempts, and its table and description reflow. */
[data-testid="stVegaLiteChart"] {{ max-width: 100%; overflow-x: auto; }}
/* Such a chart is then a tab stop (the script below); its focus is drawn like a button's. */
[data-testid="stVegaLiteChart"]:focus-visible {{ outline: 2px solid {FOCUS_OUTLINE}; outline-offset: 2px; }}
/* Less empty space above the page title. */
[data-testid="stMainBlockContainer"] {{ padding-top: 3rem; }}
/* Search hits and other links in the sidebar wrap instead of being cut off. */
[data-testid="stSidebar"] [data-testid="stPageLink"] p,
[data-testid="stSidebar"] [data-testid="stPageLink"] .stMarkdownEllipsis,
[data-testid="stSidebar"] [data-testid="stPageLink"] span {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}}
[data-testid="stSidebar"] [data-testid="stPageLink"] a {{ height: auto !important; }}
/* On smaller screens the table beside a chart goes under it. */
@media (max-width: {NARROW_PX}px) {{
  [class*="st-key-beside-"] [data-testid="stHorizontalBlock"] {{ flex-direction: column !important; }}
  [class*="st-key-beside-"] [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {{
    width: 100% !important; flex: 1 1 100% !important; max-width: 100% !important;
  }}
}}
</style>
"""

# Streamlit's fixed English texts as they appear in the page, and what a Norwegian user reads instead.
TEXTS = {
    "Drag and drop file here": "Dra og slipp en fil her",
    "Drag and drop a file here": "Dra og slipp en fil her",
    "Drag and drop files here": "Dra og slipp filer her",
    "Browse files": "Velg fil",
    "Upload": "Last opp",
    "file upload": "Last opp fil",  # the uploader's hidden file field, named for screen readers
    "Add files": "Legg til filer",
    "Remove file": "Fjern filen",
    "Select all": "Velg alle",
    "Choose an option": "Velg",
    "Choose options": "Velg",
    "Choose or add an option": "Velg eller legg til",
    "Add options": "Legg til",
    "Select...": "Velg …",
    "No results": "Ingen treff",
    "Clear all": "Fjern alle",
    "Clear value": "Fjern valget",
    "Clear entry": "Tøm feltet",
    "Show password": "Vis passord",
    "Hide password": "Skjul passord",
    "Increment": "Øk",
    "Decrement": "Reduser",
    "Download as CSV": "Last ned som CSV",
    "Download": "Last ned",
    "Search": "Søk",
    "Fullscreen": "Fullskjerm",
    "Close fullscreen": "Lukk fullskjerm",
    "Exit fullscreen": "Lukk fullskjerm",
    "Show/hide columns": "Vis eller skjul kolonner",
    "Running...": "Arbeider …",
    "Stop": "Stopp",
    "Rerun": "Kjør på nytt",
    "Always rerun": "Kjør alltid på nytt",
    "Connecting": "Kobler til",
    "Please wait...": "Vent litt …",
    "Settings": "Innstillinger",
    "Print": "Skriv ut",
    "About": "Om",
    "Clear cache": "Tøm hurtigbufferen",
    "Record a screencast": "Ta opp skjermen",
    "Main menu": "Hovedmeny",
    "Close": "Lukk",
    "Close sidebar": "Lukk sidepanelet",
    "Open sidebar": "Åpne sidepanelet",
    "Collapse sidebar": "Lukk sidepanelet",
    "Expand sidebar": "Åpne sidepanelet",
    "View less": "Vis færre",
    "Copy to clipboard": "Kopier",
    "Wide mode": "Bred visning",
    "Choose app theme, colors and fonts": "Velg tema, farger og skrift",
    "Skip to main content": "Gå til hovedinnholdet",
    "Record screen": "Ta opp skjermen",
    "Sidebar": "Sidepanel",
    "App pages": "Sider",
    "Open": "Åpne",
    "Link to heading": "Lenke til overskriften",
    "Show data": "Vis tallene",
    "Hide data": "Skjul tallene",
    "Download as PNG": "Last ned som PNG",
    "Copy Vega-Lite spec": "Kopier Vega-Lite-spesifikasjonen",
    "Copied": "Kopiert",
    "Copy version to clipboard": "Kopier versjonsnummeret",
    "Made with Streamlit v": "Laget med Streamlit v",  # React writes the version as a text node of its own
}
PATTERNS = [
    (r"^Select (\d+) matches$", "Velg $1 treff"),
    (r"^(\d+(?:\.\d+)?)\s?(KB|MB|GB) per file$", "Høyst $1 $2 per fil"),
    (r"^Limit (\d+(?:\.\d+)?)\s?(KB|MB|GB) per file$", "Høyst $1 $2 per fil"),
    (r"^Press (.+) to apply$", "Trykk $1 for å bruke"),
    (r"^Press (.+) to submit form$", "Trykk $1 for å sende skjemaet"),
    (r"^View (\d+) more$", "Vis $1 til"),
    (r"^Remove (.+)$", "Fjern $1"),
    (r"^Help for (.+)$", "Hjelp for $1"),
    (r"^Made with Streamlit (v[\d.]+)$", "Laget med Streamlit $1"),
]

_SCRIPT = """
<script>
(() => {
  document.documentElement.lang = "%(lang)s";  // WCAG 3.1.1; again whenever the målform changes
  if (window.__kompetanseNorsk) return;
  window.__kompetanseNorsk = true;
  const texts = %(texts)s;
  const patterns = %(patterns)s.map(([source, target]) => [new RegExp(source), target]);
  const attributes = ["placeholder", "aria-label", "title"];
  const translated = (text) => {
    const trimmed = (text || "").trim();
    if (!trimmed) return null;
    if (Object.prototype.hasOwnProperty.call(texts, trimmed)) return text.replace(trimmed, texts[trimmed]);
    for (const [pattern, target] of patterns) {
      if (pattern.test(trimmed)) return text.replace(trimmed, trimmed.replace(pattern, target));
    }
    return null;
  };
  const fix = (node) => {
    // Streamlit names each Material icon in English ("science icon") for screen readers; ours sit
    // beside a text that says the same, so they are decorative and left out (role img, translate=no).
    if (node.nodeType === Node.ELEMENT_NODE && node.getAttribute("role") === "img"
        && node.getAttribute("translate") === "no" && / icon$/.test(node.getAttribute("aria-label") || "")) {
      node.setAttribute("aria-hidden", "true");
    }
    // Vega-Lite has no aria switch for facet headers (Sammenlign's small multiples), which Vega names
    // in English ("Title text '...'"); the chart's description (charts/describe.py) already says them.
    if (node.nodeType === Node.ELEMENT_NODE && node.matches("[role=graphics-document] g.role-title-text")) {
      node.setAttribute("aria-hidden", "true");
    }
    if (node.nodeType === Node.TEXT_NODE) {
      if (node.parentElement && node.parentElement.closest("[data-testid='stIconMaterial']")) return;
      const better = translated(node.nodeValue);
      if (better !== null && better !== node.nodeValue) node.nodeValue = better;
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      for (const name of attributes) {
        const value = node.getAttribute(name);
        const better = value && translated(value);
        if (better && better !== value) node.setAttribute(name, better);
      }
    }
  };
  const walk = (root) => {
    fix(root);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) fix(walker.currentNode);
  };
  // A chart wider than the window scrolls inside itself (the CSS above); a keyboard user must be able
  // to reach it to scroll it (axe: scrollable-region-focusable), so it becomes a tab stop while it does.
  let pending = false;
  const scrollables = () => {
    pending = false;
    for (const chart of document.querySelectorAll("[data-testid='stVegaLiteChart']")) {
      if (chart.scrollWidth > chart.clientWidth + 1) chart.setAttribute("tabindex", "0");
      else if (chart.getAttribute("tabindex") === "0") chart.removeAttribute("tabindex");
    }
  };
  const later = () => { if (!pending) { pending = true; requestAnimationFrame(scrollables); } };
  window.addEventListener("resize", later);
  new MutationObserver((changes) => {
    later();
    for (const change of changes) {
      if (change.type === "childList") change.addedNodes.forEach(walk);
      else fix(change.target);
    }
  }).observe(document.documentElement, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: attributes,
  });
  // WCAG 1.4.13: Esc closes a chart's tooltip (Vega's tooltip stays until the pointer leaves the mark).
  document.addEventListener("keydown", (event) => {
    const tooltip = document.getElementById("vg-tooltip-element");
    if (event.key === "Escape" && tooltip) tooltip.classList.remove("visible");
  });
  walk(document.body);
})();
</script>
"""


def script(language: str) -> str:
    """The script for a page in 'nb' or 'nn' (<html lang>); only our constants go into it."""
    return _SCRIPT % {
        "texts": json.dumps(TEXTS, ensure_ascii=False),
        "patterns": json.dumps(PATTERNS),
        "lang": html_lang(language),
    }


SCRIPT = script("nb")


def install(language: str = "nb") -> None:
    """Our CSS, the page's language and the Norwegian texts, once per run (app.py): CSS takes no space
    on the page; the script sits at the foot of the sidebar."""
    st.html(CSS)
    st.sidebar.html(script(language), unsafe_allow_javascript=True)


def scroll_to(key: str) -> None:
    """Scroll the page to the container with this key (st.container(key=...)) once it is drawn.

    Tried a few times while charts above it are still growing, then left alone.
    """
    selector = json.dumps(f".st-key-{key}")
    script = SCROLL_SCRIPT.replace("SELECTOR", selector)
    st.html(script, unsafe_allow_javascript=True)


SCROLL_SCRIPT = """<script>(() => {
  const go = () => { const target = document.querySelector(SELECTOR); if (target) target.scrollIntoView(); };
  [150, 700, 1500, 2500].forEach((ms) => setTimeout(go, ms));
})();</script>"""

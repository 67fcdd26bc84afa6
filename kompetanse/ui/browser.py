"""What the browser gets besides Streamlit's elements: our CSS, Norwegian for Streamlit's own texts,
and a scroll to a section a search hit points at.

Streamlit 1.67 has no setting for the language of its built-in texts ("Select all", "Drag and drop
file here", "50MB per file", "Press Enter to apply", "Running..."), so a small script translates
them in the page as they appear (a MutationObserver over text nodes and the placeholder,
aria-label and title attributes). Only our own constants go into the HTML and the script; no text
from a user or a file ever does.
"""

from __future__ import annotations

import functools
import json
import re

import streamlit as st

from kompetanse.charts.style import BAR_COLOUR, LABEL_COLOUR
from kompetanse.i18n import LANGUAGES, N_, html_lang, translate

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

# Streamlit's fixed English texts as they appear in the page, and what a Norwegian user reads instead
# (catalogue texts: shown in the page's language; `$1` is the JavaScript replacement of a group).
TEXTS = {
    "Drag and drop file here": N_("Dra og slipp en fil her"),
    "Drag and drop a file here": N_("Dra og slipp en fil her"),
    "Drag and drop files here": N_("Dra og slipp filer her"),
    "Browse files": N_("Velg fil"),
    "Upload": N_("Last opp"),
    "file upload": N_("Last opp fil"),  # the uploader's hidden file field, named for screen readers
    "Add files": N_("Legg til filer"),
    "Remove file": N_("Fjern filen"),
    "Select all": N_("Velg alle"),
    "Choose an option": N_("Velg"),
    "Choose options": N_("Velg"),
    "Choose or add an option": N_("Velg eller legg til"),
    "Add options": N_("Legg til"),
    "Select...": N_("Velg …"),
    "No results": N_("Ingen treff"),
    "Clear all": N_("Fjern alle"),
    "Clear value": N_("Fjern valget"),
    "Clear entry": N_("Tøm feltet"),
    "Show password": N_("Vis passord"),
    "Hide password": N_("Skjul passord"),
    "Increment": N_("Øk"),
    "Decrement": N_("Reduser"),
    "Download as CSV": N_("Last ned som CSV"),
    "Download": N_("Last ned"),
    "Search": N_("Søk"),
    "Fullscreen": N_("Fullskjerm"),
    "Close fullscreen": N_("Lukk fullskjerm"),
    "Exit fullscreen": N_("Lukk fullskjerm"),
    "Show/hide columns": N_("Vis eller skjul kolonner"),
    "Running...": N_("Arbeider …"),
    "Stop": N_("Stopp"),
    "Rerun": N_("Kjør på nytt"),
    "Always rerun": N_("Kjør alltid på nytt"),
    "Connecting": N_("Kobler til"),
    "Please wait...": N_("Vent litt …"),
    "Settings": N_("Innstillinger"),
    "Print": N_("Skriv ut"),
    "About": N_("Om"),
    "Clear cache": N_("Tøm hurtigbufferen"),
    "Record a screencast": N_("Ta opp skjermen"),
    "Main menu": N_("Hovedmeny"),
    "Close": N_("Lukk"),
    "Close sidebar": N_("Lukk sidepanelet"),
    "Open sidebar": N_("Åpne sidepanelet"),
    "Collapse sidebar": N_("Lukk sidepanelet"),
    "Expand sidebar": N_("Åpne sidepanelet"),
    "View less": N_("Vis færre"),
    "Copy to clipboard": N_("Kopier"),
    "Wide mode": N_("Bred visning"),
    "Choose app theme, colors and fonts": N_("Velg tema, farger og skrift"),
    "Skip to main content": N_("Gå til hovedinnholdet"),
    "Record screen": N_("Ta opp skjermen"),
    "Sidebar": N_("Sidepanel"),
    "App pages": N_("Sider"),
    "Open": N_("Åpne"),
    "Link to heading": N_("Lenke til overskriften"),
    "Show data": N_("Vis tallene"),
    "Hide data": N_("Skjul tallene"),
    "Download as PNG": N_("Last ned som PNG"),
    "Copy Vega-Lite spec": N_("Kopier Vega-Lite-spesifikasjonen"),
    "Copied": N_("Kopiert"),
    "Copy version to clipboard": N_("Kopier versjonsnummeret"),
    "Made with Streamlit v": N_(
        "Laget med Streamlit v"
    ),  # React writes the version as a text node of its own
}
PATTERNS = [
    (r"^Select (\d+) matches$", N_("Velg $1 treff")),
    (r"^(\d+(?:\.\d+)?)\s?(KB|MB|GB) per file$", N_("Høyst $1 $2 per fil")),
    (r"^Limit (\d+(?:\.\d+)?)\s?(KB|MB|GB) per file$", N_("Høyst $1 $2 per fil")),
    (r"^Press (.+) to apply$", N_("Trykk $1 for å bruke")),
    (r"^Press (.+) to submit form$", N_("Trykk $1 for å sende skjemaet")),
    (r"^View (\d+) more$", N_("Vis $1 til")),
    (r"^Remove (.+)$", N_("Fjern $1")),
    (r"^Help for (.+)$", N_("Hjelp for $1")),
    (r"^Made with Streamlit (v[\d.]+)$", N_("Laget med Streamlit $1")),
]

_SCRIPT = """
<script>
(() => {
  document.documentElement.lang = "%(lang)s";  // WCAG 3.1.1; again whenever the language changes
  // The texts of the language now chosen; a switch replaces them and retranslates what the other
  // language's texts already replaced (React redraws only what changed).
  const language = "%(lang)s";
  window.__kompetanseTexts = %(texts)s;
  window.__kompetansePatterns = %(patterns)s.map(([source, target]) => [new RegExp(source), target]);
  if (window.__kompetanseNorsk) {
    if (window.__kompetanseLanguage !== language) {
      window.__kompetanseLanguage = language;
      window.__kompetanseWalk(document.body);
    }
    return;
  }
  window.__kompetanseNorsk = true;
  window.__kompetanseLanguage = language;
  const attributes = ["placeholder", "aria-label", "title"];
  const translated = (text) => {
    const trimmed = (text || "").trim();
    if (!trimmed) return null;
    const texts = window.__kompetanseTexts;
    if (Object.prototype.hasOwnProperty.call(texts, trimmed)) return text.replace(trimmed, texts[trimmed]);
    for (const [pattern, target] of window.__kompetansePatterns) {
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
  window.__kompetanseWalk = walk;
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


def _group_pattern(target: str) -> str:
    """The regular expression that finds a pattern's output again ('Velg $1 treff' -> '^Velg (.+) treff$')."""
    parts = re.split(r"\$\d", target)
    return "^" + "(.+)".join(re.escape(part) for part in parts) + "$"


def page_texts(language: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Streamlit's texts and patterns in a language; what the other målform wrote is mapped too, so
    a page switched from bokmål to nynorsk (or back) shows no text of the one it left."""
    texts = {english: translate(text, language) for english, text in TEXTS.items()}
    patterns = [(source, translate(target, language)) for source, target in PATTERNS]
    for other in LANGUAGES:
        if other == language:
            continue
        for text in TEXTS.values():
            before, after = translate(text, other), translate(text, language)
            if before != after:
                texts.setdefault(before, after)
        for _source, target in PATTERNS:
            before, after = translate(target, other), translate(target, language)
            groups = re.findall(r"\$\d", before)
            found = (_group_pattern(before), after)
            if before != after and groups == sorted(groups) and found not in patterns:  # $1 stays $1
                patterns.append(found)
    return texts, patterns


@functools.cache
def script(language: str) -> str:
    """The script for a page in 'nb' or 'nn' (<html lang>); only our constants go into it, so it is
    built once per language and process (the translation tables took 1-2 ms of every run)."""
    texts, patterns = page_texts(html_lang(language))
    return _SCRIPT % {
        "texts": json.dumps(texts, ensure_ascii=False),
        "patterns": json.dumps(patterns, ensure_ascii=False),
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

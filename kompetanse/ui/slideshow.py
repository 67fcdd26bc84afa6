"""Presenting in the browser: one slide that fits the screen, turned with the keys a clicker sends.

A slide is a container (`.st-key-lysbilde`) exactly as high as the window less the row of buttons;
its chart takes the height that is left (height="stretch"), so a slide fits at 1280x720 as at
1920x1080 and nothing below it is cut off. Type is sized by the window height. A small script
(our own code, no user text in it) turns the slides with the arrow keys, PageDown/PageUp (what
presenter clickers send) and space, leaves with Esc, and opens each slide at its top.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from kompetanse.charts.slide import slide_spec
from kompetanse.charts.style import EXAMPLE_BAND, EXAMPLE_BAND_COLOUR
from kompetanse.i18n import _
from kompetanse.indicators.panel import Panel

SCREEN_FONT_PX = 22
NEXT, BACK, LEAVE = "lysbilde-neste", "lysbilde-forrige", "lysbilde-avslutt"

# Our own fixed style: no sidebar, header or chart menus while presenting; the slide fills the window.
PRESENTING_CSS = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stElementToolbar"],
.vega-embed details, .vega-actions {{display: none !important;}}
[data-testid="stMainBlockContainer"] {{padding: 0.6rem 2.5rem 0 2.5rem; max-width: 100%;}}
.st-key-lysbilde {{height: calc(100vh - 5.4rem) !important; flex: none !important; overflow: hidden;
  flex-wrap: nowrap; gap: 0.8vh;}}
/* The chart takes the height the text leaves; Vega sizes itself to it (height "container"). */
.st-key-lysbilde .stElementContainer:has([data-testid="stVegaLiteChart"]) {{
  flex: 1 1 0 !important; min-height: 0; height: auto !important;}}
.st-key-lysbilde .stElementContainer:has([data-testid="stVegaLiteChart"]) div {{height: 100% !important;}}
.st-key-lysbilde h1 {{font-size: clamp(1.5rem, 5.4vh, 3.4rem); line-height: 1.15; padding: 0.1rem 0 0.6vh 0;}}
.st-key-lysbilde [data-testid="stText"] {{font-size: clamp(1.05rem, 3.3vh, 2rem); line-height: 1.3;}}
.st-key-lysbilde [data-testid="stCaptionContainer"] p {{font-size: clamp(0.7rem, 1.55vh, 1rem);}}
.st-key-lysbilde .eksempelband {{background: {EXAMPLE_BAND_COLOUR}; color: #fff; font-weight: 700;
  text-align: center; font-size: clamp(0.9rem, 2.4vh, 1.4rem); padding: 0.25vh 0; letter-spacing: 0.04em;}}
.st-key-lysbilde-tittel {{padding-top: 10vh; gap: 1vh;}}
.st-key-lysbilde .st-key-lysbilde-tittel h1 {{font-size: clamp(2rem, 8vh, 4.6rem); padding-bottom: 2vh;}}
.st-key-lysbilde .st-key-lysbilde-tittel [data-testid="stText"] {{font-size: clamp(0.95rem, 2.7vh, 1.6rem);}}
.st-key-lysbilde-knapper {{height: 2.8rem; align-items: center; overflow: hidden;}}
</style>
"""

# Clicks the slide buttons for the presenter's keys. Added once per page; it does nothing unless a
# slide is shown, and never while someone types in a field.
KEYS_JS = (
    """
<script>
(() => {
  const doc = window.document;
  if (!window.kompetanseSlideKeys) {
    window.kompetanseSlideKeys = true;
    const keys = {
      ArrowRight: "NEXT", ArrowDown: "NEXT", PageDown: "NEXT", " ": "NEXT",
      ArrowLeft: "BACK", ArrowUp: "BACK", PageUp: "BACK", Escape: "LEAVE",
    };
    const typing = (target) => target && (target.isContentEditable ||
      ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
    doc.addEventListener("keydown", (event) => {
      const name = keys[event.key];
      if (!name || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
      if (!doc.querySelector(".st-key-lysbilde")) return;
      event.preventDefault();
      event.stopPropagation();
      if (event.repeat) return;
      // Just after a slide opens, its buttons may not be drawn yet: a press then waits for them
      // (up to five seconds) instead of being lost.
      const started = Date.now();
      const press = () => {
        const button = doc.querySelector(`.st-key-${name} button`);
        if (button) {
          if (!button.disabled) button.click();
        } else if (Date.now() - started < 5000) {
          setTimeout(press, 100);
        }
      };
      press();
    }, true);
    // Space on a focused button would click it once more when the key comes up.
    doc.addEventListener("keyup", (event) => {
      if (event.key === " " && doc.querySelector(".st-key-lysbilde") && !typing(event.target)) {
        event.preventDefault();
      }
    }, true);
  }
  // Every slide opens at its top (this script runs again for each slide: its text names the slide).
  const main = doc.querySelector('[data-testid="stMain"]');
  if (main) main.scrollTop = 0;
  window.scrollTo(0, 0);
})();
</script>
""".replace("NEXT", NEXT)
    .replace("BACK", BACK)
    .replace("LEAVE", LEAVE)
)


def keys(slide: int | None = None) -> None:
    """The presenter's keys; on the set-up page too, so they are ready the moment a slide opens."""
    st.html(f"<!-- lysbilde {slide} -->{KEYS_JS}", unsafe_allow_javascript=True)


def start(slide: int) -> None:
    """Presentation mode for this run: the full-window style and the keys."""
    st.html(PRESENTING_CSS)
    keys(int(slide))


def _band(example: bool) -> None:
    if example:
        st.html(f'<div class="eksempelband">{_(EXAMPLE_BAND)}</div>')


def title_slide(title: str, subtitle: str, headings: list[str], example: bool) -> None:
    """The region, the date and sources, and what the next slides show."""
    with st.container(key="lysbilde"):
        _band(example)
        with st.container(key="lysbilde-tittel"):
            st.title(title, anchor=False)
            st.text(subtitle)
            for number, heading in enumerate(headings, start=2):
                st.text(f"{number}. {heading}")


def view_slide(view: Panel, takeaway: str) -> None:
    """One view: title, band, the takeaway (user text, shown as text), the chart and its footnote."""
    with st.container(key="lysbilde"):
        _band(view.is_example)
        st.title(view.heading or "", anchor=False)
        st.text(takeaway)
        if view.chart_spec is not None:
            spec = slide_spec(
                view.chart_spec, font_size=SCREEN_FONT_PX, width="container", height="container"
            )
            st.vega_lite_chart(spec, width="stretch", height="stretch")
        st.caption(view.footnote)


def navigation(slide: int, count: int, go: Callable[[int | None], None]) -> None:
    """Forrige, position, Neste and Avslutt; `go(slide)` runs before the next run (None leaves)."""
    with st.container(key="lysbilde-knapper", horizontal=True, horizontal_alignment="distribute"):
        st.button(
            "Forrige",
            key=BACK,
            icon=":material/arrow_back:",
            disabled=slide == 0,
            on_click=go,
            args=(slide - 1,),
        )
        st.text(f"{slide + 1} / {count}")
        st.button(
            "Neste",
            key=NEXT,
            icon=":material/arrow_forward:",
            disabled=slide >= count - 1,
            on_click=go,
            args=(slide + 1,),
        )
        st.button("Avslutt", key=LEAVE, icon=":material/close:", on_click=go, args=(None,))

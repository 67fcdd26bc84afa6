"""Meeting decks as PowerPoint (python-pptx), laid out for a 16:9 projector and the back row.

Each slide is laid out before it is drawn (`layout`): the title is set as large as fits in two
lines, the takeaway below it, the footnote at the foot, and the chart fills what is left, rendered
at exactly that size (exports/images.slide_png) so its text is as large on the slide as it was
drawn (>= 18 pt). Text is measured with Arial's metrics (exports/text_fit.py), so nothing is
guessed and nothing overlaps. Slides with example data, and the title slide of a deck that has
any, carry a band that says so.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from kompetanse.charts.style import EXAMPLE_BAND, EXAMPLE_BAND_COLOUR
from kompetanse.exports.images import slide_png
from kompetanse.exports.text_fit import LINE_SPACING, SLIDE_FONT, fit
from kompetanse.i18n import _, active_language

WIDTH_IN, HEIGHT_IN = 13.333, 7.5
MARGIN_IN = 0.5
INSET_X_IN, INSET_Y_IN = 0.1, 0.05  # a text box's inner margins
BAND_IN = 0.5
# (preferred sizes, lines, smaller sizes): one line at a preferred size beats two (text_fit.fit).
TITLE_SIZES = ((32, 30, 28), 2, (26, 24))
TAKEAWAY_SIZES = ((24, 22), 3, (20,))
FOOTNOTE_SIZES = ((12, 11), 6, (10,))
TITLE_SLIDE_SIZES = ((40, 36, 32), 2, (28,))
TEXT_COLOUR = RGBColor(0x22, 0x22, 0x22)
FOOTNOTE_COLOUR = RGBColor(0x44, 0x44, 0x44)
# PowerPoint's spelling check reads the text in the deck's language.
PROOFING_LANGUAGE = {"nb": MSO_LANGUAGE_ID.NORWEGIAN_BOKMOL, "nn": MSO_LANGUAGE_ID.NORWEGIAN_NYNORSK}


@dataclass(frozen=True)
class Slide:
    """One view on a slide: its title, the takeaway, the footnote and a Vega-Lite chart."""

    title: str
    takeaway: str
    footnote: str
    chart: dict | None = None
    is_example: bool = False


@dataclass(frozen=True)
class Box:
    """A text or picture box in inches; `size` (pt) and `lines` for text."""

    left: float
    top: float
    width: float
    height: float
    size: float = 0
    lines: int = 0

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class Layout:
    band: Box | None
    title: Box
    takeaway: Box
    chart: Box | None
    footnote: Box


def _usable_pt(width_in: float) -> float:
    # 2 % to spare: PowerPoint and LibreOffice round glyph advances differently.
    return (width_in - 2 * INSET_X_IN) * 72 * 0.98


def _text_box(text: str, top: float, sizes: tuple, bold: bool = False) -> Box:
    """A full-width text box at `top`, its text as large as fits (see text_fit.fit)."""
    width = WIDTH_IN - 2 * MARGIN_IN
    preferred, max_lines, smaller = sizes
    size, lines = fit(text, _usable_pt(width), preferred, max_lines, bold, smaller)
    height = len(lines) * size * LINE_SPACING / 72 + 2 * INSET_Y_IN
    return Box(MARGIN_IN, top, width, height, size, len(lines))


def layout(slide: Slide) -> Layout:
    """Where everything on a content slide goes (inches from the top left)."""
    band = Box(0, 0, WIDTH_IN, BAND_IN, 20, 1) if slide.is_example else None
    title = _text_box(slide.title, (BAND_IN + 0.12) if band else 0.3, TITLE_SIZES, bold=True)
    takeaway = _text_box(slide.takeaway, title.bottom + 0.06, TAKEAWAY_SIZES)
    footnote = _text_box(slide.footnote, 0, FOOTNOTE_SIZES)
    footnote = replace(footnote, top=HEIGHT_IN - 0.2 - footnote.height)
    chart = None
    if slide.chart is not None:
        # What is left; never more, so the chart cannot cover the footnote (takeaways are at most
        # 300 characters, so at least about 2.5 inches are left).
        top = takeaway.bottom + 0.12
        chart = Box(MARGIN_IN, top, WIDTH_IN - 2 * MARGIN_IN, footnote.top - 0.1 - top)
    return Layout(band, title, takeaway, chart, footnote)


def deck_pptx(title: str, subtitle: str, slides: list[Slide]) -> bytes:
    """A 16:9 deck: a title slide, then one slide per view."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(WIDTH_IN), Inches(HEIGHT_IN)
    _widen_layouts(deck, WIDTH_IN / 10)
    deck.core_properties.title = title
    deck.core_properties.language = f"{active_language()}-NO"  # nb-NO or nn-NO
    _title_slide(deck, title, subtitle, any(slide.is_example for slide in slides))
    for view in slides:
        _content_slide(deck, view, layout(view))
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _widen_layouts(deck, factor: float) -> None:
    """The default template is 4:3: stretch its master and layouts to 16:9 (for slides added later too)."""
    for owner in [deck.slide_master, *deck.slide_layouts]:
        for shape in owner.shapes:
            if shape._element.spPr.xfrm is not None:  # an own position, not one inherited
                shape.left, shape.width = Emu(int(shape.left * factor)), Emu(int(shape.width * factor))


def _title_slide(deck, title: str, subtitle: str, example: bool) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    if example:
        _band(slide)
    width = WIDTH_IN - 2 * 0.9
    preferred, max_lines, smaller = TITLE_SLIDE_SIZES
    size, lines = fit(title, _usable_pt(width), preferred, max_lines, True, smaller)
    height = len(lines) * size * LINE_SPACING / 72 + 2 * INSET_Y_IN
    top = 2.9 - height
    _place(slide.shapes.title, Box(0.9, top, width, height, size), title, bold=True)
    sub_size, sub_lines = fit(subtitle, _usable_pt(width), (20,), 5, smaller=(18,))
    sub_height = len(sub_lines) * sub_size * LINE_SPACING / 72 + 2 * INSET_Y_IN
    _place(
        slide.placeholders[1], Box(0.9, 3.2, width, sub_height, sub_size), subtitle, colour=FOOTNOTE_COLOUR
    )


def _content_slide(deck, view: Slide, where: Layout) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only": the title is the slide's title
    if where.band:
        _band(slide)
    _place(slide.shapes.title, where.title, view.title, bold=True)
    _place(slide.shapes.add_textbox(0, 0, 0, 0), where.takeaway, view.takeaway)
    if view.chart is not None and where.chart is not None:
        box = where.chart
        png = slide_png(view.chart, box.width, box.height)
        picture = slide.shapes.add_picture(
            io.BytesIO(png), Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height)
        )
        # The chart's text alternative (charts/describe.py) as the picture's alt text, which PowerPoint
        # shows under "Alternativ tekst" and reads aloud; python-pptx has no public call for it.
        picture._element.nvPicPr.cNvPr.set("descr", view.chart.get("description", ""))
    _place(slide.shapes.add_textbox(0, 0, 0, 0), where.footnote, view.footnote, colour=FOOTNOTE_COLOUR)


def _band(slide) -> None:
    """The example-data band across the top of the slide."""
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(WIDTH_IN), Inches(BAND_IN))
    band.fill.solid()
    band.fill.fore_color.rgb = RGBColor.from_string(EXAMPLE_BAND_COLOUR.lstrip("#"))
    band.line.fill.background()
    band.shadow.inherit = False
    band.name = "Eksempeldata"
    frame = band.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    _write(frame, _(EXAMPLE_BAND), 20, bold=True, colour=RGBColor(0xFF, 0xFF, 0xFF), align=PP_ALIGN.CENTER)


def _place(shape, box: Box, text: str, bold: bool = False, colour: RGBColor = TEXT_COLOUR) -> None:
    """Put text into a shape at `box`: fixed size, wrapped, anchored at the top, no autofit."""
    shape.left, shape.top = Inches(box.left), Inches(box.top)
    shape.width, shape.height = Inches(box.width), Inches(box.height)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = Inches(INSET_X_IN)
    frame.margin_top = frame.margin_bottom = Inches(INSET_Y_IN)
    _write(frame, text, box.size, bold=bold, colour=colour, align=PP_ALIGN.LEFT)


def _write(frame, text: str, size: float, *, bold: bool, colour: RGBColor, align) -> None:
    frame.text = text
    for paragraph in frame.paragraphs:
        paragraph.alignment = align
        paragraph.line_spacing = 1.0
        for run in paragraph.runs:
            run.font.name = SLIDE_FONT
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = colour
            run.font.language_id = PROOFING_LANGUAGE[active_language()]

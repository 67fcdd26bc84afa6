"""Meeting decks as PowerPoint (python-pptx): a title slide, then a slide per view."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pptx import Presentation
from pptx.util import Emu, Inches, Pt


@dataclass(frozen=True)
class Slide:
    title: str
    takeaway: str
    footnote: str
    chart_png: bytes | None = None


def deck_pptx(title: str, subtitle: str, slides: list[Slide]) -> bytes:
    """A 16:9 deck: a title slide, then one slide per view with chart, takeaway and footnote."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    first = deck.slides.add_slide(deck.slide_layouts[0])
    first.shapes.title.text = title
    first.placeholders[1].text = subtitle
    blank = deck.slide_layouts[6]
    for view in slides:
        slide = deck.slides.add_slide(blank)
        _text_box(slide, view.title, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.8), Pt(30), bold=True)
        _text_box(slide, view.takeaway, Inches(0.5), Inches(1.05), Inches(12.3), Inches(0.7), Pt(18))
        if view.chart_png:
            picture = slide.shapes.add_picture(io.BytesIO(view.chart_png), Inches(0.5), Inches(1.8))
            scale = min(Inches(12.3) / picture.width, Inches(4.9) / picture.height, 1.0)
            picture.width, picture.height = Emu(int(picture.width * scale)), Emu(int(picture.height * scale))
        _text_box(slide, view.footnote, Inches(0.5), Inches(6.8), Inches(12.3), Inches(0.6), Pt(10))
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _text_box(slide, text: str, left, top, width, height, size, bold: bool = False) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    frame.text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = size
            run.font.bold = bold

"""Exports of what is on screen: charts as PNG/SVG, tables as Excel, meeting decks as PowerPoint.

Charts are rendered offline at a fixed width with the source line under them. Table exports keep
SSB's symbols (':' hidden, '..' missing) as text and write numbers as numbers; no cell that came
from data can become a formula.
"""

from __future__ import annotations

import copy
import io
import re
import textwrap
from dataclasses import dataclass

import openpyxl
import polars as pl
from openpyxl.styles import Font

EXPORT_WIDTH = 1100
_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:[\u00a0 ]\d{3})*(?:,(\d+))?(\u00a0?%)?$")


def _fixed_width(spec: dict, width: int) -> dict:
    fixed = copy.deepcopy(spec)
    if fixed.get("width") == "container":
        fixed["width"] = width
    return fixed


def with_source_line(spec: dict, source_line: str, width: int = EXPORT_WIDTH) -> dict:
    """The chart with its source line (definition, source, year) printed under it."""
    chart = _fixed_width(spec, width)
    top_level = {key: chart.pop(key) for key in ("$schema", "config", "autosize") if key in chart}
    lines = textwrap.wrap(source_line, width=max(60, width // 7)) or [""]
    footnote = {
        "data": {"values": [{"i": i, "line": line} for i, line in enumerate(lines)]},
        "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 13, "color": "#444444"},
        "encoding": {
            "text": {"field": "line", "type": "nominal"},
            "x": {"value": 0},
            "y": {"field": "i", "type": "ordinal", "axis": None},
        },
        "width": width,
        "height": 18 * len(lines),
    }
    return {
        **{k: v for k, v in top_level.items() if k != "autosize"},
        "vconcat": [chart, footnote],
        "spacing": 16,
    }


def chart_png(spec: dict, source_line: str, width: int = EXPORT_WIDTH, scale: float = 2) -> bytes:
    """A PNG for slides and documents (2x for a sharp projector image)."""
    import vl_convert

    return vl_convert.vegalite_to_png(with_source_line(spec, source_line, width), scale=scale)


def chart_svg(spec: dict, source_line: str, width: int = EXPORT_WIDTH) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(with_source_line(spec, source_line, width))


def _excel_value(text: object) -> tuple[object, str | None]:
    """A display string -> (number, Excel number format) when it is a Norwegian number, else text."""
    if not isinstance(text, str):
        return text, None
    match = _NUMBER.match(text.strip())
    if not match:
        return text, None
    decimals = len(match.group(1) or "")
    number = float(text.replace("\u00a0", "").replace(" ", "").replace("%", "").replace(",", "."))
    pattern = "# ##0" + ("," + "0" * decimals if decimals else "")
    return number, pattern.replace(",", ".").replace(" ", ",") + (' "%"' if match.group(2) else "")


def table_xlsx(frame: pl.DataFrame, title: str, footnote: str) -> bytes:
    """A display table as an Excel sheet: title, header, rows, footnote."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tabell"
    write_text(sheet.cell(1, 1), title).font = Font(bold=True, size=14)
    for column, name in enumerate(frame.columns, start=1):
        write_text(sheet.cell(3, column), name).font = Font(bold=True)
        sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = max(
            12, min(40, len(name) + 4)
        )
    for row_number, row in enumerate(frame.iter_rows(), start=4):
        for column, text in enumerate(row, start=1):
            value, number_format = _excel_value(text)
            cell = sheet.cell(row_number, column)
            if number_format:
                cell.value = value
                cell.number_format = number_format
            else:
                write_text(cell, "" if value is None else str(value))
    write_text(sheet.cell(frame.height + 5, 1), footnote)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_text(cell, value: str):
    """A string cell that stays a string: text starting with =, +, - or @ is never a formula."""
    cell.value = value
    cell.data_type = "s"
    return cell


@dataclass(frozen=True)
class Slide:
    title: str
    takeaway: str
    footnote: str
    chart_png: bytes | None = None


def deck_pptx(title: str, subtitle: str, slides: list[Slide]) -> bytes:
    """A 16:9 deck: a title slide, then one slide per view with chart, takeaway and footnote."""
    from pptx import Presentation
    from pptx.util import Emu, Inches, Pt

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

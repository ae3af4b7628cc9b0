"""Assemble the briefing: render every registered section, write one self-contained HTML file
(and a PDF with WeasyPrint)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from peninsula import __version__
from peninsula.briefing.context import Context
from peninsula.briefing.registry import Section, sections

TITLE = "Korean Peninsula security briefing"


def _template_text(name: str) -> str:
    return files("peninsula.briefing").joinpath("templates", name).read_text(encoding="utf-8")


def long_date(day: dt.date) -> str:
    """'19 January 2011'."""
    return f"{day.day} {day:%B %Y}"


def render_sections(ctx: Context, keys: list[str] | None = None) -> list[Section]:
    """Render the registered sections (all, or those named) in page order."""
    out = [reg.render(ctx) for reg in sections() if keys is None or reg.key in keys]
    return [s for s in out if s is not None]


def render_html(ctx: Context, rendered: list[Section],
                generated: dt.datetime | None = None) -> str:
    """The whole page. Only the ``<time data-role="generated">`` element depends on the clock."""
    from jinja2 import Environment, select_autoescape

    env = Environment(autoescape=select_autoescape(default=True), keep_trailing_newline=True)
    template = env.from_string(_template_text("page.html.j2"))
    now = generated or dt.datetime.now(dt.UTC).replace(microsecond=0)
    judgments = [j for s in rendered for j in s.judgments]
    return template.render(
        title=TITLE, as_of_text=long_date(ctx.as_of), since=ctx.since,
        since_text=long_date(ctx.since), version=__version__,
        generated_iso=now.isoformat(), generated_text=now.strftime("%Y-%m-%d %H:%M UTC"),
        sections=rendered, judgments=judgments, css=_template_text("briefing.css"),
    )


@dataclass(frozen=True)
class Briefing:
    html_path: Path
    pdf_path: Path | None
    as_of: dt.date
    sections: tuple[str, ...]


def write_briefing(ctx: Context, out_dir: Path, *, pdf: bool = False) -> Briefing:
    """Render every section into ``out_dir/index.html`` (and ``briefing.pdf`` with ``pdf``)."""
    rendered = render_sections(ctx)
    html = render_html(ctx, rendered)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / "index.html"
    html_path.write_text(html, encoding="utf-8")
    pdf_path = None
    if pdf:
        pdf_path = out_dir / "briefing.pdf"
        write_pdf(html, pdf_path)
    return Briefing(html_path, pdf_path, ctx.as_of, tuple(s.key for s in rendered))


def write_pdf(html: str, path: Path) -> None:
    """The same HTML as PDF (WeasyPrint runs no JavaScript; every chart is static SVG)."""
    from weasyprint import HTML

    HTML(string=html).write_pdf(str(path))

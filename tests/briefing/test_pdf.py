"""The PDF: the same section headings as the HTML, and Hangul and Chinese drawn with real fonts."""

from __future__ import annotations

import subprocess

from peninsula.briefing import Briefing

HEADINGS = ["Headline judgments", "Security environment", "Institutions and channels",
            "Method and data"]


def test_pdf_has_the_headings_and_cjk_text(dialogue_briefing: Briefing) -> None:
    assert dialogue_briefing.pdf_path is not None
    text = subprocess.run(["pdftotext", "-layout", str(dialogue_briefing.pdf_path), "-"],
                          capture_output=True, text=True, check=True).stdout
    for heading in HEADINGS:
        assert heading in text
    assert "연평도" in text and "천안함" in text  # Hangul extracted, so drawn with a Hangul font
    assert "延坪岛" in text
    fonts = subprocess.run(["pdffonts", str(dialogue_briefing.pdf_path)],
                           capture_output=True, text=True, check=True).stdout
    assert "Nanum" in fonts and "WenQuanYi" in fonts
    assert "19 January 2011" in text

"""Charts: Altair specs rendered by vl-convert to inline SVG, with ids made unique per chart."""

from __future__ import annotations

import json
import re
from typing import Any

FONT = "NanumGothic, 'Noto Sans CJK KR', sans-serif"
_ID = re.compile(r'\bid="([^"]+)"')


def theme() -> dict[str, Any]:
    """Shared chart configuration: fonts that carry Hangul, quiet axes, print-friendly sizes."""
    return {
        "font": FONT,
        "view": {"stroke": None},
        "axis": {"labelFontSize": 10, "titleFontSize": 11, "grid": True, "gridOpacity": 0.4},
        "legend": {"labelFontSize": 10, "titleFontSize": 11},
        "title": {"fontSize": 12},
    }


def to_svg(chart: Any, prefix: str) -> str:
    """Render an Altair chart (or a Vega-Lite dict) to SVG with ids prefixed by ``prefix``.

    vl-convert numbers clip-path ids with a process-wide counter, so the same chart would get other
    ids in another process, and two charts on one page could clash: renumber them per chart.
    """
    import vl_convert as vlc

    spec = chart if isinstance(chart, dict) else chart.to_dict()
    spec.setdefault("config", {}).update(theme())
    svg = vlc.vegalite_to_svg(vl_spec=json.dumps(spec, sort_keys=True))
    ids = list(dict.fromkeys(_ID.findall(svg)))
    for i, old in enumerate(ids):
        new = f"{prefix}-{i}"
        svg = re.sub(rf'(?<=["#(]){re.escape(old)}(?=["\)])', new, svg)
    svg = re.sub(r"<\?xml[^>]*>\s*", "", svg)
    return svg

"""The section registry: each section registers a key, a title and ``render(ctx) -> Section``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from peninsula.briefing.context import Context


@dataclass(frozen=True)
class Section:
    """A rendered section: its HTML body and the headline judgments it contributes."""

    key: str
    title: str
    html: str
    judgments: tuple[str, ...] = field(default_factory=tuple)


Renderer = Callable[[Context], Section | None]  # None: nothing to show, section left out


@dataclass(frozen=True)
class Registered:
    key: str
    title: str
    order: int
    render: Renderer


SECTIONS: dict[str, Registered] = {}


def register(key: str, title: str, *, order: int) -> Callable[[Renderer], Renderer]:
    """Decorator: add a section renderer to the briefing, placed by ``order``."""

    def wrap(render: Renderer) -> Renderer:
        if key in SECTIONS:
            raise ValueError(f"section {key!r} registered twice")
        SECTIONS[key] = Registered(key, title, order, render)
        return render

    return wrap


def sections() -> list[Registered]:
    """Registered sections in page order (importing the built-in sections first)."""
    import importlib

    importlib.import_module("peninsula.briefing.sections")  # registers the built-in sections

    return sorted(SECTIONS.values(), key=lambda s: (s.order, s.key))

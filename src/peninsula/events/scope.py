"""Which feed rows belong to the peninsula: the scope filter. Rows outside it are counted as
``filtered`` in the ingest report, never silently dropped."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """Keep a row when either actor is in ``any_actor``, or its two actors are two different
    members of ``pair_among``.

    The default keeps every event with the DPRK or the ROK as an actor and every event between
    two of the US, China, Japan and Russia.
    """

    any_actor: frozenset[str] = frozenset({"PRK", "KOR"})
    pair_among: frozenset[str] = frozenset({"USA", "CHN", "JPN", "RUS"})

    @classmethod
    def parse(cls, any_actor: str | None = None, pair_among: str | None = None) -> Scope:
        """From comma-separated codes ('PRK,KOR'); None keeps the default."""
        default = cls()

        def codes(text: str | None, fallback: frozenset[str]) -> frozenset[str]:
            if text is None:
                return fallback
            items = {c.strip().upper() for c in text.split(",") if c.strip()}
            bad = [c for c in items if len(c) != 3 or not c.isalpha() or not c.isascii()]
            if bad:
                raise ValueError(f"scope codes are 3 letters, got {', '.join(sorted(bad))}")
            return frozenset(items)

        return cls(codes(any_actor, default.any_actor), codes(pair_among, default.pair_among))

    def keeps(self, actor1: str | None, actor2: str | None) -> bool:
        """True when a row with these actors is in scope."""
        if actor1 in self.any_actor or actor2 in self.any_actor:
            return True
        return actor1 in self.pair_among and actor2 in self.pair_among and actor1 != actor2

    def sql(self, a1: str, a2: str) -> str:
        """The same test as a SQL expression over two column expressions."""
        def lst(codes: frozenset[str]) -> str:
            return ", ".join(f"'{c}'" for c in sorted(codes)) or "NULL"

        return (f"(coalesce({a1} IN ({lst(self.any_actor)}), false) "
                f"OR coalesce({a2} IN ({lst(self.any_actor)}), false) "
                f"OR coalesce({a1} IN ({lst(self.pair_among)}) AND {a2} IN ({lst(self.pair_among)})"
                f" AND {a1} <> {a2}, false))")

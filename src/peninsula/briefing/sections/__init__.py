"""Built-in briefing sections; importing this module registers them."""

from peninsula.briefing.sections import institutions, method, nuclear, security

__all__ = ["institutions", "method", "nuclear", "security"]

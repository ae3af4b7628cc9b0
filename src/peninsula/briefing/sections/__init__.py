"""Built-in briefing sections; importing this module registers them."""

from peninsula.briefing.sections import institutions, method, security

__all__ = ["institutions", "method", "security"]

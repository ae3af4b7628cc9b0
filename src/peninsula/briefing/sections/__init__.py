"""Built-in briefing sections; importing this module registers them."""

from peninsula.briefing.sections import method, security

__all__ = ["method", "security"]

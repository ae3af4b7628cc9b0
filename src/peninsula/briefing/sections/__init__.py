"""Built-in briefing sections; importing this module registers them."""

from peninsula.briefing.sections import crisis, institutions, method, nuclear, outlook, security

__all__ = ["crisis", "institutions", "method", "nuclear", "outlook", "security"]

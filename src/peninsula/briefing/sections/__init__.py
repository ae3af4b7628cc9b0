"""Built-in briefing sections; importing this module registers them."""

from peninsula.briefing.sections import crisis, dialogue, institutions, method, nuclear, outlook, security

__all__ = ["crisis", "dialogue", "institutions", "method", "nuclear", "outlook", "security"]

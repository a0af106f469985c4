"""Skills and decks: data files validated at startup."""

from .catalogue import Catalogue, load_catalogue
from .models import Deck, Skill

__all__ = ["Catalogue", "Deck", "Skill", "load_catalogue"]

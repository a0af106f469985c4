"""Where the shipped data lives: inside the installed package, or beside it in a checkout."""

from importlib import resources
from pathlib import Path

_CHECKOUT_ROOT = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The folder `game_content` or `web_client`, wherever this copy of the server runs from."""
    try:
        packaged = Path(str(resources.files(f"server.{name}")))
    except ModuleNotFoundError:
        packaged = None
    if packaged is not None and packaged.is_dir():
        return packaged
    return _CHECKOUT_ROOT / name

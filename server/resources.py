"""Where the shipped data lives: inside the installed package, or beside it in a checkout."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder `game_content` or `web_client`, wherever this copy of the server runs from.

    An installed wheel carries them as `server/<name>`; a checkout has them at the top."""
    installed = _PACKAGE / name
    return installed if installed.is_dir() else _PACKAGE.parent / name

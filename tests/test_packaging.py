"""A plain (non-editable) install carries its content and web client and serves them
from any working directory."""

import subprocess
import sys
import zipfile
from pathlib import Path

import httpx

from tests.support.ports import free_port, wait_until_listening

ROOT = Path(__file__).resolve().parents[1]


def _build_wheel(out: Path) -> Path:
    out.mkdir()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
        cwd=out,
    )
    return next(out.glob("counterplay-*.whl"))


def test_wheel_serves_its_own_content_from_another_directory(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path / "dist")
    names = zipfile.ZipFile(wheel).namelist()
    assert "server/game_content/decks/core.yaml" in names
    assert "server/web_client/play.html" in names
    installed = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(installed)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--port", str(port)],
            cwd=elsewhere,
            env={"PYTHONPATH": str(installed), "PATH": "/usr/bin:/bin"},
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_listening(port)
        decks = httpx.get(f"http://127.0.0.1:{port}/api/decks").json()["decks"]
        assert "core" in {deck["id"] for deck in decks}
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200
        assert f"from {installed}/server/game_content" in log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=10)

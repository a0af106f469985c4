"""The `counterplay` command."""

import argparse
import gc
import socket
import sys
from pathlib import Path

import uvicorn

from server import deck_cli
from server.app import create_app
from server.logs import configure_logging
from server.protocol.schema import protocol_schema_json
from server.settings import Settings
from server.transport.direct_send import DirectSendProtocol

WS_MAX_FRAME_BYTES = 16 * 1024
GC_YOUNG_THRESHOLD = 50_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="counterplay", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the game server")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default 8000)")
    serve.add_argument("--redis-url", help="Redis URL; without one, an embedded store is used")
    commands.add_parser("schema", help="print the WebSocket protocol's JSON Schema")
    _add_deck_commands(commands.add_parser("deck", help="check and inspect decks"))
    args = parser.parse_args(argv)
    if args.command == "schema":
        sys.stdout.write(protocol_schema_json())
        return 0
    if args.command == "deck":
        return _run_deck_command(args)
    overrides = {k: v for k, v in vars(args).items() if k != "command" and v is not None}
    return _serve(Settings(**overrides))


def _add_deck_commands(deck: argparse.ArgumentParser) -> None:
    deck.add_argument("--content-dir", type=Path, help="skills and decks folder to use")
    actions = deck.add_subparsers(dest="action", required=True)
    validate = actions.add_parser("validate", help="check a deck file (YAML, JSON or CSV)")
    validate.add_argument("file", type=Path)
    actions.add_parser("list", help="list the decks")
    show = actions.add_parser("show", help="list a deck's cards")
    show.add_argument("deck_id")
    actions.add_parser("schema", help="print the JSON Schema of a deck file")


def _run_deck_command(args: argparse.Namespace) -> int:
    if args.action == "validate":
        return deck_cli.validate(args.file, args.content_dir)
    if args.action == "list":
        return deck_cli.list_decks(args.content_dir)
    if args.action == "show":
        return deck_cli.show(args.deck_id, args.content_dir)
    return deck_cli.schema()


def _serve(settings: Settings) -> int:
    configure_logging(settings.log_level)
    _tune_garbage_collection()
    config = uvicorn.Config(
        create_app(settings),
        ws=DirectSendProtocol,  # websockets-sansio, whose frames a fan-out may write itself
        ws_max_size=WS_MAX_FRAME_BYTES,
        ws_per_message_deflate=False,
        log_level=settings.log_level,
        log_config=None,
        lifespan="on",
        timeout_graceful_shutdown=5,
    )
    uvicorn.Server(config).run(sockets=[_listening_socket(settings)])
    return 0


def _tune_garbage_collection() -> None:
    """Keep full collections out of fan-outs. Each change loads a room state of thousands of
    objects that lives until its fan-out ends; with the default young-generation threshold
    (700) it survives into the old generation, and every few changes a full collection
    walks every socket's objects (90 ms at 500 players). With 50,000, a state usually dies
    young. What was loaded at start is frozen, so a full collection never walks it."""
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    gc.collect()
    gc.freeze()


def _listening_socket(settings: Settings) -> socket.socket:
    """The server socket. Accepted sockets inherit its fixed send buffer, so a client that
    stops reading backs up into its own sender quickly instead of into megabytes of kernel
    memory (Linux would otherwise grow each buffer to about 4 MB)."""
    family, kind, proto, _, address = socket.getaddrinfo(
        settings.host, settings.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    listener = socket.socket(family, kind, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, settings.socket_send_buffer_bytes)
    listener.bind(address)
    return listener


def run() -> None:
    """Entry point of the `counterplay` script; a closed pipe (`| head`) ends quietly."""
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)


if __name__ == "__main__":
    run()

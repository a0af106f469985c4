"""The protocol's JSON Schema, generated from the pydantic models (docs/protocol.schema.json)."""

import json
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from .client import ClientMessage
from .server import AckMessage, ErrorMessage, SnapshotMessage, WelcomeMessage, YouMessage

ServerMessageUnion = Annotated[
    WelcomeMessage | SnapshotMessage | YouMessage | AckMessage | ErrorMessage,
    Field(discriminator="type"),
]


def protocol_schema() -> dict[str, Any]:
    """One document with `client` (what clients send) and `server` (what they receive)."""
    client = TypeAdapter[ClientMessage](ClientMessage).json_schema(ref_template="#/$defs/{model}")
    server = TypeAdapter[ServerMessageUnion](ServerMessageUnion).json_schema(
        ref_template="#/$defs/{model}", mode="serialization"
    )
    definitions = {**client.pop("$defs", {}), **server.pop("$defs", {})}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Counterplay WebSocket protocol v1",
        "$defs": definitions,
        "properties": {"client": client, "server": server},
    }


def protocol_schema_json() -> str:
    return json.dumps(protocol_schema(), indent=2, sort_keys=True) + "\n"

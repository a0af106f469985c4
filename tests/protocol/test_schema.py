import json
from pathlib import Path

from server.protocol.schema import protocol_schema_json

SCHEMA_FILE = Path(__file__).parents[2] / "docs" / "protocol.schema.json"


def test_committed_schema_matches_the_models() -> None:
    current = protocol_schema_json()
    assert SCHEMA_FILE.read_text(encoding="utf-8") == current, (
        "docs/protocol.schema.json is stale: run `counterplay schema > docs/protocol.schema.json`"
    )


def test_schema_names_every_message_type() -> None:
    schema = json.loads(protocol_schema_json())
    client_types = {
        ref["$ref"].rsplit("/", 1)[1] for ref in schema["properties"]["client"]["oneOf"]
    }
    assert {
        "JoinMessage",
        "ReplyMessage",
        "VoteMessage",
        "KickMessage",
        "EndMessage",
    } <= client_types
    server_types = {
        ref["$ref"].rsplit("/", 1)[1] for ref in schema["properties"]["server"]["oneOf"]
    }
    assert server_types == {
        "WelcomeMessage",
        "SnapshotMessage",
        "YouMessage",
        "AckMessage",
        "ErrorMessage",
    }

"""The wire protocol: client and server messages, snapshots, JSON Schema export."""

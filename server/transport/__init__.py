"""Thin transport: HTTP routes and the WebSocket endpoint."""

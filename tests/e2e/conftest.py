"""End-to-end tests use the `server` and `redis_server` fixtures of tests/conftest.py."""

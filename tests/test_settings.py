from server.settings import Settings


def test_flags_and_environment_both_set_the_redis_url(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("COUNTERPLAY_REDIS_URL", raising=False)
    assert Settings().redis_url is None
    assert Settings(redis_url="redis://a:6379/0").redis_url == "redis://a:6379/0"
    monkeypatch.setenv("REDIS_URL", "redis://b:6379/0")
    assert Settings().redis_url == "redis://b:6379/0"
    monkeypatch.setenv("COUNTERPLAY_REDIS_URL", "redis://c:6379/0")
    assert Settings().redis_url == "redis://c:6379/0"

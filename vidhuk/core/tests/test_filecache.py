"""The page cache's files (`vidhuk.core.filecache.FileCache`): bounded like Django's file cache,
its directory listed at most once per interval rather than before every write."""

from pathlib import Path

from vidhuk.core import filecache
from vidhuk.core.filecache import FileCache


def _cache(tmp_path: Path, **options) -> FileCache:
    return FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, **options}})


def _files(tmp_path: Path) -> int:
    return len(list(tmp_path.glob("*.djcache")))


def test_it_keeps_and_returns_values(tmp_path):
    cache = _cache(tmp_path)
    cache.set("a", {"page": "<p>Привіт</p>"}, 60)

    assert cache.get("a") == {"page": "<p>Привіт</p>"}
    assert cache.get_many(["a", "b"]) == {"a": {"page": "<p>Привіт</p>"}}


def test_checked_every_time_it_stays_under_its_limit(tmp_path):
    cache = _cache(tmp_path, CULL_EVERY_SECONDS=0)
    for number in range(40):
        cache.set(f"key-{number}", number, 60)

    assert _files(tmp_path) <= 10


def test_between_checks_it_grows_and_the_next_check_culls(tmp_path, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(filecache.time, "monotonic", lambda: clock[0])
    cache = _cache(tmp_path, CULL_EVERY_SECONDS=5)
    for number in range(30):
        cache.set(f"key-{number}", number, 60)
    grown = _files(tmp_path)

    clock[0] += 5
    cache.set("one-more", 1, 60)

    assert grown == 30  # written within one interval: listed once, when it was empty
    assert _files(tmp_path) < 30  # culled as Django culls: a third, at random
    assert cache.get("one-more") == 1

"""The one cache helper: a miss is never an error."""

from __future__ import annotations

from cadence.cache import Cache


def test_entries_round_trip_and_keys_depend_on_every_part(tmp_path):
    cache = Cache(tmp_path / "c", "v1")
    key = cache.key("a", b"bc")
    assert key != cache.key("ab", b"c")  # parts are not simply concatenated
    assert key != Cache(tmp_path / "c", "v2").key("a", b"bc")  # a new version is a new key
    assert cache.get(key, ".svg") is None
    cache.put(key, ".svg", b"<svg/>")
    assert cache.get(key, ".svg") == b"<svg/>"
    assert [p.name for p in (tmp_path / "c").iterdir()] == [f"{key}.svg"]  # no temp file left


def test_disabled_cache_stores_nothing(tmp_path):
    cache = Cache.under(None, "charts", "v1")
    assert not cache.enabled
    cache.put(cache.key("x"), ".svg", b"data")
    assert cache.get(cache.key("x"), ".svg") is None
    assert Cache.under(tmp_path, "charts", "v1").folder == tmp_path / "charts"


def test_unwritable_or_unreadable_entries_are_misses(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    cache = Cache(blocked / "c", "v1")
    cache.put("k", ".x", b"data")  # cannot create the folder: skipped, no error
    assert cache.get("k", ".x") is None
    folder_entry = Cache(tmp_path / "d", "v1")
    (tmp_path / "d" / "k.x").mkdir(parents=True)  # an entry that is a directory
    assert folder_entry.get("k", ".x") is None


def test_a_corrupt_parse_cache_entry_is_reparsed(tmp_path):
    from cadence.data.yamlsource import PARSE_CACHE_VERSION, read

    source = tmp_path / "x.yaml"
    source.write_text("name: diablo\n")
    cache = Cache(tmp_path / "cache", PARSE_CACHE_VERSION)
    first = read(source, "data/x.yaml", None, cache)
    (entry,) = (tmp_path / "cache").iterdir()
    entry.write_bytes(entry.read_bytes()[:10])  # truncated, as by a killed build
    again = read(source, "data/x.yaml", None, cache)
    assert again.data == first.data == {"name": "diablo"}


def test_a_truncated_or_damaged_entry_is_a_miss(tmp_path):
    """An entry cut short on disk (a full disk, a copy interrupted) or changed by
    hand is never served as if it were whole: it is a miss, and written again."""
    cache = Cache(tmp_path / "c", "v1")
    key = cache.key("feed")
    cache.put(key, ".xml", b"<feed>whole</feed>")
    (entry,) = (tmp_path / "c").iterdir()
    whole = entry.read_bytes()
    for damaged in (whole[:-5], whole[:3], b"", whole.replace(b"whole", b"wrong")):
        entry.write_bytes(damaged)
        assert cache.get(key, ".xml") is None
    cache.put(key, ".xml", b"<feed>whole</feed>")
    assert cache.get(key, ".xml") == b"<feed>whole</feed>"

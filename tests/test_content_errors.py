"""The catalogue of broken Markdown posts: each yields its exact messages.

Each folder of fixtures/broken_content holds posts added to the valid minimal
site, and `expected.txt`: the exact messages of the failed build (file:line:
what, expected). An empty expected.txt means the post must build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cadence.errors import UserError

from .conftest import FIXTURES, build_site, page

CASES = sorted(p.name for p in (FIXTURES / "broken_content").iterdir() if p.is_dir())


def make_case(tmp_path: Path, case: str) -> Path:
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "minimal", site)
    shutil.copytree(
        FIXTURES / "broken_content" / case / "content", site / "content", dirs_exist_ok=True
    )
    return site


def expected(case: str) -> list[str]:
    text = (FIXTURES / "broken_content" / case / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES)
def test_broken_post_gives_its_exact_messages(tmp_path, case):
    site = make_case(tmp_path, case)
    wanted = expected(case)
    if not wanted:
        output = build_site(tmp_path, site / "content", site / "data", CADENCE_SEARCH=False)
        assert page(output, "/archives/").find("a", string="Written on Windows") is not None
        return
    with pytest.raises(UserError) as caught:
        build_site(tmp_path, site / "content", site / "data", CADENCE_SEARCH=False)
    assert caught.value.messages == wanted


def test_catalogues_hold_at_least_40_cases():
    data_cases = [p for p in (FIXTURES / "broken_data").iterdir() if p.is_dir()]
    assert len(CASES) + len(data_cases) >= 40

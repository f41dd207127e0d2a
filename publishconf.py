"""Production settings: absolute URLs and feeds. Used by `invoke preview` and
`invoke publish`."""

from __future__ import annotations

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = "https://release-cadence.example.org"
RELATIVE_URLS = False

# Drafts stay on the writer's machine: the production build writes no drafts/ at
# all. `invoke serve` (pelicanconf.py) builds them to drafts/, marked noindex.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

# Feeds are written by the cadence.feeds plugin with absolute links to SITEURL
# (docs/feeds.md); canonical URLs point there too.

# Where `invoke publish` pushes output/: a git branch served as a static site
# (ghp-import) or an rsync target. One place to change it.
PUBLISH_METHOD = "ghp-import"  # or "rsync"
PUBLISH_GIT_BRANCH = "gh-pages"
PUBLISH_GIT_REMOTE = "origin"
PUBLISH_RSYNC_TARGET = "deploy@release-cadence.example.org:/srv/www/release-cadence/"

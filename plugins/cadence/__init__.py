"""Cadence's command-line front end and build orchestration.

Not a Pelican plugin: the plugins live beside it (`release_data`, `release_notes`,
`site_checks`); this package drives Pelican with them.
"""

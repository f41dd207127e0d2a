"""Importers: fill data/ from the trackers release managers use.

Each source module turns its input into plain dictionaries in the data/ format
(`schedule`: an openstack/releases schedule; `specs`: a nova-specs style
repository; `launchpad`: the Launchpad web service). `plan` merges them into
the existing files, keeping what a person wrote, checks the result with the
loader, shows what would change, and writes only when asked.
"""

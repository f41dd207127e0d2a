"""Replay recorded Launchpad web service responses at the HTTP layer.

launchpadlib runs for real: it fetches the WADL description of the service and
then JSON representations, through httplib2. Here httplib2's `Http.request`
answers from tests/fixtures/launchpad (responses as the API returns them). The
WADL is the one launchpadlib ships for its own tests, extended with the blueprint
fields of the current API (valid_specifications of a series, the fields of a
specification), since the shipped description predates them.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httplib2
from cadence.importers.launchpad import SPECIFICATION_FIELDS
from lxml import etree

FIXTURES = Path(__file__).parent / "fixtures" / "launchpad"
SERVICE_ROOT = "https://api.launchpad.test/"
VERSION = "1.0"
BASE = f"{SERVICE_ROOT}{VERSION}/"
RECORDED_BASE = "https://api.launchpad.net/devel/"
WADL_NS = "http://research.sun.com/wadl/2006/10"

ROUTES = {
    ("", ()): "root.json",
    ("nova", ()): "nova.json",
    ("swift", ()): "swift.json",
    ("openstack", ()): "openstack.json",
    ("openstack/projects", ()): "openstack-projects.json",
    ("swift", (("name", '"diablo"'), ("ws.op", "getSeries"))): "swift-getSeries-diablo.json",
    ("nova", (("name", '"diablo"'), ("ws.op", "getSeries"))): "nova-getSeries-diablo.json",
    ("nova/diablo/all_milestones", ()): "nova-diablo-all_milestones.json",
    ("nova/diablo/valid_specifications", ()): "nova-diablo-valid_specifications.json",
    **{
        (f"nova/diablo/{name}", ()): f"release-{name}.json"
        for name in ("diablo-1", "diablo-2", "diablo-3", "2011.3")
    },
}


def wadl() -> bytes:
    import launchpadlib

    path = Path(launchpadlib.__file__).parent / "testing" / "launchpad-wadl.xml"
    tree = etree.parse(str(path))
    representations = {
        node.get("id"): node for node in tree.iter(f"{{{WADL_NS}}}representation") if node.get("id")
    }

    def add_param(representation: str, name: str, link: str | None = None) -> None:
        param = etree.SubElement(
            representations[representation],
            f"{{{WADL_NS}}}param",
            style="plain",
            name=name,
            path=f"$['{name}']",
        )
        if link:
            etree.SubElement(param, f"{{{WADL_NS}}}link", resource_type=f"{BASE}#{link}")

    add_param(
        "project_series-full", "valid_specifications_collection_link", "specification-page-resource"
    )
    for name in SPECIFICATION_FIELDS:
        if name != "web_link":  # already described
            add_param("specification-full", name)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


class Replay:
    """Installs itself as httplib2's transport; keeps the URLs it was asked for."""

    def __init__(self) -> None:
        self.requested: list[str] = []
        self._wadl = wadl()

    def request(self, http, uri, method="GET", body=None, headers=None, *args, **kwargs):
        self.requested.append(uri)
        parts = urlsplit(uri)
        path = f"{parts.scheme}://{parts.netloc}{parts.path}"[len(BASE) :]
        if "wadl" in (headers or {}).get("Accept", "") and path == "":
            return self._response(200, "application/vnd.sun.wadl+xml", self._wadl)
        name = ROUTES.get((path, tuple(sorted(parse_qsl(parts.query)))))
        if name is None:
            return self._response(404, "text/plain", b"Not found")
        text = (FIXTURES / name).read_text().replace(RECORDED_BASE, BASE)
        json.loads(text)  # the fixture must be JSON as the API returns it
        return self._response(200, "application/json", text.encode())

    @staticmethod
    def _response(status: int, content_type: str, content: bytes):
        response = httplib2.Response({"status": str(status), "content-type": content_type})
        return response, content


def install(monkeypatch) -> Replay:
    replay = Replay()
    monkeypatch.setattr(
        httplib2.Http, "request", lambda http, uri, *a, **k: replay.request(http, uri, *a, **k)
    )
    return replay

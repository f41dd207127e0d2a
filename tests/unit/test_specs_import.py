"""The specs importer on excerpts of real specs repositories (tests/fixtures/specs/README.md).

Every expected blueprint, title, assignee and message below was read off the fixture
files by hand; the assignee and URL forms are verbatim lines of the real repositories,
each with the file it comes from.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cadence.errors import UserError
from cadence.importers.specs import Assignee, assignee_from, find_links, read_specs

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "specs"
NOVA = FIXTURES / "nova-specs"
KEYSTONE = FIXTURES / "keystone-specs"
NEUTRON = FIXTURES / "neutron-specs"


def messages(result) -> list[str]:
    return [str(note) for note in result.notes]


def test_every_blueprint_of_a_nova_series_with_its_folder_status_and_assignee():
    result = read_specs(NOVA, "juno", ["nova"], "juno-final")
    aggregate = "Scheduler: Adds per-aggregate filters"
    implemented = {"status": "implemented", "completed": "juno-final"}
    assert result.blueprints == {
        "nova": {
            "add-all-in-list-operator-to-extra-spec-ops": {
                "title": "Add ALL-IN operator to extra spec ops",
                "status": "not-started",
                "assignee": "facundo-n-maldonado",
            },
            "db2-database": {"title": "Add Support for DB2 (v10.5+)", "status": "not-started"},
            "log-request-id-mappings": {
                "title": "Log Request ID Mappings",
                "status": "not-started",
                "assignee": "chris-buccella",
            },
            "lvm-ephemeral-storage-encryption": {
                "title": "Ephemeral storage encryption for LVM backend",
                "status": "not-started",
                "assignee": "Dan Genin",
            },
            # three URLs in one header: three blueprints, told apart by their names
            "per-aggregate-disk-allocation-ratio": {
                "title": f"{aggregate} (per-aggregate-disk-allocation-ratio)",
                **implemented,
                "assignee": "sahid-ferdjaoui",
            },
            "per-aggregate-max-instances-per-host": {
                "title": f"{aggregate} (per-aggregate-max-instances-per-host)",
                **implemented,
                "assignee": "sahid-ferdjaoui",
            },
            "per-aggregate-max-io-ops-per-host": {
                "title": f"{aggregate} (per-aggregate-max-io-ops-per-host)",
                **implemented,
                "assignee": "sahid-ferdjaoui",
            },
            "vif-vhostuser": {
                "title": "Create VIF_VHOSTUSER",
                "status": "not-started",
                "assignee": "lukego",
            },
        }
    }


def test_everything_not_imported_is_reported_with_file_line_and_why():
    result = read_specs(NOVA, "juno", ["nova"], "juno-final")
    juno = f"{NOVA}/specs/juno"
    linked = "which is not this spec's own and which no juno spec proposes; not imported"
    assert messages(result) == [
        f"{juno}/approved/db2-database.rst:29: assignee given only as an e-mail address; "
        "not stored",
        f"{juno}/approved/db2-database.rst:37: links blueprint "
        f"nova/enforce-unique-instance-uuid-in-db, {linked}",
        f"{juno}/approved/db2-database.rst:40: links blueprint "
        f"sqlalchemy-migrate/add-db2-support, {linked}",
        f"{juno}/approved/log-request-id-mappings.rst:38: links blueprint "
        f"python-glanceclient/return-req-id, {linked}",
        f"{juno}/approved/log-request-id-mappings.rst:39: links blueprint "
        f"python-cinderclient/return-req-id, {linked}",
        f"{juno}/approved/log-request-id-mappings.rst:40: links blueprint "
        f"python-neutronclient/return-req-id, {linked}",
        f"{juno}/approved/lvm-ephemeral-storage-encryption.rst:27: links blueprint "
        f"nova/encrypt-ephemeral-storage, {linked}",
        f"{juno}/approved/vif-vhostuser.rst:43: links blueprint "
        f"neutron/snabb-nfv-mech-driver, {linked}",
        f"{juno}/redirects: not a .rst file; skipped",
    ]


def test_no_blueprint_url_is_lost():
    """Each `blueprints.launchpad.net` of the specs is imported or reported, once."""
    result = read_specs(NOVA, "juno", ["nova"], "juno-final")
    outcomes = [(Path(file).name, link.line, outcome) for file, link, outcome in result.outcomes]
    assert sorted(outcomes) == [
        ("add-all-in-list-operator-to-extra-spec-ops.rst", 16, "imported"),
        ("add-all-in-list-operator-to-extra-spec-ops.rst", 18, "imported"),
        ("db2-database.rst", 16, "imported"),
        ("db2-database.rst", 37, "linked only"),
        ("db2-database.rst", 40, "linked only"),
        ("log-request-id-mappings.rst", 16, "imported"),
        ("log-request-id-mappings.rst", 38, "linked only"),
        ("log-request-id-mappings.rst", 39, "linked only"),
        ("log-request-id-mappings.rst", 40, "linked only"),
        ("lvm-ephemeral-storage-encryption.rst", 16, "imported"),
        ("lvm-ephemeral-storage-encryption.rst", 27, "linked only"),
        ("per-aggregate-filters.rst", 16, "imported"),
        ("per-aggregate-filters.rst", 17, "imported"),
        ("per-aggregate-filters.rst", 18, "imported"),
        ("vif-vhostuser.rst", 16, "imported"),
        ("vif-vhostuser.rst", 43, "linked only"),
    ]


def test_a_url_wrapped_across_lines_gives_the_whole_blueprint_name():
    url = "https://blueprints.launchpad.net/nova/+spec"
    result = read_specs(NOVA, "juno", ["nova"], "juno-final")
    links = [
        link
        for spec in result.specs
        if spec.file.endswith("add-all-in-list-operator-to-extra-spec-ops.rst")
        for link in spec.links
    ]
    assert [(link.line, link.url) for link in links] == [
        (16, f"{url}/add-all-in-list-operator-to-extra-spec-ops"),
        (18, f"{url}/add-all-in-list-operator-to-extra-spec-ops"),
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # nova-specs specs/newton/approved/add-pagination-and-change-since-for-migration-list.rst:11
        (
            [
                "https://blueprints.launchpad.net/nova/+spec/",
                "add-pagination-and-change-since-for-migration-list",
            ],
            ("nova", "add-pagination-and-change-since-for-migration-list", None),
        ),
        # neutron-specs specs/kilo/lbaas-ref-driver-impl-tls.rst:55
        (
            [
                'as specified in spec: "https://blueprints.launchpad.net/neutron/+spec/',
                'lbaas-refactor-haproxy-namespace-driver-to-new-driver-interface" and will',
            ],
            ("neutron", "lbaas-refactor-haproxy-namespace-driver-to-new-driver-interface", None),
        ),
        # keystone-specs specs/keystone/rocky/object-dependency-lifecycle.rst:11
        (
            [
                "`bp object-dependency-lifecycle <https://blueprints.launchpad.net/keystone/+spec",
                "/object-dependency-lifecycle>`_",
            ],
            ("keystone", "object-dependency-lifecycle", None),
        ),
        # glance-specs specs/kilo/sorting-enhancements.rst:243
        (
            [
                "  `Related change being proposed in nova <https://blueprints.launchpad.net/",
                "  nova/+spec/nova-pagination>`_",
            ],
            ("nova", "nova-pagination", None),
        ),
        # nova-specs specs/kilo/implemented/quobyte-nova-driver.rst:24 (docutils drops the space)
        (
            ["<https://blueprints.launchpad.net/cinder/+spec/quobyte-usp- driver>`_"],
            ("cinder", "quobyte-usp-driver", None),
        ),
        # cinder-specs specs/liberty/non-eventlet-wsgi-app.rst:11
        (
            ["https://blueprints.launchpad.net/cinder/+spec/non-eventlet-wsgi-app."],
            ("cinder", "non-eventlet-wsgi-app", None),
        ),
        # nova-specs specs/kilo/approved/i18n-enablement.rst:25
        (
            ["(https://blueprints.launchpad.net/nova/+spec/user-locale-api)."],
            ("nova", "user-locale-api", None),
        ),
        # cinder-specs specs/untargeted/dynamic_reconfiguration.rst:11
        (
            ["https://blueprints.launchpad.net/cinder/+spec/dynamic-reconfiguration/"],
            ("cinder", "dynamic-reconfiguration", None),
        ),
        # nova-specs specs/liberty/approved/inject-nmi.rst:11
        (
            ["https://blueprints.launchpad.net/nova/+spec//inject-nmi"],
            ("nova", "inject-nmi", None),
        ),
        # nova-specs specs/kilo/implemented/ec2-api-required-additions.rst:11
        (["https://blueprints.launchpad.net/Nova/+spec/ec2-api"], ("nova", "ec2-api", None)),
        # glance-specs specs/newton/approved/glance_store/public-api-refactor.rst:13
        (
            ["https://blueprints.launchpad.net/glance_store/+spec/public-api-refactor"],
            ("glance-store", "public-api-refactor", None),
        ),
        # neutron-specs specs/newton/fwaas-api-2.0.rst:13
        (
            ["| https://blueprints.launchpad.net/neutron/+spec/fwaas-api-2.0"],
            ("neutron", "fwaas-api-2.0", None),
        ),
        # keystone-specs specs/keystone/2024.2/openapi.rst:11 (the bugs host)
        (
            ["`<https://bugs.launchpad.net/keystone/+spec/openapi>`_"],
            ("keystone", "openapi", None),
        ),
        # nova-specs specs/mitaka/approved/expose-quiesce-unquiesce-api.rst:249
        (
            [
                "`<https://blueprints.launchpad.net/nova/+spec/"
                "quiesced-image-snapshots-with-qemu-guest-agen/atomic/async>`_"
            ],
            (
                "nova",
                "quiesced-image-snapshots-with-qemu-guest-agen",
                "has '/atomic/async' after the blueprint name",
            ),
        ),
        # glance-specs specs/zed/approved/glance/instant_caching.rst:13
        (
            ["https://blueprints.launchpad.net/glance/+spec/instant_caching"],
            (
                "glance",
                "instant_caching",
                "names blueprint 'instant_caching', which is not a Launchpad name "
                "(lower-case letters, digits, '+', '-', '.')",
            ),
        ),
        # nova-specs specs/mitaka/implemented/volume-ops-when-shelved.rst:178
        (
            ["https://blueprints.launchpad.net/openstack/?searchtext=detach-boot-volume"],
            (None, None, "is not the address of a blueprint"),
        ),
    ],
)
def test_real_url_forms(lines, expected):
    [link] = find_links(lines)
    assert (link.project, link.slug, link.problem) == expected


def test_a_cut_url_that_the_next_line_does_not_continue_is_never_imported():
    """The end of a line cut the name after a '-', and prose follows: no truncated slug."""
    [link] = find_links(
        [
            "https://blueprints.launchpad.net/nova/+spec/add-all-in-list-",
            "",
            "Text of our own.",
        ]
    )
    assert (link.slug, link.problem) == (
        "add-all-in-list-",
        "ends in '-': the URL looks cut short",
    )
    [link] = find_links(["See https://blueprints.launchpad.net/nova/+spec/", "* a list item"])
    assert link.problem == "is not the address of a blueprint"


def test_a_url_cut_short_is_reported_not_imported(tmp_path):
    series = tmp_path / "specs" / "juno" / "approved"
    series.mkdir(parents=True)
    (series / "cut.rst").write_text(
        "=====\nA cut\n=====\n\nhttps://blueprints.launchpad.net/nova/+spec/add-all-in-list-\n"
    )
    result = read_specs(tmp_path, "juno", ["nova"], "juno-final")
    assert result.blueprints == {}
    assert messages(result) == [
        f"{series}/cut.rst:5: blueprint URL https://blueprints.launchpad.net/nova/+spec/"
        "add-all-in-list- ends in '-': the URL looks cut short; not imported",
    ]


def test_a_folder_per_deliverable_and_blueprints_of_other_projects():
    result = read_specs(KEYSTONE, "kilo", ["keystone"], "kilo-final")
    assert result.blueprints == {
        "keystone": {
            "federation-token-scoping": {
                "title": "Scope federation tokens with token authentication method",
                "status": "not-started",
                "assignee": "marek-denis",
            },
            "removed-as-of-kilo": {
                "title": "Deprecated items that are removed as of the Kilo release",
                "status": "not-started",
                "assignee": "keystone-drivers",
            },
        }
    }
    assert messages(result) == [
        f"{KEYSTONE}/specs/keystonemiddleware/kilo/audit-middleware.rst:17: blueprint "
        "keystonemiddleware/audit-middleware is of project 'keystonemiddleware', not "
        "imported (--project keystonemiddleware imports it)"
    ]
    both = read_specs(KEYSTONE, "kilo", ["keystone", "keystonemiddleware"], "kilo-final")
    assert both.blueprints["keystonemiddleware"] == {
        "audit-middleware": {
            "title": "Adding audit middleware to keystonemiddleware",
            "status": "not-started",
            "assignee": "chungg",
        }
    }
    assert messages(both) == []


def test_a_flat_layout_skips_templates_index_pages_and_postmortems():
    result = read_specs(NEUTRON, "newton", ["neutron"], "newton-final")
    assert result.blueprints == {
        "neutron": {
            "fwaas-api-2.0": {
                "title": "Firewall as a Service API 2.0",
                "status": "not-started",
                "assignee": "Aishwarya Thangappa",
            },
            "multi-l3-backends": {
                "title": "Flavors for L3 Service Plugin",
                "status": "not-started",
            },
        }
    }
    newton = f"{NEUTRON}/specs/newton"
    assert messages(result) == [
        f"{newton}/index.rst: an index page, not a spec; skipped",
        f"{newton}/postmortem/postmortem.rst:12: no blueprint URL in its header "
        "(3 blueprint URLs in its text); skipped",
        f"{newton}/postmortem/postmortem.rst:37: links blueprint neutron/l2-api-extensions, "
        "which is not this spec's own and which no newton spec proposes; not imported",
        f"{newton}/template.rst: a spec template; skipped",
    ]


def test_a_numbered_series_folder_is_found_by_the_series_version():
    result = read_specs(NOVA, "antelope", ["nova"], "antelope-final", version="2023.1")
    assert sorted(result.blueprints["nova"]) == [
        "ironic-shards",
        "libvirt-virtiofs-attach-manila-shares",
        "pci-device-tracking-in-placement",
        "stable-compute-uuid",
    ]


def test_a_series_without_a_folder_names_those_there_are():
    with pytest.raises(UserError) as error:
        read_specs(NOVA, "antelope", ["nova"], "antelope-final")
    assert error.value.messages == [
        f"{NOVA}/specs: no folder named 'antelope': expected specs/<series>/ or "
        "specs/<deliverable>/<series>/; series found: 2023.1, juno"
    ]


def test_implemented_specs_need_the_milestone_they_landed_in():
    with pytest.raises(UserError) as error:
        read_specs(NOVA, "juno", ["nova"], None)
    assert error.value.messages == [
        f"{NOVA}/specs/juno/implemented/per-aggregate-filters.rst: implemented, but series "
        "'juno' has no final milestone: pass --completed MILESTONE"
    ]


def test_symbolic_links_inside_the_repository_are_read_others_are_reported(tmp_path):
    """glance-specs re-proposes a mitaka spec for newton with a link to it."""
    repository = tmp_path / "glance-specs"
    mitaka = repository / "specs" / "mitaka" / "approved"
    newton = repository / "specs" / "newton" / "approved" / "glance_store"
    mitaka.mkdir(parents=True)
    newton.mkdir(parents=True)
    (mitaka / "buffered-reader.rst").write_text(
        "==========\nA reader\n==========\n\n"
        "https://blueprints.launchpad.net/glance/+spec/buffered-reader-for-swift-driver\n"
    )
    (newton / "buffered-reader.rst").symlink_to("../../../mitaka/approved/buffered-reader.rst")
    outside = tmp_path / "outside.rst"
    outside.write_text("https://blueprints.launchpad.net/glance/+spec/elsewhere\n")
    (newton / "elsewhere.rst").symlink_to(outside)
    result = read_specs(repository, "newton", ["glance"], "newton-final")
    assert result.blueprints == {
        "glance": {
            "buffered-reader-for-swift-driver": {"title": "A reader", "status": "not-started"}
        }
    }
    assert messages(result) == [
        f"{newton}/elsewhere.rst: a symbolic link to {outside}, outside the repository; skipped"
    ]


# Assignee lines as written in the real specs; the source of each is noted.
@pytest.mark.parametrize(
    ("written", "who", "name"),
    [
        ("  balazs-gibizer", "balazs-gibizer", None),  # nova 2025.1 per-process-healthchecks
        (  # nova rocky/implemented/sriov-trusted-vfs
            "  Sahid Orentino Ferdjaoui <sahid-ferdjaoui>",
            "sahid-ferdjaoui",
            "Sahid Orentino Ferdjaoui",
        ),
        ("<kiwik-chenrui>", "kiwik-chenrui", None),  # nova juno/approved/io-ops-weight
        ("<scott-devoid> Scott Devoid", "scott-devoid", "Scott Devoid"),  # nova juno
        ("  Gorka Eguileor (geguileo)", "geguileo", "Gorka Eguileor"),  # cinder newton
        ("  kajinamit (irc: tkajinam)", "kajinamit", None),  # nova 2024.2
        ("* gyee (Guang Yee)", "gyee", "Guang Yee"),  # keystone
        ("lyarwood (libvirt impl)", "lyarwood", None),  # nova: a remark, not a name
        (  # keystone kilo/cadf-everywhere
            "* stevemar (Steve Martinelli <stevemar@ca.ibm.com>)",
            "stevemar",
            "Steve Martinelli",
        ),
        ("wingwj <wingwj@gmail.com>", "wingwj", None),  # nova juno
        ("wanghao<wanghao749@huawei.com>", "wanghao", None),  # cinder
        ("tommylikehu(tommylikehu@gmail.com)", "tommylikehu", None),  # cinder
        ("  https://launchpad.net/~dougwig", "dougwig", None),  # neutron kilo
        (  # neutron kilo/subnet-allocation
            "* `Carl Baldwin <https://launchpad.net/~carl-baldwin>`_",
            "carl-baldwin",
            "Carl Baldwin",
        ),
        ("  launchpad-id: leblancd", "leblancd", None),  # neutron kilo/multiple-ipv6-prefixes
        (  # neutron 2024.1/active-active-l3-gateway-with-multihoming
            "* Frode Nordahl <frode.nordahl@canonical.com> (~fnordahl)",
            "fnordahl",
            "Frode Nordahl",
        ),
        (  # nova train/approved/vm-boot-with-unaddressed-port
            "Rodolfo Alonso <rodolfo-alonso-hernandez> (ralonsoh@redhat.com)",
            "rodolfo-alonso-hernandez",
            "Rodolfo Alonso",
        ),
        ("Matt Riedemann <mriedem.os@gmail.com> (mriedem)", "mriedem", "Matt Riedemann"),
        ("  notartom, melwitt", "notartom", None),  # nova 2025.2/approved/vtpm-live-migration
        ("Gary Kotton - garyk", "garyk", "Gary Kotton"),  # nova juno/implemented/v3-diagnostics
        ("chateaulav - Jonathan Race", "chateaulav", "Jonathan Race"),  # nova yoga
        ("* Raildo Mascena raildo", "raildo", "Raildo Mascena"),  # keystone kilo
        ("The Nova API subteam", "The Nova API subteam", None),  # nova: no id in it
        ("  Claudiu Belu <cbelu@cloudbasesolutions.com>", "Claudiu Belu", None),  # nova mitaka
        ("Alexandre Levine (alexandrelevine@gmail.com)", "Alexandre Levine", None),  # nova
        ("Wang, Huaqiang <huaqiang.wang@intel.com>", "Wang, Huaqiang", None),  # nova ussuri
        ("Christian Rohmann (IRC: crohmann)", "Christian Rohmann", None),  # cinder 2023.2
        (  # keystone stein/mfa-auth-receipt
            "  * Adrian Turjak - adriant@catalyst.net.nz (IRC adriant)",
            "Adrian Turjak",
            None,
        ),
        ("Markus Zoeller (markus_z)", "Markus Zoeller", None),  # nova: markus_z is no LP id
        ("James Chapman", "James Chapman", None),  # nova juno input-output-based-numa-...
        ("JayF", "JayF", None),  # nova 2023.1/approved/ironic-shards
        ("jokke\\_", "jokke_", None),  # glance kilo/introspection-of-images (an rST escape)
    ],
)
def test_assignees_keep_launchpad_ids_with_their_names_and_never_an_e_mail_address(
    written, who, name
):
    assert assignee_from(written) == Assignee(who, name)


@pytest.mark.parametrize(
    ("written", "note"),
    [
        ("  None", None),  # nova 2025.1/approved/amd-sev-es-libvirt-support
        ("<None>", None),  # keystone juno/json-home
        ("TBD", None),  # nova juno/implemented/pci-passthrough-sriov
        ("- TBD (volunteers welcome)", None),  # keystone
        ("?", None),  # nova 2025.1/implemented/image-properties-in-server-show
        ("<launchpad-id or None>", None),  # nova juno/approved/server-count-api (the template)
        ("Who is leading the writing of the code? Or is this a blueprint where you're", None),
        ("  mriedem@us.ibm.com", "assignee given only as an e-mail address; not stored"),
        (
            "  <lpetrut@cloudbasesolutions.com>",
            "assignee given only as an e-mail address; not stored",
        ),
        (
            "The author of this blueprint will be posting code for reviews",  # neutron
            "assignee 'The author of this blueprint will be posting code for reviews' is "
            "not a name or Launchpad id; not stored",
        ),
    ],
)
def test_placeholders_are_ignored_and_e_mail_only_assignees_dropped(written, note):
    assert assignee_from(written) == Assignee(note=note)


def test_names_written_beside_launchpad_ids_are_kept_for_data_people():
    juno = read_specs(NOVA, "juno", ["nova"], "juno-final")
    assert juno.people == {"lukego": "Luke Gorrie"}
    kilo = read_specs(KEYSTONE, "kilo", ["keystone"], "kilo-final")
    assert kilo.people == {"marek-denis": "Marek Denis"}

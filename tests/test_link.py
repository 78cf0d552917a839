"""References resolve, backlinks and citations are computed once, origins follow `via`."""

from __future__ import annotations

from conftest import lines

BASE = {
    "content/places/al-bab.yml": "name: al-Bab\ncountry: 'SY'\n",
    "content/actors/russian-mod.yml": "name: Russian Ministry of Defence\nkind: state\n",
    "content/actors/russia.yml": "name: Russia\nkind: state\n",
    "content/sources/mod-statement.yml": "title: Statement\nkind: statement\npart: 1\n",
}


def test_every_reference_kind_resolves_and_feeds_backlinks(checked):
    dossier = checked(
        {
            "content/places/al-bab.yml": "name: al-Bab\n",
            "content/actors/russia.yml": "name: Russia\nkind: state\n",
            "content/actors/russian-mod.yml": "name: MoD\npart_of: russia\n",
            "content/sources/statement.yml": "title: Statement\n",
            "content/sources/report.yml": "title: Report\nvia: [statement]\n",
            "content/incidents/earlier.yml": (
                "title: Earlier\nclaims: [{about: x, value: 1, sources: [report]}]\n"
            ),
            "content/incidents/strike.md": """
            ---
            title: Strike
            place: al-bab
            actors: [{actor: russian-mod, role: struck}]
            related: [earlier]
            claims:
              - {about: killed, value: 3, sources: [statement], attributed_to: russia}
            ---
            See [[al-bab|the town]] and [[earlier]][^report].
            """,
        }
    )
    assert lines(dossier) == []
    links = dossier.links
    assert links.backlinks["al-bab"] == ["strike"]
    assert links.backlinks["russia"] == ["russian-mod", "strike"]
    assert links.backlinks["statement"] == ["report", "strike"]
    assert links.outlinks["strike"] == [
        "al-bab",
        "earlier",
        "report",
        "russia",
        "russian-mod",
        "statement",
    ]
    assert [(r.source, r.at.line, r.at.column) for r in links.citations["report"]] == [
        ("earlier", 2, 41),
        ("strike", 9, 40),
    ]
    assert links.origins == {"report": ["statement"], "statement": ["statement"]}


def test_origins_follow_via_chains_to_their_ends(checked):
    dossier = checked(
        {
            "content/sources/ministry.yml": "title: Ministry\n",
            "content/sources/agency.yml": "title: Agency\n",
            "content/sources/wire.yml": "title: Wire\nvia: [ministry]\n",
            "content/sources/paper.yml": "title: Paper\nvia: [wire, agency]\n",
            "content/sources/tv.yml": "title: TV\nvia: [paper, ministry]\n",
        }
    )
    links = dossier.links
    assert links.origins["tv"] == ["agency", "ministry"]
    assert links.origins["wire"] == ["ministry"]
    # five outlets relaying one statement are one origin
    assert links.independent(["wire", "paper"]) == ["ministry"]  # the paper relays the wire
    assert links.independent(["wire", "ministry"]) == ["ministry"]
    assert links.independent(["wire"]) == ["ministry"]
    assert links.independent(["tv", "agency"]) == ["agency"]
    assert links.independent(["agency", "wire"]) == ["agency", "ministry"]


def test_unknown_and_wrong_kind_references_are_located(checked):
    dossier = checked(
        BASE
        | {
            "content/incidents/strike.md": """
            ---
            title: Strike
            place: russia
            actors:
              - {actor: russian-mdo, role: struck}
            claims:
              - {about: killed, value: 3, sources: [mod-statment], subject: nowhere}
            ---
            Text [[al-bbb]] and a citation[^russia] and [bad](javascript:alert(1)).
            """,
        }
    )
    assert [line for line in lines(dossier) if "error" in line] == [
        "content/incidents/strike.md:3:8: error: 'russia' is an actor, not a place [wrong-kind]",
        "content/incidents/strike.md:5:13: error: unknown actor 'russian-mdo' "
        "(did you mean 'russian-mod'?) [unknown-ref]",
        "content/incidents/strike.md:7:41: error: unknown source 'mod-statment' "
        "(did you mean 'mod-statement'?) [unknown-ref]",
        "content/incidents/strike.md:7:65: error: unknown entry 'nowhere' [unknown-ref]",
        "content/incidents/strike.md:9:6: error: unknown entry 'al-bbb' "
        "(did you mean 'al-bab'?) [unknown-ref]",
        "content/incidents/strike.md:9:31: error: 'russia' is an actor, not a source [wrong-kind]",
        "content/incidents/strike.md:9:51: error: link scheme 'javascript:' is not allowed; "
        "use a relative, http, https or mailto link [unsafe-link]",
        "content/sources/mod-statement.yml:3:1: error: unknown key 'part' [unknown-key]",
    ]


def test_code_and_local_footnotes_are_not_references(checked):
    dossier = checked(
        {
            "content/sources/s.yml": "title: S\n",
            "content/pages/help.md": """
            ---
            title: Help
            ---
            Write `[[id]]` to link[^s], and [^1] for a note.

            ```markdown
            [[not-checked]] and [^nope]
            ```

            [^1]: A local footnote, not a source.
            """,
        }
    )
    assert lines(dossier) == []


def test_cycles_are_reported_once_where_they_close(checked):
    dossier = checked(
        {
            "content/actors/a.yml": "name: A\npart_of: b\n",
            "content/actors/b.yml": "name: B\npart_of: a\n",
            "content/sources/x.yml": "title: X\nvia: [x]\n",
        }
    )
    errors = [line for line in lines(dossier) if "[cycle]" in line]
    assert errors == [
        "content/actors/b.yml:2:10: error: part_of goes round in a circle: a → b → a [cycle]",
        "content/sources/x.yml:2:7: error: via goes round in a circle: x → x [cycle]",
    ]


def test_a_broken_entry_still_resolves_so_errors_do_not_cascade(checked):
    dossier = checked(
        {
            "content/places/al-bab.yml": "name: al-Bab\ncountry: no\n",
            "content/sources/s.yml": "title: S\n",
            "content/incidents/strike.yml": "title: Strike\nplace: al-bab\n"
            "claims: [{about: x, value: 1, sources: [s]}]\n",
        }
    )
    assert [line for line in lines(dossier) if "error" in line] == [
        "content/places/al-bab.yml:2:10: error: country: expected a country code, got the "
        "boolean false: YAML reads no as false; write 'NO' in quotes for Norway [invalid-value]",
    ]


def test_an_entry_link_may_wrap_onto_the_next_line(checked):
    dossier = checked(
        {
            "content/places/al-bab.yml": "name: al-Bab\n",
            "content/pages/p.md": (
                "---\ntitle: P\n---\nSee [[al-bab|the town\nof al-Bab]] and [[nope|a\n\nbroken]].\n"
            ),
        }
    )
    assert [r.target for r in dossier.entries["p"].refs] == ["al-bab"]
    assert dossier.links.backlinks["al-bab"] == ["p"]


def test_the_prose_of_an_entry_with_bad_front_matter_is_still_checked(checked):
    dossier = checked(
        {
            "content/sources/euronews.yml": "title: EuroNews\n",
            "content/incidents/i.md": (
                "---\ntitle: I\ndate: 2017-02-30\n---\nSee [[nope]] and [^euronws].\n"
            ),
        }
    )
    assert [line.split(": error: ")[1] for line in lines(dossier)] == [
        "date: '2017-02-30' is not a real date [invalid-value]",
        "unknown entry 'nope' [unknown-ref]",
        "unknown source 'euronws' (did you mean 'euronews'?) [unknown-ref]",
    ]


def test_a_name_repeated_unknown_is_compared_with_every_id_once(checked, monkeypatch):
    """A body naming one unknown id, or one missing file, a thousand times: each "did you
    mean" compares it with every id (or file) of the dossier, so it is worked out once (with
    5,000 entries, 2,000 of each took two minutes to check)."""
    import dossier.diagnostics

    asked: list[str] = []
    real = dossier.diagnostics.closest

    def counted(word, candidates):
        asked.append(word)
        return real(word, candidates)

    monkeypatch.setattr("dossier.diagnostics.closest", counted)
    monkeypatch.setattr("dossier.media.closest", counted)
    body = "[[russa]] " * 1000 + "\n\n" + "[p](../../media/x.jpg) " * 1000
    found = lines(checked(BASE | {"content/pages/p.md": f"---\ntitle: P\n---\n{body}\n"}))
    assert sum("[unknown-ref]" in f for f in found) == 1000
    assert sum("[missing-file]" in f for f in found) == 1000
    assert "unknown entry 'russa' (did you mean 'russia'?)" in found[0]
    assert asked.count("russa") == asked.count("media/x.jpg") == 1

"""The README documents every setting and command, with the real defaults."""

from __future__ import annotations

import re
from pathlib import Path

from sitroom.cli import app
from sitroom.config import SETTINGS

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_docs_readme_opens_with_the_two_commands():
    head = README[:600]
    assert "make demo" in head and "make test" in head


def test_docs_every_setting_is_in_the_readme_table_with_its_default():
    rows = dict(re.findall(r"^\| `(\w+)` \| `?([^`|]*?)`? \|", README, flags=re.M))
    assert set(rows) == set(SETTINGS)
    for name, (default, _) in SETTINGS.items():
        shown = "[]" if default == [] else str(default).lower() if isinstance(default, bool) else str(default)
        assert rows[name] == shown, name


def test_docs_every_command_is_in_the_readme():
    commands = {c.name or c.callback.__name__ for c in app.registered_commands}
    assert commands == {"ingest", "watch", "spark", "load", "report", "stories", "export", "search", "show", "migrate", "datasette-metadata", "demo", "serve"}
    for command in commands:
        assert f"sitroom {command}" in README, command

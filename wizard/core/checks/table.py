"""The check table of docs/FLOWS.md, written from the registry so it cannot fall behind.

`python -m wizard.core.checks.table docs/FLOWS.md` rewrites the table between the two marker
comments; a test fails while the file holds another table than the one the registry makes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from wizard.core.checks.context import CheckSpec

BEGIN = "<!-- check table: generated from the registry, do not edit by hand -->"
END = "<!-- end of check table -->"


def check_table(specs: Iterable[CheckSpec]) -> str:
    """The Markdown table of `specs` by id: inputs (* when required), learned facts, and
    whether a check uses the network or runs only when its flag asks for it."""
    rows = ["| id | inputs | learns |", "|---|---|---|"]
    for spec in sorted(specs, key=lambda spec: spec.id):
        marks = ["network"] if spec.network else []
        if spec.on_request:
            marks.append(f"asked for by `{spec.on_request}`")
        name = f"`{spec.id}`" + (f" ({', '.join(marks)})" if marks else "")
        inputs = ", ".join(
            f"`{item}`" + ("*" if item in spec.requires else "") for item in spec.inputs
        )
        learns = ", ".join(f"`{fact}`" for fact in spec.learns) or "-"
        rows.append(f"| {name} | {inputs or '-'} | {learns} |")
    return "\n".join(rows) + "\n"


def with_table(text: str, table: str) -> str:
    """`text` with the part between the markers replaced by `table`."""
    head, begin, rest = text.partition(BEGIN)
    _old, end, tail = rest.partition(END)
    if not begin or not end:
        raise ValueError(f"the markers {BEGIN!r} and {END!r} are not both in the file")
    return f"{head}{BEGIN}\n{table}{END}{tail}"


def main(argv: list[str]) -> int:
    from wizard.core.checks.catalog import load_registry

    if len(argv) != 1:
        print("usage: python -m wizard.core.checks.table docs/FLOWS.md", file=sys.stderr)
        return 2
    path = Path(argv[0])
    path.write_text(with_table(path.read_text(), check_table(load_registry().values())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

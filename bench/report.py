"""Write measured tables into docs: each benchmark owns a marked section of a file."""

from __future__ import annotations

import platform
import re
from datetime import date
from pathlib import Path

import psutil

DOCS = Path(__file__).resolve().parents[1] / "docs"


def machine() -> str:
    """One line naming the machine the numbers were measured on."""
    return (f"{date.today().isoformat()}, {psutil.cpu_count()} cores, "
            f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python "
            f"{platform.python_version()}")


def markdown_table(headers: list[str], rows: list[list]) -> str:
    """A GitHub-flavoured table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def write_section(filename: str, name: str, body: str) -> Path:
    """Replace (or append) ``<!-- name:start -->...<!-- name:end -->`` in docs/filename."""
    path = DOCS / filename
    text = path.read_text(encoding="utf-8") if path.exists() else f"# {filename}\n"
    block = f"<!-- {name}:start -->\n{body.strip()}\n<!-- {name}:end -->"
    pattern = re.compile(rf"<!-- {name}:start -->.*?<!-- {name}:end -->", re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else \
        text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
    return path

"""Writing a benchmark's section into BENCHMARKS.md, replacing its previous run."""

from pathlib import Path


def replace_section(path: Path, section: str, mark: str) -> None:
    """Put the section (which starts with mark) into the file, replacing the previous one."""
    text = path.read_text() if path.exists() else "# Benchmarks\n\n"
    if mark in text:
        head, _, rest = text.partition(mark)
        tail = rest.split("\n<!-- ", 1)
        text = head + section + ("\n<!-- " + tail[1] if len(tail) > 1 else "")
    else:
        text = text.rstrip() + "\n\n" + section
    path.write_text(text)

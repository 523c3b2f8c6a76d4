"""Labelled examples: the vendored MPOLD corpus and `label<TAB>text` files."""

import csv
from dataclasses import dataclass
from pathlib import Path

MPOLD_FILE = Path(__file__).parent / "data" / "mpold" / "mpold.tsv"


@dataclass(frozen=True)
class Example:
    text: str
    label: int  # 1 abusive, 0 clean
    group: str = ""  # where it came from (MPOLD's platform, a file name, "decisions")


class LabelledFileError(ValueError):
    """A line of a labelled file is not `label<TAB>text` with a label of 0 or 1."""


def mpold_examples(path: Path = MPOLD_FILE) -> list[Example]:
    """Return MPOLD's comments, offensive ones labelled 1, in the file's order."""
    csv.field_size_limit(1 << 24)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Example(r["comment"], int(r["label"] == "offensive"), r["platform"]) for r in rows]


def labelled_file_examples(path: Path) -> list[Example]:
    """Return the examples of a `label<TAB>text` file (1 abusive, 0 clean; blank lines skipped)."""
    examples = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            label, tab, text = line.rstrip("\n").partition("\t")
            if not tab or label.strip() not in ("0", "1"):
                raise LabelledFileError(f"{path}:{number}: expected 'label<TAB>text', 0 or 1")
            examples.append(Example(text, int(label), path.name))
    return examples

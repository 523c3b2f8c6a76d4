"""Load the public attack corpora in ../shared/data, each file in its own format."""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tests.shared_data import shared_data

XSS = "xss"

# Files holding one payload per line.
LINE_FILES = (
    "patt--BRUTELOGIC-XSS-STRINGS.txt",
    "patt--IntrudersXSS.txt",
    "patt--JHADDIX_XSS.txt",
    "patt--RSNAKE_XSS.txt",
    "patt--XSS_Polyglots.txt",
    "patt--xss_payloads_quick.txt",
)
# Files holding one event-handler attribute name per line.
HANDLER_FILES = (
    "patt--0xcela_event_handlers.txt",
    "patt--port_swigger_xss_cheatsheet_event_handlers.txt",
)
HANDLERS_PER_VECTOR = 8
# html5sec.org prints each vector as <div id="N">VECTOR//["'`-->]]>]</div>.
H5SC_VECTOR = re.compile(r'<div id="(\d+)">(.*?)//\["\'`-->\]\]>\]</div>', re.S)


@dataclass(frozen=True)
class Vector:
    source: str
    payload: str


def data_file(relative: str) -> Path:
    """Return a shared data file (the project's one lookup: skips only without the folder)."""
    return shared_data(relative)


def _read(relative: str) -> str:
    return data_file(relative).read_text(encoding="utf-8")


def _line_vectors(name: str) -> list[Vector]:
    lines = _read(f"{XSS}/{name}").splitlines()
    return [Vector(name, line) for line in lines if line.strip()]


def _handler_vectors(name: str) -> list[Vector]:
    """Return each event handler on an image, a bold tag and a link, HANDLERS_PER_VECTOR at a time."""
    names = [line.strip() for line in _read(f"{XSS}/{name}").splitlines() if line.strip()]
    handlers = list(dict.fromkeys(h.lower() for h in names))
    template = (
        '<img src=x {h}=alert(1)><b {h}="alert(1)" tabindex=1>x</b><a href="/" {h}=alert(1)>x</a>'
    )
    return [
        Vector(name, "\n".join(template.format(h=h) for h in handlers[i : i + HANDLERS_PER_VECTOR]))
        for i in range(0, len(handlers), HANDLERS_PER_VECTOR)
    ]


def _h5sc_vectors() -> list[Vector]:
    name = "h5sc--vectors.txt"
    return [Vector(f"{name}#{n}", body) for n, body in H5SC_VECTOR.findall(_read(f"{XSS}/{name}"))]


def _dompurify_vectors() -> list[Vector]:
    name = "dompurify--expect.json"
    cases = json.loads(_read(f"{XSS}/{name}"))
    return [Vector(name, case["payload"]) for case in cases if isinstance(case["payload"], str)]


def _html5lib_vectors() -> list[Vector]:
    name = "html5lib--sanitizer-tests1.json"
    return [
        Vector(f"{name}#{case['name']}", case["input"])
        for case in json.loads(_read(f"{XSS}/{name}"))
    ]


@cache
def xss_vectors() -> tuple[Vector, ...]:
    """Return every distinct payload of the XSS corpora, in file order."""
    vectors = [v for name in LINE_FILES for v in _line_vectors(name)]
    vectors += [v for name in HANDLER_FILES for v in _handler_vectors(name)]
    vectors += _h5sc_vectors() + _dompurify_vectors() + _html5lib_vectors()
    seen: set[str] = set()
    unique = []
    for vector in vectors:
        if vector.payload not in seen:
            seen.add(vector.payload)
            unique.append(vector)
    return tuple(unique)


@cache
def naughty_strings() -> tuple[str, ...]:
    """Return the Big List of Naughty Strings (a JSON array of strings)."""
    return tuple(json.loads(_read("naughty-strings/blns.json")))


@cache
def bidi_test_strings() -> tuple[dict, ...]:
    """Return the tagged bidi and invisible-character test strings."""
    return tuple(json.loads(_read("unicode/bidi-and-invisible-test-strings.json"))["strings"])


@cache
def format_controls() -> tuple[str, ...]:
    """Return every bidi control and listed invisible format character."""
    data = json.loads(_read("unicode/format-and-bidi-controls.json"))
    return tuple(
        entry["char"] for key, entries in data.items() if key != "_about" for entry in entries
    )

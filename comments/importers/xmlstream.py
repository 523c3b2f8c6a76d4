"""Stream the records of a large XML export with expat, keeping memory bounded."""

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO
from xml.parsers import expat

CHUNK_SIZE = 1 << 16

# Given the local names from the root down to an element, say whether to hand it over.
Selector = Callable[[list[str]], bool]


class ImportFileError(Exception):
    """The file cannot be imported; line and column (1-based) point at the fault."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class StructureError(Exception):
    """A selector found an element where the format allows none; the stream adds the position."""


@dataclass(frozen=True, slots=True)
class Found:
    element: ET.Element
    line: int
    column: int
    parent: ET.Element | None


def local_name(tag: str) -> str:
    """Return the tag without its namespace, so every WXR and Disqus version reads alike."""
    return tag.rpartition("}")[2]


def child_text(element: ET.Element, name: str) -> str | None:
    """Return the text of the first child with this local name, or None when there is none."""
    for child in element:
        if local_name(child.tag) == name:
            return child.text or ""
    return None


def children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in element if local_name(child.tag) == name)


def attribute(element: ET.Element, name: str) -> str | None:
    """Return an attribute by local name, whatever its namespace (dsq:id, id)."""
    for key, value in element.attrib.items():
        if local_name(key) == name:
            return value
    return None


class _Builder:
    """Build elements as expat reports them; detach each selected element once it closes."""

    def __init__(self, parser: expat.XMLParserType, select: Selector) -> None:
        self.parser = parser
        self.select = select
        self.tree = ET.TreeBuilder()
        self.stack: list[tuple[ET.Element, bool, int, int]] = []
        self.names: list[str] = []
        self.ready: list[Found] = []

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        line, column = self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1
        self.names.append(local_name(tag))
        try:
            selected = self.select(self.names)
        except StructureError as error:
            raise ImportFileError(str(error), line=line, column=column) from None
        self.stack.append((self.tree.start(tag, attrs), selected, line, column))

    def end(self, tag: str) -> None:
        self.tree.end(tag)
        element, selected, line, column = self.stack.pop()
        self.names.pop()
        if selected:
            parent = self.stack[-1][0] if self.stack else None
            if parent is not None:
                del parent[-1]  # the element just closed is its parent's last child
            self.ready.append(Found(element, line, column, parent))


def _refuse_entity(*args) -> None:
    raise StructureError("entity declarations are not allowed")


def _new_parser(select: Selector) -> tuple[expat.XMLParserType, _Builder]:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    builder = _Builder(parser, select)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.tree.data
    parser.EntityDeclHandler = _refuse_entity
    return parser, builder


def _parse(parser: expat.XMLParserType, data: bytes, final: bool) -> None:
    try:
        parser.Parse(data, final)
    except expat.ExpatError as error:
        message = expat.ErrorString(error.code)
        raise ImportFileError(message, line=error.lineno, column=error.offset + 1) from None
    except StructureError as error:
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        raise ImportFileError(str(error), line=line, column=column) from None


def stream_elements(
    stream: BinaryIO, select: Selector, *, on_read: Callable[[int], object] | None = None
) -> Iterator[Found]:
    """Yield each selected element when it closes, already detached from the tree."""
    parser, builder = _new_parser(select)
    while chunk := stream.read(CHUNK_SIZE):
        _parse(parser, chunk, False)
        if on_read is not None:
            on_read(len(chunk))
        yield from builder.ready
        builder.ready.clear()
    _parse(parser, b"", True)
    yield from builder.ready

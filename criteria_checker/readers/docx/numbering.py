"""Word's paragraph styles and automatic numbering, as far as the reader needs them.

Styles say which paragraphs are headings (by outline level or by the built-in
"heading N" names, following ``basedOn``) and may carry list numbering.
Numbering follows Word's rules: counters run per abstract numbering
definition, shared by every ``w:num`` instance that uses it; a ``w:num``
with a ``startOverride`` restarts its level the first time it is used; using
a level resets the deeper ones. The result is the label Word would display
("1.", "1.1", "a)"), so criteria numbered automatically read like typed ones.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.safe_xml import parse_untrusted

if TYPE_CHECKING:
    from lxml import etree

W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"

_HEADING_NAME = regex(r"^heading\s*([1-9])$", re.IGNORECASE)
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT_TAG = re.compile(rb"<((?:[\w.-]+:)?styles)\b[^>]*>")
_STYLE_TAG = re.compile(rb"<(?P<q>(?:[\w.-]+:)?style)\b(?P<attrs>[^>]*?)(?P<empty>/?)>")
_ATTRIBUTE_TYPE = re.compile(rb"\b(?:[\w.-]+:)?type=[\"']([^\"']*)[\"']")
_ATTRIBUTE_ID = re.compile(rb"\b(?:[\w.-]+:)?styleId=[\"']([^\"']*)[\"']")
_ATTRIBUTE_DEFAULT = re.compile(rb"\b(?:[\w.-]+:)?default=[\"'](?:1|true|on)[\"']")
_LEVEL_REF = regex(r"%([1-9])")
#: What a bulleted paragraph shows for its number, once per list level: Word's glyphs
#: ("\uf0b7" in Symbol, "o" in Courier New) say nothing a reader needs beyond that.
BULLET = "\u2022"

#: Word refuses list start values above this; a file may still say 20000000000.
MAX_START = 32767
#: Letters and roman numerals past this are shown as digits, so a label stays
#: short however far a long list or a hostile start value has counted.
MAX_WORDY_VALUE = MAX_START
#: Characters of w:lvlText kept, and of the label built from it: each "%1"
#: expands to a whole number and the label is built again for every paragraph
#: of the list, so a few bytes of numbering.xml must not become kilobytes each.
MAX_LEVEL_TEXT = 64
#: Digits parsed from a numeric attribute; anything longer is out of every range
#: here, and int() on a megabyte of digits is slow before Python 3.11.
_MAX_DIGITS = 12
_SATURATED = 1_000_000_000_000
_INTEGER = regex(r"([+-]?)0*([0-9]+)")


@dataclass(frozen=True, slots=True)
class StyleInfo:
    """What a paragraph style contributes: heading level (0 for Title), list numbering, bold."""

    heading: int | None = None
    num_id: str | None = None
    ilvl: int | None = None
    bold: bool = False


_PLAIN = StyleInfo()


@dataclass(frozen=True, slots=True)
class _RawStyle:
    """A paragraph style as styles.xml defines it, before inheritance."""

    name: str
    based_on: str | None
    outline: int | None
    num_id: str | None
    ilvl: int | None
    bold: bool | None


class Styles:
    """Paragraph styles by id, with inheritance resolved on demand.

    styles.xml is often larger than a third of the document itself (Word's
    default template carries hundreds of latent styles), and a document uses
    a handful of them. So the file is indexed by a scan of its bytes and only
    the styles the document names are parsed, each through
    :func:`~criteria_checker.safe_xml.parse_untrusted`. The scan goes only as
    far as the styles asked for: the default style and the headings usually
    come first, and the rest of the file (164 styles in python-docx's default
    template, most of a millisecond of scanning) is seldom looked at.
    """

    def __init__(self, data: bytes | None, source: str | Path = "", ns: str = W_MAIN) -> None:
        self._data = data
        self._source = source
        self._ns = ns
        self._raw: dict[str, _RawStyle | None] = {}
        self._cache: dict[str | None, StyleInfo] = {}
        self._spans: dict[str, tuple[int, int]] | None = None
        #: Where the scan for 'styleId=' stands (-1: done, or nothing to scan).
        self._next = -1
        self._root_tag = b""
        self._root_end = b""
        self.default_id: str | None = None

    def _index(self) -> dict[str, tuple[int, int]]:
        """Byte spans of the paragraph styles scanned so far, by id (set up on first use)."""
        if self._spans is not None:
            return self._spans
        self._spans = {}
        data = self._data
        if not data:
            return self._spans
        if _DTD.search(data[:65536]) or not _utf8(data):
            # Let the hardened parser refuse the DTD (or decode another encoding).
            self._load_root(parse_untrusted(data, self._source, part="word/styles.xml"))
            return self._spans
        root = _ROOT_TAG.search(data)
        if root is None:
            parse_untrusted(data, self._source, part="word/styles.xml")
            return self._spans
        self._root_tag = root.group(0)
        self._root_end = b"</" + root.group(1) + b">"
        # Finding each 'styleId=' with bytes.find is far quicker than a regex scan.
        self._next = data.find(b"styleId=", root.end())
        return self._spans

    def _scan(self, wanted: str | None) -> dict[str, tuple[int, int]]:
        """Index paragraph styles in file order until ``wanted`` is found (None: the default)."""
        spans = self._index()
        data = self._data
        position = self._next
        while position >= 0 and (wanted not in spans if wanted is not None
                                 else self.default_id is None):
            assert data is not None
            start = data.rfind(b"<", 0, position)
            match = _STYLE_TAG.match(data, start, data.find(b">", position) + 1)
            if match is None:
                position = data.find(b"styleId=", position + 8)
                continue
            end = match.end()
            if not match.group("empty"):
                close = data.find(b"</" + match.group("q") + b">", match.end())
                if close >= 0:
                    end = close + len(match.group("q")) + 3
            attributes = match.group("attrs")
            kind = _ATTRIBUTE_TYPE.search(attributes)
            style_id = _ATTRIBUTE_ID.search(attributes)
            if kind is not None and kind.group(1) == b"paragraph" and style_id is not None:
                name = style_id.group(1).decode("utf-8", "replace")
                spans.setdefault(name, (start, end))
                if self.default_id is None and _ATTRIBUTE_DEFAULT.search(attributes):
                    self.default_id = name
            position = data.find(b"styleId=", end)
        self._next = position
        return spans

    def _load_root(self, root: etree._Element) -> None:
        """Fallback: every paragraph style from a fully parsed styles.xml."""
        w = f"{{{self._ns}}}"
        for style in root.iterchildren(f"{w}style"):
            style_id = style.get(f"{w}styleId")
            if style.get(f"{w}type") == "paragraph" and style_id:
                self._raw.setdefault(style_id, _raw_style(style, self._ns))
                if self.default_id is None and style.get(f"{w}default") in ("1", "true", "on"):
                    self.default_id = style_id

    def _style(self, style_id: str) -> _RawStyle | None:
        if style_id in self._raw:
            return self._raw[style_id]
        span = self._scan(style_id).get(style_id)
        raw = None
        if span is not None and self._data is not None:
            snippet = self._root_tag + self._data[span[0]:span[1]] + self._root_end
            root = parse_untrusted(snippet, self._source, part="word/styles.xml")
            if len(root):
                raw = _raw_style(root[0], self._ns)
        self._raw[style_id] = raw
        return raw

    def info(self, style_id: str | None) -> StyleInfo:
        """The resolved style of a paragraph (its ``w:pStyle``, else the default style)."""
        cached = self._cache.get(style_id)
        if cached is None:
            if style_id is None:
                self._scan(None)
            cached = self._resolve(style_id if style_id is not None else self.default_id)
            self._cache[style_id] = cached
        return cached

    def _resolve(self, style_id: str | None) -> StyleInfo:
        heading: int | None = None
        heading_known = False
        num_id: str | None = None
        ilvl: int | None = None
        bold: bool | None = None
        seen: set[str] = set()
        current = style_id
        while current is not None and current not in seen:
            seen.add(current)
            raw = self._style(current)
            # A document without styles.xml (or naming a style it lacks) still
            # says "Heading1" or "Title" in the id itself.
            name = raw.name if raw is not None else current
            if not heading_known:
                if raw is not None and raw.outline is not None:
                    heading = raw.outline + 1 if raw.outline < 9 else None
                    heading_known = True
                else:
                    found = _HEADING_NAME.match(name) or _HEADING_NAME.match(current)
                    if found:
                        heading, heading_known = int(found.group(1)), True
                    elif name.casefold() == "title":
                        heading, heading_known = 0, True
            if raw is None:
                break
            if num_id is None and raw.num_id is not None:
                num_id, ilvl = raw.num_id, raw.ilvl
            if bold is None:
                bold = raw.bold
            current = raw.based_on
        if not heading_known and num_id is None and not bold:
            return _PLAIN
        return StyleInfo(heading=heading, num_id=num_id, ilvl=ilvl, bold=bool(bold))


def _raw_style(style: etree._Element, ns: str) -> _RawStyle:
    w = f"{{{ns}}}"
    val = f"{w}val"
    style_id = style.get(f"{w}styleId") or ""
    name = style.find(f"{w}name")
    based = style.find(f"{w}basedOn")
    outline = style.find(f"{w}pPr/{w}outlineLvl")
    num_id = style.find(f"{w}pPr/{w}numPr/{w}numId")
    ilvl = style.find(f"{w}pPr/{w}numPr/{w}ilvl")
    bold = style.find(f"{w}rPr/{w}b")
    return _RawStyle(
        name=(name.get(val) or style_id) if name is not None else style_id,
        based_on=based.get(val) if based is not None else None,
        outline=_int_or_none(outline.get(val)) if outline is not None else None,
        num_id=num_id.get(val) if num_id is not None else None,
        ilvl=_int_or_none(ilvl.get(val)) if ilvl is not None else None,
        bold=_on(bold.get(val)) if bold is not None else None,
    )


def _utf8(data: bytes) -> bool:
    return not data.startswith((b"\xff\xfe", b"\xfe\xff")) and (
        b"encoding=" not in data[:100] or re.search(rb"encoding=[\"']utf-?8[\"']", data[:100],
                                                   re.IGNORECASE) is not None)


@dataclass(frozen=True, slots=True)
class _Level:
    """One level of a numbering definition: its format and start."""

    fmt: str
    text: str
    start: int
    legal: bool


class Numbering:
    """Computes the label Word shows for each numbered paragraph, in document order.

    numbering.xml is parsed by :meth:`load`, which the reader calls when the
    styles use numbering or the document walk meets its first ``w:numPr``: a
    document without lists never pays for it. Until then no paragraph has a
    number.
    """

    def __init__(self, data: bytes | None, source: str | Path = "", ns: str = W_MAIN) -> None:
        self._data = data
        self._source = source
        self._ns = ns
        self._loaded = False
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._started: set[tuple[str, int]] = set()

    def load(self) -> None:
        """Parse numbering.xml (once), or raise a one-line InputError."""
        if self._loaded:
            return
        self._loaded = True
        if self._data:
            self._load(parse_untrusted(self._data, self._source, part="word/numbering.xml"),
                       self._ns)

    def restart(self) -> None:
        """Forget the counters, to number the document again from its start."""
        self._counters.clear()
        self._started.clear()

    def _load(self, root: etree._Element, ns: str) -> None:
        w = f"{{{ns}}}"
        val = f"{w}val"
        for abstract in root.iterchildren(f"{w}abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iterchildren(f"{w}lvl"):
                ilvl = _int_or_none(lvl.get(f"{w}ilvl"))
                if ilvl is None or not 0 <= ilvl <= 8:
                    continue
                fmt = lvl.find(f"{w}numFmt")
                text = lvl.find(f"{w}lvlText")
                start = lvl.find(f"{w}start")
                legal = lvl.find(f"{w}isLgl")
                levels[ilvl] = _Level(
                    fmt=(fmt.get(val) or "decimal") if fmt is not None else "decimal",
                    text=((text.get(val) or "") if text is not None else "")[:MAX_LEVEL_TEXT],
                    start=_start(start.get(val)) if start is not None else 0,
                    legal=legal is not None and _on(legal.get(val)),
                )
            abstract_id = abstract.get(f"{w}abstractNumId")
            if abstract_id is not None:
                self._abstract[abstract_id] = levels
        for num in root.iterchildren(f"{w}num"):
            num_id = num.get(f"{w}numId")
            ref = num.find(f"{w}abstractNumId")
            if num_id is None or ref is None or ref.get(val) is None:
                continue
            overrides: dict[int, int] = {}
            for override in num.iterchildren(f"{w}lvlOverride"):
                ilvl = _int_or_none(override.get(f"{w}ilvl"))
                start = override.find(f"{w}startOverride")
                if ilvl is not None and 0 <= ilvl <= 8 and start is not None:
                    value = _int_or_none(start.get(val))
                    if value is not None:
                        overrides[ilvl] = min(max(value, 0), MAX_START)
            self._nums[num_id] = (ref.get(val) or "", overrides)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the list ``num_id`` at level ``ilvl``; the number shown.

        A bullet is :data:`BULLET` once per level ("\u2022\u2022" at the second),
        whatever glyph and font show it; a level that shows nothing gives None.
        """
        entry = self._nums.get(num_id)
        if entry is None:
            return None
        abstract_id, overrides = entry
        levels = self._abstract.get(abstract_id)
        if not levels:
            return None
        ilvl = min(max(ilvl, 0), 8)
        level = levels.get(ilvl)
        counters = self._counters.setdefault(abstract_id, [None] * 9)
        if (num_id, ilvl) not in self._started:
            self._started.add((num_id, ilvl))
            if ilvl in overrides:
                counters[ilvl] = None
        current = counters[ilvl]
        start = overrides.get(ilvl, level.start if level is not None else 1)
        counters[ilvl] = start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        if level is None or level.fmt == "none":
            return None
        if level.fmt == "bullet":
            return BULLET * (ilvl + 1)
        return _LEVEL_REF.sub(lambda m: self._format(levels, counters, int(m.group(1)) - 1,
                                                      level.legal), level.text)[:MAX_LEVEL_TEXT]

    def _format(self, levels: dict[int, _Level], counters: list[int | None], index: int,
                legal: bool) -> str:
        level = levels.get(index)
        value = counters[index]
        if value is None:
            value = level.start if level is not None else 1
        fmt = "decimal" if legal or level is None else level.fmt
        return format_number(value, fmt)


def format_number(value: int, fmt: str) -> str:
    """A counter in a Word number format (decimal, letters, roman numerals)."""
    if fmt == "decimalZero":
        return f"{value:02d}"
    if value > MAX_WORDY_VALUE or value < -MAX_WORDY_VALUE:
        return str(value)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else ""
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(value)


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(value: int) -> str:
    if value <= 0:
        return str(value)
    out = []
    for amount, numeral in _ROMAN:
        while value >= amount:
            out.append(numeral)
            value -= amount
    return "".join(out)


def _start(text: str | None) -> int:
    """A level's start value, within what Word accepts (0 when missing or unreadable)."""
    value = _int_or_none(text)
    return 0 if value is None else min(max(value, 0), MAX_START)


def _int_or_none(text: str | None) -> int | None:
    if text is None:
        return None
    plain = _INTEGER.fullmatch(text.strip())
    if plain is None:
        # Rarer spellings int() accepts ("1_000", other scripts' digits), if short.
        try:
            return int(text) if len(text) <= _MAX_DIGITS else None
        except ValueError:
            return None
    if len(plain.group(2)) > _MAX_DIGITS:
        # Saturate rather than parse: every caller clamps to a small range.
        return -_SATURATED if plain.group(1) == "-" else _SATURATED
    return int(plain.group(0))


def _on(value: str | None) -> bool:
    return value not in ("0", "false", "off", "none")

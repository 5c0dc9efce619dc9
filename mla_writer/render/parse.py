"""Parse the small HTML subset that templates output into the document model.

Accepted: h1-h3 (class "numbered" on h2/h3 adds section numbers), p (class = paragraph style),
strong/b, em/i, u, span lang=.. (data-untranslated=PATH), ul/ol/li,
table (data-widths="1,3") / tr / th / td, div class="signature" (its p children are the lines),
div class="page-break". Anything else is a template bug and raises `TemplateMarkupError`.
Whitespace collapses as in HTML; character references (&amp; ...) come back as characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..i18n.formatting import native_digits
from .document import (
    Block,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    SignatureBlock,
    Table,
)

_WS = re.compile("[ \t\n\r\f]+")
_INLINE = {"strong", "b", "em", "i", "u", "span"}
_PARA_STYLES = {"body", "small", "address", "note", "center", "right", "title", "label"}


class TemplateMarkupError(ValueError):
    """The template produced markup outside the accepted subset."""


@dataclass(slots=True)
class _Container:
    tag: str
    blocks: list = field(default_factory=list)  # paragraphs (or blocks at top level)
    rows: list = field(default_factory=list)  # table rows / list items
    attrs: dict = field(default_factory=dict)


def _collapse(runs: list[Run]) -> list[Run]:
    """HTML whitespace rules over a paragraph's runs; merge neighbours with equal formatting."""
    out: list[Run] = []
    prev_space = True  # drop leading whitespace
    for run in runs:
        text = _WS.sub(" ", run.text)
        if prev_space and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        prev_space = text.endswith(" ")
        if out and (out[-1].lang, out[-1].bold, out[-1].italic, out[-1].underline) == (
                run.lang, run.bold, run.italic, run.underline):
            out[-1] = Run(out[-1].text + text, run.lang, run.bold, run.italic, run.underline)
        else:
            out.append(Run(text, run.lang, run.bold, run.italic, run.underline))
    if out and out[-1].text.endswith(" "):
        last = out[-1]
        text = last.text.rstrip(" ")
        out[-1:] = [Run(text, last.lang, last.bold, last.italic, last.underline)] if text else []
    return out


class _Parser(HTMLParser):
    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.untranslated: set[str] = set()
        self.stack: list[_Container] = [_Container("root")]
        self.inline: list[tuple[str, dict[str, str | None]]] = []
        self.runs: list[Run] | None = None
        self.para: tuple[str, str] | None = None  # (tag, style or level)
        self.numbers = [0, 0]

    # --- inline -----------------------------------------------------------------------
    def _fmt(self) -> tuple[str, bool, bool, bool]:
        lang, bold, italic, underline = self.lang, False, False, False
        for tag, attrs in self.inline:
            if tag in ("strong", "b"):
                bold = True
            elif tag in ("em", "i"):
                italic = True
            elif tag == "u":
                underline = True
            elif tag == "span" and attrs.get("lang"):
                lang = str(attrs["lang"])
            if tag == "span" and attrs.get("data-untranslated"):
                italic = True  # case text not yet translated: set apart from the translation
        return lang, bold, italic, underline

    def handle_data(self, data: str) -> None:
        if self.runs is None:
            if not data.strip():
                return
            self._open_para("implicit", "body")  # bare text in li / td / root
        lang, bold, italic, underline = self._fmt()
        assert self.runs is not None
        self.runs.append(Run(data, lang, bold, italic, underline))

    # --- blocks -----------------------------------------------------------------------
    def _open_para(self, tag: str, style: str) -> None:
        if self.runs is not None:
            self._close_para()
        self.runs, self.para = [], (tag, style)

    def _close_para(self) -> None:
        if self.runs is None or self.para is None:
            return
        runs = _collapse(self.runs)
        tag, style = self.para
        self.runs, self.para = None, None
        container = self.stack[-1]
        if tag.startswith("h"):
            level = int(tag[1])
            if style == "numbered" and level in (2, 3):
                if level == 2:
                    self.numbers = [self.numbers[0] + 1, 0]
                    label = f"{self.numbers[0]}."
                else:
                    self.numbers[1] += 1
                    label = f"{self.numbers[0]}.{self.numbers[1]}"
                label = native_digits(label, self.lang)  # Khmer and Burmese: own digits
                runs = [Run(label + " ", self.lang, bold=True), *runs]
            container.blocks.append(Heading(level, runs))
        elif runs or container.tag in ("td", "th"):
            container.blocks.append(Paragraph(runs, style))  # type: ignore[arg-type]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag in _INLINE:
            if self.runs is None:
                self._open_para("implicit", "body")
            self.inline.append((tag, a))
            if a.get("data-untranslated"):
                self.untranslated.add(str(a["data-untranslated"]))
            return
        if self.inline:
            raise TemplateMarkupError(f"<{tag}> inside an inline element")
        if tag in ("h1", "h2", "h3"):
            self._open_para(tag, cls)
        elif tag == "p":
            style = cls or "body"
            if style not in _PARA_STYLES:
                raise TemplateMarkupError(f"unknown paragraph class {style!r}")
            self._open_para("p", style)
        elif tag in ("ul", "ol", "table", "tr", "li", "td", "th") or (
                tag == "div" and cls in ("signature", "page-break")):
            self._close_para()
            self.stack.append(_Container(tag, attrs=a))
        else:
            raise TemplateMarkupError(f"tag <{tag}> is not part of the document markup")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _INLINE:
            if not self.inline or self.inline[-1][0] != tag:
                raise TemplateMarkupError(f"unbalanced </{tag}>")
            self.inline.pop()
            return
        if tag in ("h1", "h2", "h3", "p"):
            if self.para is None or self.para[0] != tag:
                raise TemplateMarkupError(f"unbalanced </{tag}>")
            self._close_para()
            return
        self._close_para()
        if len(self.stack) == 1:
            raise TemplateMarkupError(f"</{tag}> without an open element")
        node = self.stack.pop()
        if node.tag != tag:
            raise TemplateMarkupError(f"</{tag}> closes <{node.tag}>")
        parent = self.stack[-1]
        if tag in ("ul", "ol"):
            if node.rows:
                parent.blocks.append(ListBlock(node.rows, ordered=tag == "ol"))
        elif tag == "li":
            if parent.tag not in ("ul", "ol"):
                raise TemplateMarkupError("<li> outside a list")
            if node.blocks:
                parent.rows.append(node.blocks)
        elif tag in ("td", "th"):
            if parent.tag != "tr":
                raise TemplateMarkupError(f"<{tag}> outside a row")
            parent.rows.append((tag, node.blocks))
        elif tag == "tr":
            if parent.tag != "table":
                raise TemplateMarkupError("<tr> outside a table")
            if node.rows:
                parent.rows.append(node.rows)
        elif tag == "table":
            parent.blocks.append(_table(node))
        elif node.attrs.get("class") == "page-break":
            parent.blocks.append(PageBreak())
        else:  # signature
            lines = [p.runs for p in node.blocks if isinstance(p, Paragraph)]
            parent.blocks.append(SignatureBlock(lines))

    def result(self) -> list[Block]:
        if self.para is not None and self.para[0] != "implicit":
            raise TemplateMarkupError(f"unclosed <{self.para[0]}> at the end")
        self._close_para()
        if len(self.stack) != 1 or self.inline:
            open_tags = [c.tag for c in self.stack[1:]] + [t for t, _ in self.inline]
            raise TemplateMarkupError(f"unclosed elements at the end: {open_tags}")
        return self.stack[0].blocks


def _table(node: _Container) -> Table:
    rows = [[cell for _, cell in row] for row in node.rows]
    header_rows = 0
    for row in node.rows:
        if all(tag == "th" for tag, _ in row):
            header_rows += 1
        else:
            break
    widths = None
    if node.attrs.get("data-widths"):
        widths = [float(w) for w in str(node.attrs["data-widths"]).split(",")]
    return Table(rows, header_rows=header_rows, widths=widths)


def parse_markup(markup: str, lang: str, untranslated: set[str] | None = None) -> list[Block]:
    """Turn template output into document blocks; runs outside a `span lang` get `lang`.

    `untranslated`, if given, receives the JSON paths of printed case text that has no
    translation into the document language (spans marked `data-untranslated`).
    """
    parser = _Parser(lang)
    parser.feed(markup)
    parser.close()
    blocks = parser.result()
    if untranslated is not None:
        untranslated |= parser.untranslated
    return blocks

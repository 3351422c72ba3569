"""Turn the bytes of an uploaded CSV file into a header and rows, or say plainly why not.

Everything here is about the file as a file (size, encoding, delimiter, header); what the
cells mean is the resources' business. Problems are raised as `FileProblem`, with a message
written for the editor who saved the file from a spreadsheet.
"""

import codecs
import csv
import difflib
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

DELIMITER_NAMES = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
SAVE_AS_UTF8 = 'Save it from your spreadsheet as "CSV UTF-8 (comma delimited)" and try again.'
# The widest format has 14 columns; a header far wider is not one of ours, and checking each
# of its names would cost seconds and a message megabytes long.
MAX_COLUMNS = 100
# Control characters other than tab, line feed and carriage return: never text an editor
# typed, and PostgreSQL refuses NUL outright.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_NAMES = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL"}
SHOWN_PROBLEMS = 5


class FileProblem(Exception):
    """The file cannot be read at all; no row was looked at."""

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class CsvLine:
    """One data row: the file line it starts on and its cells as text."""

    line: int
    cells: list[str]


def check_size(size: int, max_bytes: int) -> None:
    if max_bytes and size > max_bytes:
        raise FileProblem(
            f"The file is {size / 1_000_000:.1f} MB; the limit is "
            f"{max_bytes / 1_000_000:.1f} MB. Split it into smaller files."
        )


def decode(content: bytes) -> str:
    """UTF-8 with or without a BOM, or UTF-16 with a BOM; anything else is refused by name.

    Latin-1 / Windows-1252 is refused rather than guessed: the same bytes mean different
    letters in other legacy encodings, and a wrong guess would be written silently.
    """
    if not content.strip():
        raise FileProblem("The file is empty.")
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise FileProblem("The file says it is UTF-16 but is not. " + SAVE_AS_UTF8) from None
    start = content[:4096]
    if start.count(b"\x00") * 10 > len(start):  # every other byte in UTF-16 text
        raise FileProblem(
            "The file looks like UTF-16 without a byte-order mark, or is not text at all. "
            + SAVE_AS_UTF8
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        byte = content[error.start]
        raise FileProblem(
            f"The file is not UTF-8: byte 0x{byte:02X} on line {line} suggests Latin-1 / "
            f"Windows-1252, which is not accepted. " + SAVE_AS_UTF8,
            line=line,
        ) from None
    check_control_characters(text)
    return text


def check_control_characters(text: str) -> None:
    """Refuse the file if any control character is in it, saying where the first ones are."""
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return
    newline = "\n" if "\n" in text else "\r"  # old Mac files end lines with CR only
    places = []
    for match in CONTROL_CHARACTERS.finditer(text, found.start()):
        if len(places) == SHOWN_PROBLEMS:
            places.append("and more")
            break
        line = text.count(newline, 0, match.start()) + 1
        column = match.start() - text.rfind(newline, 0, match.start())
        character = match.group()
        name = CONTROL_NAMES.get(character, "a control character")
        places.append(f"line {line}, column {column}: U+{ord(character):04X} ({name})")
    raise FileProblem(
        "The file holds control characters, which are not text and cannot be stored: "
        + "; ".join(places)
        + ". Remove them (they often come from copying out of another program) and save the "
        "file again.",
        line=text.count(newline, 0, found.start()) + 1,
    )


def read_rows(text: str | Iterable[str]) -> tuple[list[str], Iterator[CsvLine]]:
    """The header cells and an iterator over the non-blank data rows that follow.

    `text` is the whole text, or its lines with their endings (`decoded_lines`).
    """
    lines = iter(_lines(text) if isinstance(text, str) else text)
    first = next(lines, "")
    if first.count(",") >= MAX_COLUMNS:
        raise_too_wide()
    reader = csv.reader(itertools.chain([first], lines), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise FileProblem(f"Line 1 is not valid CSV: {error}.", line=1) from None
    if header is None or not any(cell.strip() for cell in header):
        raise FileProblem("The file has no header row: the first line must name the columns.")
    if len(header) > MAX_COLUMNS:
        raise_too_wide()
    return header, _data_rows(reader)


def decoded_lines(content: bytes) -> Iterator[str]:
    """The file's lines as text, with their endings, decoded one at a time.

    The whole file is checked first (`decode`); the text is then let go and each line is
    decoded from the bytes as it is read, so a large file is not held twice, as bytes and
    as text, while its rows are read.
    """
    text = decode(content)
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        content = text.encode()  # rare; the lines below read UTF-8
    del text
    start = len(codecs.BOM_UTF8) if content.startswith(codecs.BOM_UTF8) else 0
    if b"\n" not in content:
        content = content.replace(b"\r", b"\n")  # old Mac line endings
    size = len(content)
    while start < size:
        end = content.find(b"\n", start)
        end = size if end == -1 else end + 1
        yield content[start:end].decode()
        start = end


def raise_too_wide():
    raise FileProblem(
        f"The header has more than {MAX_COLUMNS} columns; these CSV formats have at most 14. "
        "Check that the first line names the columns, separated by commas.",
        line=1,
    )


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, one at a time.

    A StringIO over a large file would hold another copy of it, four bytes per character.
    """
    if "\n" not in text:
        text = text.replace("\r", "\n")  # old Mac line endings
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        if end == -1:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def _data_rows(reader) -> Iterator[CsvLine]:
    last_line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            line = last_line + 1
            raise FileProblem(f"Line {line} is not valid CSV: {error}.", line=line) from None
        start, last_line = last_line + 1, reader.line_num
        if any(cell.strip() for cell in cells):  # spreadsheets leave blank rows at the end
            yield CsvLine(start, cells)


def match_header(header: list[str], known: list[str], required: list[str]) -> list[str | None]:
    """Map each header cell to a known column name, or raise with every problem at once.

    Names are matched without regard to case or surrounding spaces. A column with an empty
    name maps to None (spreadsheets add them); a row with a value there is refused later.
    """
    if len(header) > MAX_COLUMNS:
        raise_too_wide()
    names = [cell.strip().lower() for cell in header]
    if len(names) == 1 and names[0] not in known:
        for delimiter, described in DELIMITER_NAMES.items():
            if delimiter in header[0]:
                raise FileProblem(
                    f"The header is a single column ({header[0][:60]!r}): the file seems to be "
                    f"separated by {described}. Columns must be separated by commas. "
                    + SAVE_AS_UTF8,
                    line=1,
                )
    problems = []
    seen = set()
    for name in names:
        if not name:
            continue
        if name in seen:
            problems.append(f'the column "{name}" appears twice')
        seen.add(name)
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            problems.append(f'unknown column "{name}"{hint}')
    missing = [name for name in required if name not in seen]
    if missing:
        problems.append(
            "missing required column"
            + ("s " if len(missing) > 1 else " ")
            + (", ".join(f'"{name}"' for name in missing))
        )
    if len(problems) > SHOWN_PROBLEMS:
        problems = [*problems[:SHOWN_PROBLEMS], f"{len(problems) - SHOWN_PROBLEMS} more"]
    if problems:
        raise FileProblem(
            "The header is not right: "
            + "; ".join(problems)
            + ". Accepted columns: "
            + ", ".join(known)
            + " (required: "
            + ", ".join(required)
            + ").",
            line=1,
        )
    return [name or None for name in names]

"""What every CSV feed kind shares: sources, reading rows, problems, reports and writing.

A feed kind subclasses :class:`FeedReader` with its header formats and its row checks, and
writes through :func:`csv_writer`; ``_available_to_sell.py`` is the example to follow.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import itertools
import os
import secrets
import stat
from collections.abc import Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import IO, TYPE_CHECKING, Generic, Protocol, cast

from typing_extensions import TypeVar

from .._errors import FeedError, FeedFileError

if TYPE_CHECKING:
    from ._available_to_sell import FeedFormat

__all__ = [
    "Destination",
    "FeedReader",
    "FeedReport",
    "FeedRowError",
    "RowWriter",
    "Source",
    "csv_writer",
    "header_key",
    "not_utf8",
    "open_text",
    "visible",
]

Source = str | os.PathLike[str] | IO[str] | IO[bytes]
Destination = IO[str] | str | os.PathLike[str]

# The column set a feed kind found in a header.  A bare ``FeedReport`` stays the
# available-to-sell report it was before other feed kinds shared the class.
FormatT = TypeVar("FormatT", bound=Enum, default="FeedFormat")


@dataclass(frozen=True)
class FeedRowError:
    """One problem in a feed: where it is and what is wrong."""

    line: int
    """1-based line number in the file (the header is line 1)."""
    column: str
    """The column's name, or ``"row"`` for a problem with the whole row."""
    value: str
    """The cell's text as found."""
    message: str
    """What is wrong."""

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


@dataclass
class FeedReport(Generic[FormatT]):
    """The outcome of validating a whole feed.

    ``FormatT`` is the feed kind's format enum; a bare ``FeedReport`` is the available-to-sell
    feed's, ``FeedReport[FeedFormat]``.
    """

    format: FormatT | None = None
    """The column set found in the header."""
    rows: int = 0
    """Valid rows read."""
    errors: list[FeedRowError] = field(default_factory=list[FeedRowError])
    """Every problem found, in file order."""

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.errors

    def raise_for_errors(self) -> None:
        """Raise :class:`~locally.FeedError` listing every problem, if there were any."""
        if self.errors:
            shown = "; ".join(str(e) for e in self.errors[:10])
            more = f" (+{len(self.errors) - 10} more)" if len(self.errors) > 10 else ""
            raise FeedError(f"{len(self.errors)} problems in the feed: {shown}{more}", self.errors)


def visible(text: str) -> str:
    r"""``text`` with bytes that were not UTF-8 shown as ``\xNN``, safe to print anywhere."""
    if text.isascii():
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no decoder produced: from a caller's own text
        return text.encode("ascii", "backslashreplace").decode("ascii")


def not_utf8(text: str) -> bool:
    """Whether ``text`` holds bytes that were not UTF-8 (decoded with ``surrogateescape``)."""
    return not text.isascii() and any("\udc80" <= ch <= "\udcff" for ch in text)


@contextlib.contextmanager
def open_text(source: Source) -> Generator[IO[str], None, None]:
    """``source`` as text: a path is opened (and closed), a binary file decoded as UTF-8.

    A byte order mark is dropped; spreadsheet programs write one.  Bytes that are not UTF-8
    are kept as lone surrogates (``surrogateescape``), so the reader can report the cell they
    are in instead of failing on the whole file.  A file object the caller passed stays open.
    """
    if isinstance(source, (str, os.PathLike)):
        try:
            handle = open(  # noqa: SIM115 - closed by the `with` below; opening may fail alone
                source, encoding="utf-8-sig", errors="surrogateescape", newline=""
            )
        except (OSError, ValueError) as exc:
            raise FeedFileError(f"cannot open feed {os.fspath(source)!r}: {exc}") from exc
        with handle:
            yield handle
        return
    if isinstance(source, io.TextIOBase) or hasattr(source, "encoding"):
        yield cast("IO[str]", source)
        return
    if not hasattr(source, "read"):
        raise FeedError(
            f"a feed source must be a path or a file object, got {type(source).__name__}"
        )
    text = io.TextIOWrapper(
        cast("IO[bytes]", source), encoding="utf-8-sig", errors="surrogateescape", newline=""
    )
    try:
        yield text
    finally:
        # Hand the caller's file back open; it may already be closed if the reader was
        # abandoned after the caller closed it.
        with contextlib.suppress(ValueError):
            text.detach()


def header_key(names: Iterable[str]) -> tuple[str, ...]:
    """A header's column names as compared: any case, ``_`` or spaces, stray BOM ignored."""
    return tuple(
        " ".join(n.strip().lstrip("\ufeff").lower().replace("_", " ").split()) for n in names
    )


class FeedReader(Generic[FormatT]):
    """Reading state every feed kind shares: the format found and the problems so far.

    Problems are collected in :attr:`errors`, or with ``fail_fast`` the first one raises
    :class:`~locally.FeedError`.
    """

    #: The cell separators a file of this kind may use; with more than one, the first line
    #: decides (the one it has most of).
    delimiters: str = ","

    def __init__(self, source: Source, *, fail_fast: bool = False) -> None:
        self._source = source
        self._fail_fast = fail_fast
        #: The column set found in the header (after iteration has started).
        self.format: FormatT | None = None
        #: Every problem found so far, in file order.
        self.errors: list[FeedRowError] = []

    def _cell_problem(self, line: int, column: str, cell: str, exc: ValueError) -> None:
        """Report a cell its check refused.

        A cell holding bytes that are not UTF-8 is said to be so, in every column of every
        feed: the check's own message (not a number, not a UPC, not https) would hide that the
        file's encoding is what is wrong.
        """
        message = f"{visible(cell)} is not UTF-8 text" if not_utf8(cell) else str(exc)
        self._problem(FeedRowError(line, column, cell, message))

    def _problem(self, error: FeedRowError) -> None:
        if not error.value.isascii():
            error = dataclasses.replace(error, value=visible(error.value))
        if self._fail_fast:
            raise FeedError(str(error), [error])
        self.errors.append(error)

    def _lines(self) -> Iterator[list[str]]:
        """The file's rows; unreadable input ends them with a problem on the line found."""
        with open_text(self._source) as text:
            # The line a failure is on: csv counts the malformed record itself; a read that
            # failed was fetching the line after the last one read.
            problem: str | None = None
            line = 0
            reader = csv.reader(())
            try:
                lines: Iterable[str] = text
                delimiter = self.delimiters[0]
                if len(self.delimiters) > 1:
                    first = text.readline()
                    delimiter = max(self.delimiters, key=first.count) if first else delimiter
                    lines = itertools.chain([first], text)
                reader = csv.reader(lines, delimiter=delimiter)
                yield from reader
            except csv.Error as exc:
                # The csv module stops at malformed input, such as a field over its size limit.
                problem, line = f"malformed CSV: {exc}", reader.line_num
            except UnicodeDecodeError as exc:
                # Only a text file the caller opened strictly decodes here; ours never fail.
                problem, line = f"not UTF-8 text: {exc.reason}", reader.line_num + 1
            except (OSError, ValueError) as exc:
                problem, line = f"the feed could not be read: {exc}", reader.line_num + 1
            if problem is not None:
                self._problem(FeedRowError(line, "row", "", problem))

    def _start(
        self,
        lines: Iterator[list[str]],
        formats: Mapping[tuple[str, ...], FormatT],
        expected: Iterable[list[str]],
    ) -> FormatT | None:
        """Read the header: the format whose :func:`header_key` it matches, else a problem."""
        header = next(lines, None)
        fmt = formats.get(header_key(header)) if header else None
        if fmt is None:
            found = ",".join(header) if header else "an empty file"
            wanted = " or ".join(",".join(names) for names in expected)
            self._problem(FeedRowError(1, "header", found, f"expected {wanted}"))
        self.format = fmt
        return fmt

    def _report(self, rows: int) -> FeedReport[FormatT]:
        return FeedReport(format=self.format, rows=rows, errors=list(self.errors))


class RowWriter(Protocol):
    """The part of a :func:`csv.writer` that writing a feed uses."""

    def writerow(self, row: Iterable[object], /) -> object:
        """Write one row."""
        ...


@contextlib.contextmanager
def csv_writer(destination: Destination) -> Generator[RowWriter, None, None]:
    """A CSV writer with Unix line ends; a path is written atomically as UTF-8.

    For a path, rows go to a temporary file in the same folder, which replaces the
    destination (``os.replace``) only when the block ends without an error.  A job that fails
    half-way leaves the previous feed untouched and no stray file behind, and a reader
    polling the path never sees half a feed.
    """
    if not isinstance(destination, (str, os.PathLike)):
        if not hasattr(destination, "write"):
            raise FeedError(
                "a feed destination must be a path or a text file object, got "
                f"{type(destination).__name__}"
            )
        yield csv.writer(destination, lineterminator="\n")
        return
    target = os.fspath(destination)
    temporary = os.path.join(
        os.path.dirname(os.path.abspath(target)),
        f".{os.path.basename(target)}.{secrets.token_hex(4)}.tmp",
    )
    # os.open with 0o666 lets the umask decide the mode, as open() would for a new feed (a
    # temporary file module would make it 0600, which a web server publishing it cannot read).
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except (OSError, ValueError) as exc:
        raise FeedFileError(f"cannot write a feed beside {target!r}: {exc}") from exc
    try:
        try:
            with open(fd, "w", encoding="utf-8", newline="") as handle:
                yield csv.writer(handle, lineterminator="\n")
        except FeedError:
            raise
        except OSError as exc:  # a full disk when the last rows are flushed
            raise FeedFileError(f"cannot write feed {target!r}: {exc}") from exc
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
        try:
            os.replace(temporary, target)
        except OSError as exc:
            raise FeedFileError(f"cannot replace feed {target!r}: {exc}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise

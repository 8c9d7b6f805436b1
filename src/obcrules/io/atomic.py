"""Write files atomically: a temporary file in the same folder, renamed into place.

An interrupted run leaves the previous file or none, never a half-written one.
Every file obcrules writes goes through this module, so every output gets the
mode `open()` would give it (``0o666`` less the umask: 0644 under the usual
umask 022), never the 0600 of `tempfile.mkstemp`. A file edited in place
(`rewrite_text_atomic`, as ``obc fmt`` does) keeps its own mode, and a link to it
stays a link.
"""

from __future__ import annotations

import os
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

_UMASK_LOCK = threading.Lock()


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (creating its folder if needed)."""
    write_stream_atomic(path, lambda stream: stream.write(data))


def write_stream_atomic(path: str | Path, write: Callable[[BinaryIO], object],
                        mode: int | None = None) -> None:
    """Atomically write to ``path`` what ``write`` writes to the binary stream it is given
    (for an output too large to hold in memory twice); with ``mode``, the file gets
    those permission bits instead of a new file's."""
    with atomic_path(path) as temporary:
        with temporary.open("wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            temporary.chmod(mode)


def rewrite_text_atomic(path: str | Path, text: str) -> None:
    """Replace the text of the existing file ``path`` atomically, as an edit in place: the
    file keeps its permission bits, a symbolic link is followed (the file it names is
    rewritten, the link stays), and a file its owner may not write is refused with
    `PermissionError`, as `open()` would refuse it."""
    target = Path(path).resolve()
    if not os.access(target, os.W_OK):
        raise PermissionError(13, "Permission denied", str(path))
    write_stream_atomic(target, lambda stream: stream.write(text.encode("utf-8")),
                        stat.S_IMODE(target.stat().st_mode))


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` for a writer that needs a file name (pyarrow,
    a PDF library); renamed onto ``path`` when the block ends, removed if it raises.

    The temporary file already exists, with the mode of a newly created file;
    the writer may truncate or replace it.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        temporary.chmod(0o666 & ~_umask())  # as open() would, not 0600 like mkstemp
        yield temporary
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _umask() -> int:
    # Reading the umask means setting it; two threads doing so at once could leave the
    # process with the other's temporary value.
    with _UMASK_LOCK:
        current = os.umask(0o022)
        os.umask(current)
    return current

"""Write files atomically: a temporary file in the same folder, renamed into place.

An interrupted run leaves the previous file or none, never a half-written one.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

_UMASK_LOCK = threading.Lock()


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (creating its folder if needed)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        Path(temporary).chmod(0o666 & ~_umask())  # as open() would, not 0600 like mkstemp
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    # Reading the umask means setting it; two threads doing so at once could leave the
    # process with the other's temporary value.
    with _UMASK_LOCK:
        current = os.umask(0o022)
        os.umask(current)
    return current


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))

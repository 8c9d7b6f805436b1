"""``obc serve`` as a function: the web app over a tender workspace or monitoring folder.

The command line calls `serve`; it checks the folders before Starlette and uvicorn
are imported, so a mistyped folder or a missing ``web`` extra is one clear line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from obcrules.api.errors import UsageError


def serve(directory: str | Path, *, host: str = "127.0.0.1", port: int = 8000,
          monitoring: Sequence[str | Path] = (), secure_cookies: bool | None = None) -> None:
    """Serve the web app over ``directory`` until interrupted (``obc serve``).

    ``directory`` is a tender workspace (the panel's pages and the playground) or a
    folder of monitoring results (the dashboard); ``monitoring`` adds folders of
    monitoring results to a workspace's dashboard. ``secure_cookies`` marks the
    session cookie ``Secure`` (default: when ``host`` is not a loopback address, as
    it then should be behind a TLS proxy). Raises `UsageError` when a folder does not
    exist, holds neither, or the ``web`` extra is not installed.
    """
    root = Path(directory)
    if not root.is_dir():
        raise UsageError(f"no such folder: {root}")
    extra = [Path(m) for m in monitoring]
    missing = [m for m in extra if not (m / "monitoring.json").is_file()]
    if missing:
        raise UsageError(*(f"no monitoring.json in {m}" for m in missing), argument="monitoring")
    try:
        from obcrules.web import server
    except ModuleNotFoundError as exc:
        missing_name = (exc.name or "").split(".")[0]
        if missing_name not in ("starlette", "uvicorn", "itsdangerous", "multipart",
                                "python_multipart"):
            raise
        raise UsageError(f"the web app needs {missing_name}: pip install 'obcrules[web]'"
                         ) from exc
    server.run(root, host=host, port=port, monitoring=extra, secure_cookies=secure_cookies)

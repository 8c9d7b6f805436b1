"""``obc serve``: the app under uvicorn.

Uvicorn's access log is off: it would print sign-in links, tokens and all. The app
logs sign-ins and refusals itself (logger ``obcrules.web``) with person ids only.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from obcrules.web.app import create_app
from obcrules.web.site import discover


def run(root: Path, *, host: str = "127.0.0.1", port: int = 8000,
        monitoring: Sequence[Path] = (), secure_cookies: bool | None = None) -> None:
    """Serve the app over ``root`` until interrupted."""
    if secure_cookies is None:
        secure_cookies = not _loopback(host)
    site = discover(root, monitoring, secure_cookies=secure_cookies)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    what = ", ".join(filter(None, ["a tender workspace" if site.tender else "",
                                   f"{len(site.runs)} monitoring run(s)" if site.runs else ""]))
    logging.getLogger("obcrules.web").info("serving %s (%s) on http://%s:%d/", root,
                                           what or "rulesets only", host, port)
    uvicorn.run(create_app(site), host=host, port=port, access_log=False,
                log_level="info", proxy_headers=True, forwarded_allow_ips="127.0.0.1")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

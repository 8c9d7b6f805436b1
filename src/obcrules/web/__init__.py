"""``obc serve``: the web app of the panel, the policy lead and the contract manager.

A Starlette app over one folder, a tender workspace or monitoring results, whose
files stay the state: every page reads them, and every action writes them,
through `obcrules.api`, exactly as the command line does, so the two never
disagree. Pages are rendered on the server (Jinja, autoescaped); a small script
(``static/app.js``) adds typing-time checks to the playground and nothing a page
needs to work.

- `obcrules.web.app`: the app (`create_app`), its routes and security headers;
- `obcrules.web.access`: who may reach each route (deny by default), sessions, CSRF;
- `obcrules.web.site`: what the folder holds;
- `obcrules.web.panel`, `decision`, `playground`, `dashboard`: the pages;
- `obcrules.web.server`: uvicorn, and `obcrules.web.launch`: ``obc serve``.

Importing this package loads no Starlette: `create_app`, `discover` and `Site` load
on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Site", "create_app", "discover"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from obcrules.web.app import create_app

        return create_app
    if name in ("Site", "discover"):
        from obcrules.web import site

        return getattr(site, name)
    raise AttributeError(f"module 'obcrules.web' has no attribute {name!r}")

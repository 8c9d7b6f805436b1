"""Bidders' names: when two names are one bidder, and each bidder's own identifier.

`identity` is the form in which names are compared, so that ``Ａｃｍｅ Care`` and
``acme care`` are one bidder. `bidder_slugs` gives each bidder an identifier made of
lower-case ASCII letters, digits and ``-``, unique among the bidders: the default
``provider_id`` of a bid that gives none, and the OCDS party and bid id of a bidder
without an ``organisation`` block. `slug` alone is not unique: it drops what is not
ASCII (``北京护理`` and ``上海护理`` are both ``unnamed``), punctuation (``Acme Care``
and ``Acme-Care`` are both ``acme-care``) and everything past 64 characters, so a
bidder whose slug another bidder shares (or that is ``taken``) gets the slug and
8 hexadecimal digits of the SHA-256 of its name's identity: ``acme-care-6c1f0b2e``.
The result depends only on the set of names, never on the order of the bid files.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable

from obcrules.tender.workspace import slug


def identity(name: str) -> str:
    """The form in which two bidder names (or provider ids) are compared: NFKC, without
    invisible characters (zero-width space, soft hyphen…), spaces collapsed, case folded.
    ``"Ａｃｍｅ\u200b Care"`` and ``"acme care"`` are one bidder."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.split()).casefold()


def bidder_slugs(names: Iterable[str], taken: Collection[str] = ()) -> dict[str, str]:
    """Each name → an identifier no other name gets and not in ``taken``: its `slug`,
    or, where that is shared or taken, the slug and 8 hex digits of its identity's
    SHA-256. Names that are one bidder (the same `identity`) get the same identifier."""
    listed = list(names)
    by_identity = {identity(name): name for name in listed}
    plain = {key: slug(name) for key, name in by_identity.items()}
    shared = Counter(plain.values())
    unique = {key: s if shared[s] == 1 and s not in taken else _hashed(s, key)
              for key, s in plain.items()}
    return {name: unique[identity(name)] for name in listed}


def _hashed(base: str, key: str) -> str:
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return f"{base}-{digest}"

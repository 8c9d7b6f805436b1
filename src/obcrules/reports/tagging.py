"""What WeasyPrint 70's tagged PDF leaves out, added before the file is written.

WeasyPrint writes the structure tree of a PDF/UA-1 or a tagged PDF/A document
(``weasyprint/pdf/tags.py``) but, as of 70.0:

- a table header cell (``TH``) has no ``/Scope``: ``<th scope="row">`` only decides
  which data cells list the header in their ``/Headers``. PDF/UA-1 (ISO 14289-1,
  7.5; Matterhorn 15-003) needs the scope, so `complete_structure` reads it back
  from those ``/Headers``: a header named by a data cell of its own row is a row
  header, any other a column header;
- an internal link's ``/Contents`` (its alternate description, 7.18.5) is the
  anchor's name (``provider-acme-care``); it becomes "Go to" and the text of the
  heading the anchor names;
- a PDF/A-3b file carries only the PDF/A identifier in its XMP; an archival report
  is tagged as well, so it also claims PDF/UA-1, with the extension schema that
  PDF/A requires for the ``pdfuaid`` property;
- a PDF/A-3 lists each associated file twice in the catalog's ``/AF`` (once from
  the embedded-files name tree, once from the file specifications); once is kept.

The finisher works on pydyf's objects (WeasyPrint's ``finisher`` hook), so the PDF
is written once, by WeasyPrint, and nothing reparses it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydyf

PDFUA_EXTENSION = b"""<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" \
rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>
<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about="" \
xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates which part of ISO 14289 the file conforms to\
</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""
"""XMP that claims PDF/UA-1 inside a PDF/A file, with the schema PDF/A asks for."""


def complete_structure(pdf: Any, anchors: Mapping[str, str], archival: bool) -> None:
    """Give every ``TH`` a ``/Scope``, every internal link words, an archive the UA claim.

    ``pdf`` is the ``pydyf.PDF`` WeasyPrint is about to write; ``anchors`` maps an
    anchor (an element's ``id``) to the words a link to it is read as.
    """
    objects = [o for o in pdf.objects if isinstance(o, pydyf.Dictionary)]
    for element in objects:
        if element.get("S") == "/TH":
            _scope(pdf, element)
        elif element.get("Subtype") == "/Link" and "Dest" in element:
            target = str(element["Dest"].string)
            element["Contents"] = pydyf.String(f"Go to {anchors.get(target, target)}")
    if archival:
        _claim_pdfua(pdf)
        if "AF" in pdf.catalog:
            pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))


def _scope(pdf: Any, header: Any) -> None:
    attributes = header.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
    attributes["Scope"] = "/Row" if _names_its_row(pdf, header) else "/Column"


def _names_its_row(pdf: Any, header: Any) -> bool:
    """Whether a data cell in the header's own row lists it among its ``/Headers``."""
    if "ID" not in header or "P" not in header:
        return False
    key = header["ID"].string
    row = _dereference(pdf, header["P"])
    for kid in row.get("K", ()):
        cell = _dereference(pdf, kid)
        if cell is None or cell.get("S") != "/TD":
            continue
        names = cell.get("A", {}).get("Headers", ())
        if any(getattr(name, "string", None) == key for name in names):
            return True
    return False


def _dereference(pdf: Any, reference: Any) -> Any:
    if not isinstance(reference, bytes):
        return None
    target = pdf.objects[int(reference.split()[0])]
    return target if isinstance(target, pydyf.Dictionary) else None


def _claim_pdfua(pdf: Any) -> None:
    metadata = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
    content = b"".join(metadata.stream)
    metadata.stream = [content.replace(b"</rdf:RDF>", PDFUA_EXTENSION + b"</rdf:RDF>", 1)]

"""Stable CASE identifiers and URIs for a criteria set and its nodes.

Every identifier is a name-based UUID (RFC 4122 version 5, SHA-1) under
:data:`NAMESPACE`, so the same criteria set gives the same identifiers on every
run and machine. The names are:

==================  ======================================  ==========================
object              name                                    example
==================  ======================================  ==========================
CFDocument          ``{set id}``                            ``sfc-l5-lmac-2021-05``
CFItem              ``{set id}:{reference}``                ``sfc-l5-lmac-2021-05:LMAC5A/LM/A.1``
CFAssociation       ``{set id}:{reference}:isChildOf``      (the item's link to its parent)
CFItemType          ``{set id}:CFItemType:{title}``         ``...:CFItemType:Outcome``
CFConcept           ``{set id}:CFConcept:{keyword}``        ``...:CFConcept:knowledge``
==================  ======================================  ==========================

A set id never contains ``:``, so no two names collide. The UUID is computed
with hashlib rather than the ``uuid`` module: reports name the CASE identifier
of every finding's reference, and the check path stays as light as it can be.
"""

from __future__ import annotations

import hashlib

#: uuid5(NAMESPACE_URL, "urn:criteria-checker:case"): fixed for ever, or every identifier moves.
NAMESPACE = "31e09650-6774-5dca-9815-58a6a653cf22"

#: The URI of an object when no base URI is given: the URN form of its identifier (RFC 4122).
URN_PREFIX = "urn:uuid:"

#: The folder of each kind of object under a base URI, as in the CASE REST API's paths.
URI_FOLDERS = {
    "CFDocument": "CFDocuments",
    "CFItem": "CFItems",
    "CFAssociation": "CFAssociations",
    "CFItemType": "CFItemTypes",
    "CFConcept": "CFConcepts",
}


def uuid5(name: str, namespace: str = NAMESPACE) -> str:
    """The version 5 UUID of ``name`` under ``namespace``, as ``uuid.uuid5`` gives it."""
    digest = bytearray(hashlib.sha1(bytes.fromhex(namespace.replace("-", ""))
                                    + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def document_id(set_id: str) -> str:
    """The CFDocument identifier of a criteria set."""
    return uuid5(set_id)


def node_id(set_id: str, ref: str) -> str:
    """The CFItem identifier of a node given by its canonical reference."""
    return uuid5(f"{set_id}:{ref}")


def association_id(set_id: str, ref: str) -> str:
    """The identifier of the isChildOf association from a node to its parent."""
    return uuid5(f"{set_id}:{ref}:isChildOf")


def definition_id(set_id: str, kind: str, name: str) -> str:
    """The identifier of a CFItemType or CFConcept definition of a criteria set."""
    return uuid5(f"{set_id}:{kind}:{name}")


def object_uri(kind: str, identifier: str, base_uri: str | None = None) -> str:
    """``urn:uuid:{identifier}``, or ``{base}/{folder}/{identifier}`` under a base URI.

    ``kind`` is a key of :data:`URI_FOLDERS`; the base is used as given, without
    its trailing slashes.
    """
    if base_uri is None:
        return URN_PREFIX + identifier
    return f"{base_uri.rstrip('/')}/{URI_FOLDERS[kind]}/{identifier}"

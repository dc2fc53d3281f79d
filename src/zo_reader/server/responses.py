"""Turning documents into HTTP responses: JSON, ETags, 304s, gzip and errors.

Compression is done here rather than by Starlette's ``GZipMiddleware`` for
three reasons: a strong ETag must differ between the plain and the gzip
representation (RFC 9110, section 8.8.3), and the middleware keeps one tag
for both; it sends ``Vary`` only on the responses it compresses, so a cache
could hand a stored plain body to the wrong client; and it reads any
``Accept-Encoding`` that contains "gzip", including ``gzip;q=0``, which means
the opposite.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import Response

from zo_reader.core.sanitize import escape_json_controls

GZIP_MIN_BYTES = 1024
"""Bodies at least this long are compressed for clients that accept gzip."""

JSON_TYPE = "application/json"
_GZIP_SUFFIX = "-gzip"
# Clients revalidate every time; with the ETag an unchanged answer is a bodiless 304.
_CACHE_CONTROL = "no-cache"


def encode(document: object) -> bytes:
    """Compact UTF-8 JSON; a lone surrogate (undecodable input) becomes ``?``, not a 500.

    C1, DEL and bidi controls are written as ``\\uXXXX`` as in the CLI's ``--json``
    (JSON escapes C0 only): the same document for a client, inert in a terminal
    that shows the answer (``curl``).
    """
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return escape_json_controls(text).encode("utf-8", "replace")


def entity_tag(body: bytes) -> str:
    """The opaque part of the strong ETag of ``body``: 128 bits of its SHA-256."""
    return hashlib.sha256(body).hexdigest()[:32]


def matches_any(if_none_match: str | None, tag: str) -> bool:
    """Whether an ``If-None-Match`` header names the current representation.

    The weak comparison RFC 9110 prescribes for this header: ``W/`` is ignored,
    and the gzip variant's tag matches the plain one (same content, so a
    client that switched encodings still gets its 304).
    """
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*":
            return True
        candidate = candidate.removeprefix("W/")
        quoted = len(candidate) >= 2 and candidate[0] == candidate[-1] == '"'
        if quoted and candidate[1:-1].removesuffix(_GZIP_SUFFIX) == tag:
            return True
    return False


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether ``Accept-Encoding`` allows gzip (``gzip``, ``x-gzip`` or ``*`` with q above 0)."""
    if not accept_encoding:
        return False
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, *parameters = (part.strip() for part in item.split(";"))
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[coding.lower()] = weight
    for coding in ("gzip", "x-gzip"):
        if coding in weights:
            return weights[coding] > 0
    return weights.get("*", 0.0) > 0


def representation(
    request: Request, document: object, headers: Mapping[str, str] | None = None
) -> Response:
    """A 200 with ``document`` as JSON, or a bodiless 304 if the client has it already.

    Args:
        request: The request, for ``If-None-Match`` and ``Accept-Encoding``.
        document: What to send.
        headers: More headers for both the 200 and the 304 (such as ``Link``).
    """
    body = encode(document)
    tag = entity_tag(body)
    compress = len(body) >= GZIP_MIN_BYTES and accepts_gzip(request.headers.get("accept-encoding"))
    if compress:
        tag += _GZIP_SUFFIX
    sent = {
        **(headers or {}),
        "ETag": f'"{tag}"',
        "Cache-Control": _CACHE_CONTROL,
        # On every answer, small ones too: the same URL may later hold a large body.
        "Vary": "Accept-Encoding",
    }
    if matches_any(request.headers.get("if-none-match"), tag.removesuffix(_GZIP_SUFFIX)):
        return Response(status_code=304, headers=sent)
    if compress:
        # mtime=0: the same content always compresses to the same bytes.
        body = gzip.compress(body, compresslevel=6, mtime=0)
        sent["Content-Encoding"] = "gzip"
    return Response(body, media_type=JSON_TYPE, headers=sent)


def error(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    """An error answer: ``{"error": message}`` with ``status``, never stored by caches."""
    sent = {**(headers or {}), "Cache-Control": "no-store"}
    return Response(
        encode({"error": message}), status_code=status, media_type=JSON_TYPE, headers=sent
    )

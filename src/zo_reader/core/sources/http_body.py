"""Reading a compressed body a little at a time, so the size cap holds while it inflates.

httpx inflates each read from the network whole: 64 KiB of gzipped zeros
became 64 MiB in memory before :class:`~zo_reader.core.sources.http.HttpClient`
could compare the size with its cap. Here gzip and deflate are undone at
most ``PIECE`` bytes at a time instead.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

ACCEPTED = "gzip, deflate"
"""The encodings the client asks for: the ones :func:`decoded` can undo piece by piece."""
PIECE = 64 * 1024
MAX_ENCODINGS = 4
"""More layers than this are refused: no server needs them, and a thousand nested
inflaters were a ``RecursionError``."""


class TooManyEncodings(ValueError):
    """The answer names more encodings than :data:`MAX_ENCODINGS`."""


def decoded(response: httpx.Response) -> Iterator[bytes]:
    """The body, decompressed at most ``PIECE`` bytes at a time.

    httpx inflates each read from the network whole: 64 KiB of gzipped zeros
    became 64 MiB in memory before the size cap could look at them. Like
    httpx, encodings other than gzip and deflate are passed on as they are.

    Raises:
        TooManyEncodings: More than :data:`MAX_ENCODINGS` encodings are named.
    """
    pieces: Iterator[bytes] = response.iter_raw()
    encodings = response.headers.get_list("content-encoding", split_commas=True)
    if len(encodings) > MAX_ENCODINGS:
        raise TooManyEncodings(f"compressed {len(encodings)} times over")
    for encoding in reversed(encodings):  # the last one applied comes off first
        name = encoding.strip().lower()
        if name in ("gzip", "x-gzip", "deflate"):
            pieces = _inflated(pieces, deflate=name == "deflate")
    return pieces


def _inflated(pieces: Iterator[bytes], *, deflate: bool) -> Iterator[bytes]:
    inflater = zlib.decompressobj(zlib.MAX_WBITS if deflate else zlib.MAX_WBITS | 16)
    first = True
    for data in pieces:
        while data:
            try:
                piece = inflater.decompress(data, PIECE)
            except zlib.error:
                if not (deflate and first):
                    raise
                # Raw deflate, without the zlib header: some servers send it, httpx takes it.
                inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                piece = inflater.decompress(data, PIECE)
            first = False
            data = inflater.unconsumed_tail
            if piece:
                yield piece
    rest = inflater.flush()  # input is all in: at most a few hundred bytes are pending
    if rest:
        yield rest

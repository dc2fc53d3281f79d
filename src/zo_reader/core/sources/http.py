"""The one HTTP client every remote source uses, with the same guards for all.

A server is untrusted and may be slow, broken or hostile. Every request here:
reuses one connection pool per source; asks for compressed bodies; keeps no
cookies; verifies TLS unless the user said ``--insecure``; follows redirects
only within the source's host unless the config allows others; reads at most
``max_bytes`` of a body; and retries a few times, with growing pauses, when the
connection fails or the server answers 5xx. Anything that still fails becomes
one plain sentence: :class:`SourceOfflineError` when the server cannot be
reached (the library then keeps its copies), :class:`SourceError` otherwise.

It also counts requests and bytes, which the benchmarks report.
"""

from __future__ import annotations

import json
import re
import threading
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from zo_reader import __version__
from zo_reader.core.errors import SourceError, SourceOfflineError
from zo_reader.core.sanitize import clean_line
from zo_reader.core.sources.http_body import ACCEPTED, TooManyEncodings, decoded

if TYPE_CHECKING:
    import httpx

    from zo_reader.core.sources.http_deadline import DeadlineBackend

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_MAX_REDIRECTS = 5
_RETRY_STATUSES = frozenset({500, 502, 503, 504})
_ERROR_BODY_BYTES = 64 * 1024  # read of an error answer, for its message
_MAX_RETRY_AFTER = 5.0  # seconds: a longer Retry-After is not worth a reader's wait
# Only ASCII digits: str.isdigit also takes "²" and "٣", which int() refuses or misreads.
_PLAIN_NUMBER = re.compile(r"[0-9]{1,9}")
_MAX_VALIDATOR = 512  # characters of an ETag or Last-Modified worth keeping
_VALIDATORS = frozenset({"if-none-match", "if-modified-since"})


@dataclass(frozen=True, slots=True)
class HttpOptions:
    """How patient and how trusting the client is (from the user's settings).

    Attributes:
        connect_timeout: Seconds to wait for a connection.
        read_timeout: Seconds to wait for each part of an answer.
        retries: Further attempts after a connection failure or a 5xx answer.
        backoff: Seconds before the first retry; each retry waits twice as long.
        deadline: Seconds one request may take in all (connecting, status line,
            headers and body, redirects included); a server still answering
            then is offline. The read timeout alone restarts with every byte.
        sync_budget: Seconds one sync may spend asking for pages of a list.
        max_bytes: Longer bodies are refused.
        other_hosts: Follow redirects to other hosts too.
        insecure: Do not verify TLS certificates.
        offline: Never touch the network; every request fails as offline.
        token: Sent as ``Authorization: Bearer`` to the source's own host only.
    """

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 2
    backoff: float = 0.5
    deadline: float = 30.0
    sync_budget: float = 60.0
    max_bytes: int = DEFAULT_MAX_BYTES
    other_hosts: bool = False
    insecure: bool = False
    offline: bool = False
    token: str | None = None


@dataclass(slots=True)
class TransferStats:
    """Requests made and bytes received (headers plus the body as sent, compressed)."""

    requests: int = 0
    bytes_received: int = 0
    bytes_sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, sent: int, received: int) -> None:
        with self.lock:
            self.requests += 1
            self.bytes_sent += sent
            self.bytes_received += received


@dataclass(frozen=True, slots=True)
class Answer:
    """A final answer: status, body (decoded from gzip) and headers (lower-case names)."""

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    url: str = ""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def etag(self) -> str | None:
        """The ETag, when it is one that can be sent back (see :func:`usable_validator`)."""
        return usable_validator(self.headers.get("etag"))

    @property
    def last_modified(self) -> str | None:
        """The Last-Modified date, when it can be sent back."""
        return usable_validator(self.headers.get("last-modified"))


class AnswerTooSlow(SourceOfflineError):
    """The request's overall deadline passed while the site was still answering.

    The site is up, only too slow to wait for; a library with copies says so
    in the issue's own words (see :mod:`zo_reader.core.index_copies`).

    Attributes:
        host: The site's host name.
    """

    def __init__(self, host: str, deadline: float) -> None:
        self.host = host
        super().__init__(
            f"The site at {clean_line(host)} sent its answer too slowly "
            f"(over {deadline:g} seconds)."
        )


class _ConnectionFailed(SourceOfflineError):
    """The connection failed or broke: worth another attempt after a pause."""


class _NoCookies(DefaultCookiePolicy):
    """Refuse every cookie: a reader has no session to keep, and cookies track."""

    def set_ok(self, cookie: Any, request: Any) -> bool:
        return False

    def return_ok(self, cookie: Any, request: Any) -> bool:
        return False


class HttpClient:
    """A guarded client for one remote source.

    Args:
        base_url: The source's address; its host is the only one redirects
            may reach (unless ``options.other_hosts``) and the only one that
            receives the token.
        what: How messages name the source, such as "The feed at URL".
        options: Timeouts, limits and trust.
    """

    def __init__(self, base_url: str, what: str, options: HttpOptions | None = None) -> None:
        parts = urlsplit(base_url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise SourceError(f"{clean_line(base_url)} is not an http or https address.")
        self.base_url = base_url
        self.host = parts.hostname.lower()
        self._origin = _origin(parts.scheme, self.host, parts.port)
        self.what = what
        self.options = options or HttpOptions()
        self.stats = TransferStats()
        self._client: httpx.Client | None = None
        self._backend: DeadlineBackend | None = None
        self._client_lock = threading.Lock()

    def close(self) -> None:
        """Close the pooled connections."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def _pool(self) -> tuple[httpx.Client, DeadlineBackend]:
        import httpx  # imported on first use: a folder source never pays for it

        from zo_reader.core.sources.http_deadline import DeadlineBackend, deadline_transport

        with self._client_lock:
            if self._client is None or self._backend is None:
                self._backend = DeadlineBackend()
                timeout = httpx.Timeout(
                    self.options.read_timeout, connect=self.options.connect_timeout
                )
                self._client = httpx.Client(
                    timeout=timeout,
                    event_hooks={"response": [self._check_redirect]},
                    follow_redirects=False,
                    transport=deadline_transport(self._backend, verify=not self.options.insecure),
                    cookies=CookieJar(policy=_NoCookies()),
                    headers={
                        "User-Agent": f"zo-reader/{__version__}",
                        # Not br or zstd, even when httpx could: only these are capped as
                        # they inflate (see http_body).
                        "Accept-Encoding": ACCEPTED,
                    },
                    # No proxy or netrc from the environment: contact only the source.
                    trust_env=False,
                )
            return self._client, self._backend

    def get_json(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[Answer, Any]:
        """GET ``url`` and decode its JSON body (``None`` for a 304).

        Raises:
            SourceError: The answer is not JSON, besides everything :meth:`get` raises.
        """
        answer = self.get(url, params, {"Accept": "application/json", **(headers or {})})
        if answer.status == 304:
            return answer, None
        try:
            return answer, load_json(answer.body, self.host)
        except ValueError:
            raise SourceError(
                f"{self.what} answered something that is not JSON at {self._shown(answer.url)}."
            ) from None

    def get(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        limit: int | None = None,
        truncate: bool = False,
        allowed: frozenset[int] = frozenset(),
    ) -> Answer:
        """GET ``url``, retrying connection failures and 5xx answers a few times.

        Args:
            url: The address.
            params: Query parameters.
            headers: Extra request headers (validators, Accept).
            limit: The most body bytes to read (``options.max_bytes`` by default).
            truncate: Return the first ``limit`` bytes instead of refusing a longer body.
            allowed: Error statuses to return instead of raising (say 400 or 404).

        Raises:
            SourceOfflineError: Offline mode, or the server cannot be reached or
                did not answer in time, even after retries.
            SourceError: A 4xx answer, an off-host redirect or a body over the limit.
        """
        if self.options.offline:
            raise SourceOfflineError(f"Offline mode: not contacting {self._shown(self.base_url)}.")
        limit = self.options.max_bytes if limit is None else limit
        attempt = 0
        while True:
            try:
                answer = self._get_once(url, params, headers, limit, truncate)
            except _ConnectionFailed:
                if attempt >= self.options.retries:
                    raise
                pause = self.options.backoff * 2**attempt
            else:
                if answer.status not in _RETRY_STATUSES or attempt >= self.options.retries:
                    return self._checked(answer, allowed)
                pause = self._retry_after(answer, self.options.backoff * 2**attempt)
            attempt += 1
            time.sleep(pause)

    def _get_once(
        self,
        url: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        limit: int,
        truncate: bool,
    ) -> Answer:
        from zo_reader.core.sources.http_deadline import DeadlinePassed

        client, backend = self._pool()
        current = str(client.build_request("GET", url, params=params).url)
        shown = self._shown(current)
        try:
            with backend.deadline(self.options.deadline):
                return self._follow(client, current, headers, limit, truncate, shown)
        except DeadlinePassed:
            # Not retried: a server this slow would only make the reader wait again.
            raise AnswerTooSlow(self.host, self.options.deadline) from None

    def _follow(
        self,
        client: httpx.Client,
        current: str,
        headers: Mapping[str, str] | None,
        limit: int,
        truncate: bool,
        shown: str,
    ) -> Answer:
        """One attempt: the request and the redirects it leads to, its failures in words."""
        import httpx

        try:
            for _ in range(_MAX_REDIRECTS + 1):
                request_headers = _sendable(headers or {})
                if self.options.token and self._is_own(current):
                    request_headers["Authorization"] = f"Bearer {self.options.token}"
                request = client.build_request("GET", current, headers=request_headers)
                with client.stream("GET", request.url, headers=request.headers) as response:
                    if response.is_redirect and response.next_request is not None:
                        self._count(request, response, 0)
                        current = self._redirect_target(response, shown)
                        continue
                    return self._read(request, response, limit, truncate)
        except httpx.ConnectTimeout as error:
            raise _ConnectionFailed(
                f"Offline: {self._subject} did not accept a connection within "
                f"{self.options.connect_timeout:g} seconds."
            ) from error
        except httpx.TimeoutException as error:
            # Not retried: a server this slow would only make the reader wait again.
            raise SourceOfflineError(
                f"Offline: {self._subject} did not answer within "
                f"{self.options.read_timeout:g} seconds."
            ) from error
        except httpx.ConnectError as error:
            import ssl

            if _caused_by(error, ssl.SSLCertVerificationError):
                # Not retried: asking again gets the same certificate.
                raise SourceOfflineError(
                    f"Offline: the TLS certificate of {self._subject} could not be verified "
                    f"({_reason(error)}); --insecure skips the check, for test servers only."
                ) from error
            raise _ConnectionFailed(
                f"Offline: {self._subject} could not be reached ({_reason(error)})."
            ) from error
        except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError) as error:
            raise _ConnectionFailed(
                f"Offline: {self._subject} could not be reached ({_reason(error)})."
            ) from error
        except httpx.HTTPError as error:
            raise SourceError(f"{self.what} could not be read ({_reason(error)}).") from error
        except httpx.InvalidURL as error:
            # httpx could not make a request of a redirect's Location (checked first, below).
            raise SourceError(
                f"{self.what} redirected to an address that is not valid ({_reason(error)})."
            ) from error
        raise SourceError(f"{self.what} redirected more than {_MAX_REDIRECTS} times.")

    def _is_own(self, url: str) -> bool:
        """Whether ``url`` is on the source's own origin, the only one trusted with the token.

        The same host on another port is another service, and plain http after
        https would send the token in clear (curl's CVE-2022-27776). Moving up
        from http to https on the default ports is still the source.
        """
        parts = urlsplit(url)
        origin = _origin(parts.scheme, (parts.hostname or "").lower(), parts.port)
        upgrade = ("http", self.host, 80) == self._origin and origin == ("https", self.host, 443)
        return origin == self._origin or upgrade

    def _check_redirect(self, response: httpx.Response) -> None:
        """Refuse a redirect to an address that is not http(s), before httpx builds a request.

        httpx turns ``Location: javascript:alert(1)`` into an ``InvalidURL``
        traceback, and ``http://[::zz]/`` into a protocol error that would be
        retried as if the connection had failed.
        """
        import httpx

        if not response.has_redirect_location:
            return
        location = response.headers["location"]
        try:
            target = httpx.URL(location)
        except httpx.InvalidURL:
            raise SourceError(f"{self.what} redirected to an address that is not valid.") from None
        if target.scheme and target.scheme not in ("http", "https"):
            raise SourceError(f"{self.what} redirected to a {clean_line(target.scheme)} address.")
        if target.scheme and not target.host:
            raise SourceError(f"{self.what} redirected to an address without a host.")

    def _redirect_target(self, response: httpx.Response, shown: str) -> str:
        assert response.next_request is not None
        target = response.next_request.url
        if (target.host or "").lower() != self.host and not self.options.other_hosts:
            raise SourceError(
                f"{self.what} redirected to another host "
                f"({clean_line(target.host or str(target))}); not following it "
                "(set other_hosts = true in the config to allow it)."
            )
        if target.scheme not in ("http", "https"):
            raise SourceError(f"{self.what} redirected to a {clean_line(target.scheme)} address.")
        return str(target)

    def _read(
        self, request: httpx.Request, response: httpx.Response, limit: int, truncate: bool
    ) -> Answer:
        """Read a final response's body, refusing one over ``limit`` bytes."""
        headers = {name.lower(): value for name, value in response.headers.items()}
        ok = response.status_code not in (204, 304) and response.status_code < 400
        # Error bodies are read for the message only, and only a little of them.
        most = limit if ok else min(limit, _ERROR_BODY_BYTES)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in decoded(response):
                chunks.append(chunk)
                size += len(chunk)
                if size > most:
                    break
        except TooManyEncodings as error:
            self._count(request, response, response.num_bytes_downloaded)
            raise SourceError(f"{self.what} sent an answer {error}; not read.") from None
        except zlib.error as error:
            if ok:
                self._count(request, response, response.num_bytes_downloaded)
                raise SourceError(
                    f"{self.what} sent a compressed answer that could not be unpacked "
                    f"({_reason(error)})."
                ) from error
        self._count(request, response, response.num_bytes_downloaded)
        if ok and size > limit and not truncate:
            megabytes = limit / (1024 * 1024)
            raise SourceError(
                f"{self.what} sent an answer larger than {megabytes:g} MiB; not read."
            )
        return Answer(response.status_code, b"".join(chunks)[:most], headers, str(request.url))

    def _count(self, request: httpx.Request, response: httpx.Response, body_bytes: int) -> None:
        header_bytes = 16 + sum(len(k) + len(v) + 4 for k, v in response.headers.raw)
        sent = len(request.method) + len(request.url.raw_path) + 12
        sent += sum(len(k) + len(v) + 4 for k, v in request.headers.raw)
        self.stats.add(sent, header_bytes + body_bytes)

    def _checked(self, answer: Answer, allowed: frozenset[int]) -> Answer:
        if answer.status < 400 or answer.status in allowed:
            return answer
        detail = _error_detail(answer)
        if answer.status >= 500:
            raise SourceOfflineError(
                f"Offline: {self._subject} answered HTTP {answer.status}{detail}, "
                f"even after {self.options.retries + 1} attempts."
            )
        hint = " (a token is needed: set token in the config)" if answer.status == 401 else ""
        shown = self._shown(answer.url)
        raise SourceError(f"{self.what} refused {shown} with HTTP {answer.status}{detail}{hint}.")

    @staticmethod
    def _retry_after(answer: Answer, default: float) -> float:
        value = plain_number(answer.headers.get("retry-after", ""))
        return default if value is None else min(float(value), _MAX_RETRY_AFTER)

    @property
    def _subject(self) -> str:
        """``what`` in the middle of a sentence: "Offline: the feed at ..."."""
        return self.what[:1].lower() + self.what[1:]

    def _shown(self, url: str) -> str:
        shown = clean_line(url)
        return shown if len(shown) <= 120 else shown[:119] + "…"


def load_json(body: bytes, host: str) -> Any:
    """A JSON body decoded, or one sentence when it is nested too deeply to decode.

    Python's decoder recurses once per level: ``[[[[...`` a hundred thousand
    deep is a ``RecursionError``, not a ``ValueError``.

    Raises:
        SourceError: The JSON is nested too deeply.
        ValueError: It is not JSON at all (callers have their own words for that).
    """
    try:
        return json.loads(body)
    except RecursionError:
        raise SourceError(f"The site at {clean_line(host)} sent JSON nested too deeply.") from None


def usable_validator(value: object) -> str | None:
    """An ETag or Last-Modified fit to store and send back, else ``None``.

    Printable ASCII only, and not too long: httpx cannot send ``"café"`` (a
    ``UnicodeEncodeError`` on every later request), nor a control character.
    """
    if (
        isinstance(value, str)
        and 0 < len(value) <= _MAX_VALIDATOR
        and value.isascii()
        and value.isprintable()
    ):
        return value
    return None


def _sendable(headers: Mapping[str, str]) -> dict[str, str]:
    """The request headers without validators that cannot be sent (stored by an older version)."""
    return {
        name: value
        for name, value in headers.items()
        if name.lower() not in _VALIDATORS or usable_validator(value) is not None
    }


def plain_number(value: str) -> int | None:
    """A header's whole number, when it is one to nine ASCII digits; else ``None``."""
    value = value.strip()
    return int(value) if _PLAIN_NUMBER.fullmatch(value) else None


def _origin(scheme: str, host: str, port: int | None) -> tuple[str, str, int]:
    scheme = scheme.lower()
    return scheme, host, port or (443 if scheme == "https" else 80)


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``kind`` is somewhere in the chain of causes of ``error``."""
    seen: BaseException | None = error
    for _ in range(10):  # httpx wraps httpcore, which wraps the ssl error
        if seen is None:
            return False
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _reason(error: Exception) -> str:
    text = clean_line(str(error)) or type(error).__name__
    return text if len(text) <= 100 else text[:99] + "…"


def _error_detail(answer: Answer) -> str:
    """A server's own words for an error, from a JSON body, kept short and clean."""
    message = ""
    try:
        document = json.loads(answer.body)
    except (ValueError, RecursionError):
        document = None
    if isinstance(document, dict):
        for key in ("error", "message"):
            if isinstance(document.get(key), str):
                message = document[key]
                break
    message = clean_line(message)
    if not message:
        return ""
    if len(message) > 120:
        message = message[:119] + "…"
    return f": {message.rstrip('.')}"

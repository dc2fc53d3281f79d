"""A real pseudo-terminal for tests and benchmarks: run a program, press keys, read the screen.

The program runs on the slave side of a pty of a fixed size, in its own session
with the pty as its controlling terminal, exactly as a terminal emulator would
start it. A background thread reads everything it writes into

* a raw log of ``(time, bytes)`` chunks, so tests can assert on the exact bytes
  (escape sequences included) and benchmarks can count them, and
* a `pyte <https://github.com/selectel/pyte>`_ screen, so tests can assert on
  what a person (or a screen reader) would see, and where the cursor is.

The emulated terminal answers what pyte answers (device attributes, cursor
position reports) and nothing else: it does not reply to DECRQM mode queries
(``CSI ? 2026 $ p``), like the Linux console and other terminals without
synchronized output. pyte ignores the alternate screen (``CSI ? 1049 h``), so
after the program leaves it the last frame stays on :meth:`Terminal.screen_text`;
check the raw bytes to see whether the alternate screen was left.

Example::

    with Terminal([sys.executable, "-m", "zo_reader", folder]) as term:
        term.wait_for("Why does my mind race")
        term.press("enter")
        term.settle()
        assert term.idle_bytes(2.0) == 0
        term.send("q")
        assert term.wait_exit() == 0

Nothing here imports the project: the module works for any program (the
benchmarks also drive ``less`` with it).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import pyte

KEYS: dict[str, bytes] = {
    "enter": b"\r",
    "return": b"\r",
    "escape": b"\x1b",
    "esc": b"\x1b",
    "tab": b"\t",
    "shift+tab": b"\x1b[Z",
    "backspace": b"\x7f",
    "space": b" ",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "alt+right": b"\x1b[1;3C",
    "alt+left": b"\x1b[1;3D",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "insert": b"\x1b[2~",
    "delete": b"\x1b[3~",
    "pageup": b"\x1b[5~",
    "pagedown": b"\x1b[6~",
    "f1": b"\x1bOP",
    "f2": b"\x1bOQ",
    "f3": b"\x1bOR",
    "f4": b"\x1bOS",
    "f5": b"\x1b[15~",
    "f6": b"\x1b[17~",
    "f7": b"\x1b[18~",
    "f8": b"\x1b[19~",
    "f9": b"\x1b[20~",
    "f10": b"\x1b[21~",
    "f11": b"\x1b[23~",
    "f12": b"\x1b[24~",
}
"""What an xterm-compatible terminal sends for each named key (normal cursor-key mode)."""

_OSC = re.compile(rb"(?:\x1b\]|\xc2\x9d)([0-9]*);?(.*?)(?:\x07|\x1b\\|\xc2\x9c)", re.DOTALL)

POLL = 0.01
"""Seconds between checks while waiting: short enough not to distort timings."""


def key_bytes(name: str) -> bytes:
    """The bytes a terminal sends for a named key.

    Args:
        name: A name from :data:`KEYS` (case-insensitive), ``ctrl+X`` for a
            control character, or a single character sent as itself.

    Raises:
        KeyError: The name is none of these.
    """
    lowered = name.lower()
    if lowered in KEYS:
        return KEYS[lowered]
    if lowered.startswith("ctrl+") and len(lowered) == 6 and "a" <= lowered[5] <= "z":
        return bytes([ord(lowered[5]) - ord("a") + 1])
    if len(name) == 1:
        return name.encode()
    raise KeyError(f"unknown key name: {name!r}")


class _Screen(pyte.Screen):
    """A pyte screen that sends the emulated terminal's replies back to the program."""

    def __init__(self, cols: int, rows: int, reply: Callable[[bytes], None]) -> None:
        super().__init__(cols, rows)
        self._reply = reply

    def write_process_input(self, data: str) -> None:
        """Called by pyte with the answer to a device query."""
        self._reply(data.encode())


class _Watch:
    """A condition on the screen, checked after every chunk of output."""

    def __init__(self, predicate: Callable[[list[str]], bool]) -> None:
        self.predicate = predicate
        self.seen_at: float | None = None


class Terminal:
    """A program running on a pseudo-terminal of ``cols`` x ``rows`` cells.

    Starts the program at once; use as a context manager (or call
    :meth:`close`) so the process is always ended and reaped and the pty
    closed.

    Args:
        argv: The command and its arguments.
        cols: Terminal width in cells.
        rows: Terminal height in cells.
        env: Variables to set for the program on top of this process's
            environment; a value of ``None`` removes the variable.
            ``COLUMNS`` and ``LINES`` are always removed so the program asks
            the pty for its size, as it would in a real terminal.
        term: The ``TERM`` value.
        cwd: Working folder of the program.
        quit_keys: What :meth:`close` types first to ask the program to quit
            politely (``None`` to go straight to SIGTERM).
    """

    def __init__(
        self,
        argv: Sequence[str | os.PathLike[str]],
        *,
        cols: int = 80,
        rows: int = 24,
        env: Mapping[str, str | None] | None = None,
        term: str = "xterm-256color",
        cwd: str | os.PathLike[str] | None = None,
        quit_keys: str | bytes | None = b"q",
    ) -> None:
        self.argv = [os.fspath(arg) for arg in argv]
        self.cols = cols
        self.rows = rows
        self._quit_keys = quit_keys.encode() if isinstance(quit_keys, str) else quit_keys
        child_env = dict(os.environ)
        child_env.pop("COLUMNS", None)
        child_env.pop("LINES", None)
        child_env["TERM"] = term
        for name, value in (env or {}).items():
            if value is None:
                child_env.pop(name, None)
            else:
                child_env[name] = value
        self.env = child_env

        # Two threads, two locks: the reader only reads and timestamps (so a
        # chunk's time is when the kernel had it, not when pyte got round to
        # it); the feeder feeds pyte, which takes ~1 ms per KiB, and checks
        # the waits against the screen with each chunk's read time.
        self._output = threading.Condition()  # guards _chunks, _raw, _eof
        self._chunks: list[tuple[float, bytes]] = []
        self._raw = bytearray()
        self._eof = False
        self._lock = threading.Condition()  # guards the screen, _fed, _watches
        self._fed = 0
        self._watches: list[_Watch] = []
        self._stopping = threading.Event()
        self._closed = False

        master, slave = os.openpty()
        self._master = master
        try:
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            self.initial_termios = termios.tcgetattr(slave)
            """The pty's settings before the program changed them (cooked mode)."""
            self._screen = _Screen(cols, rows, self._reply)
            self._stream = pyte.ByteStream(self._screen)
            self.started_at = time.monotonic()
            """``time.monotonic()`` just before the program was started."""
            self.process = subprocess.Popen(
                self.argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=child_env,
                cwd=cwd,
                close_fds=True,
                start_new_session=True,
                preexec_fn=_take_controlling_terminal,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            # Only the child keeps the slave open, so its exit ends our reads with EIO.
            os.close(slave)
        self._reader = threading.Thread(target=self._read_loop, name="terminal-reader", daemon=True)
        self._feeder = threading.Thread(target=self._feed_loop, name="terminal-feeder", daemon=True)
        self._reader.start()
        self._feeder.start()

    # -- context manager ---------------------------------------------------------------

    def __enter__(self) -> Terminal:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- the process -------------------------------------------------------------------

    @property
    def pid(self) -> int:
        """The program's process id (also its process group and session id)."""
        return self.process.pid

    @property
    def alive(self) -> bool:
        """Whether the program is still running."""
        return self.process.poll() is None

    @property
    def returncode(self) -> int | None:
        """The exit status once the program has ended (negative: killed by that signal)."""
        return self.process.poll()

    def wait_exit(self, timeout: float = 10.0) -> int:
        """Wait for the program to end and for its last output to be read.

        Returns:
            The exit status.

        Raises:
            TimeoutError: The program still runs after ``timeout`` seconds.
        """
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise TimeoutError(
                f"{self.argv[0]} still running after {timeout} s; screen:\n{self.screen_text()}"
            ) from None
        self._wait_eof(2.0)
        return code

    def close(self) -> None:
        """End the program (quit keys, then SIGTERM, then SIGKILL), reap it, close the pty.

        Safe to call more than once.
        """
        if self._closed:
            return
        self._closed = True
        try:
            if self.alive and self._quit_keys:
                with contextlib.suppress(OSError):
                    self.send(self._quit_keys)
                self._reap(3.0)
            for sig in (signal.SIGTERM, signal.SIGKILL):
                if not self.alive:
                    break
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.pid, sig)
                self._reap(3.0)
            self.process.wait()
        finally:
            self._stopping.set()
            self._reader.join(5.0)
            self._feeder.join(5.0)
            os.close(self._master)

    def _reap(self, timeout: float) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout)

    # -- input -------------------------------------------------------------------------

    def send(self, keys: str | bytes) -> float:
        """Type ``keys`` (text is sent as UTF-8; bytes as they are).

        Returns:
            ``time.monotonic()`` just after the bytes were written.
        """
        data = keys.encode() if isinstance(keys, str) else keys
        view = memoryview(data)
        while view:
            written = os.write(self._master, view)
            view = view[written:]
        return time.monotonic()

    def press(self, *names: str, gap: float = 0.1) -> float:
        """Press named keys (see :func:`key_bytes`), ``gap`` seconds apart.

        The gap keeps a lone Escape from being read together with the next key
        as Alt+key.

        Returns:
            ``time.monotonic()`` just after the last key was written.
        """
        sent = time.monotonic()
        for index, name in enumerate(names):
            if index:
                time.sleep(gap)
            sent = self.send(key_bytes(name))
        return sent

    def resize(self, cols: int, rows: int) -> None:
        """Change the terminal size; the kernel sends SIGWINCH to the program."""
        with self._lock:
            self.cols, self.rows = cols, rows
            self._screen.resize(rows, cols)
        fcntl.ioctl(self._master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def termios_now(self) -> list[Any]:
        """The pty's current settings (``termios.tcgetattr`` through the master side)."""
        return termios.tcgetattr(self._master)

    # -- the screen --------------------------------------------------------------------

    def lines(self) -> list[str]:
        """Every row of the screen, padded to the width."""
        with self._lock:
            self._catch_up()
            return list(self._screen.display)

    def screen_text(self) -> str:
        """The screen as text: rows joined with newlines, trailing spaces removed."""
        return "\n".join(row.rstrip() for row in self.lines())

    def line(self, y: int) -> str:
        """Row ``y`` (0-based) without trailing spaces."""
        with self._lock:
            self._catch_up()
            return str(self._screen.display[y]).rstrip()

    @property
    def cursor(self) -> tuple[int, int]:
        """The terminal cursor as ``(x, y)``, 0-based, hidden or not."""
        with self._lock:
            self._catch_up()
            return (self._screen.cursor.x, self._screen.cursor.y)

    @property
    def cursor_hidden(self) -> bool:
        """Whether the program hid the cursor (DECTCEM)."""
        with self._lock:
            self._catch_up()
            return bool(self._screen.cursor.hidden)

    @property
    def window_title(self) -> str:
        """The window title last set with OSC 0 or OSC 2 (``""`` if none).

        Parsed from the raw output: pyte reads only the first digit of an OSC
        number, so it takes Textual's OSC 22 (pointer shape) for a title.
        """
        title = ""
        for number, payload in self.osc_sequences():
            if number in (0, 2):
                title = payload.decode(errors="replace")
        return title

    def osc_sequences(self) -> list[tuple[int, bytes]]:
        """Every operating system command written so far, as ``(number, payload)``.

        Both terminators (BEL and ST) and the 8-bit introducer (U+009D in UTF-8)
        are recognised.
        """
        return [
            (int(match.group(1)), match.group(2))
            for match in _OSC.finditer(self.raw)
            if match.group(1)
        ]

    # -- output ------------------------------------------------------------------------

    @property
    def raw(self) -> bytes:
        """Every byte the program has written so far."""
        with self._output:
            return bytes(self._raw)

    def chunks(self) -> list[tuple[float, bytes]]:
        """The output as read: ``(time.monotonic() when read, bytes)`` pairs."""
        with self._output:
            return list(self._chunks)

    def mark(self) -> int:
        """A position in the output, for :meth:`bytes_since`."""
        with self._output:
            return len(self._raw)

    def bytes_since(self, mark: int) -> bytes:
        """The bytes written after ``mark`` (so far)."""
        with self._output:
            return bytes(self._raw[mark:])

    @property
    def last_output_at(self) -> float | None:
        """``time.monotonic()`` when output was last read, or ``None`` before any."""
        with self._output:
            return self._chunks[-1][0] if self._chunks else None

    # -- waiting -----------------------------------------------------------------------

    def wait_until(
        self,
        predicate: Callable[[list[str]], bool],
        timeout: float = 10.0,
        *,
        since: float | None = None,
        what: str = "condition",
    ) -> float:
        """Wait until ``predicate(screen rows)`` holds.

        The predicate is checked against the screen after every chunk the
        program writes (so a state shown only briefly is not missed) and once
        straight away.

        Args:
            predicate: Takes the rows of the screen.
            timeout: Seconds to wait before giving up.
            since: A ``time.monotonic()`` value to measure from (default: now).
            what: Describes the condition in the timeout message.

        Returns:
            Seconds from ``since`` to the moment the output that satisfied the
            predicate was read; ``0.0`` if it already held (and ``since`` was
            not given).

        Raises:
            TimeoutError: With the screen in the message.
        """
        start = time.monotonic()
        origin = start if since is None else since
        watch = _Watch(predicate)
        with self._lock:
            self._catch_up()
            if predicate(list(self._screen.display)):
                return max(0.0, start - origin) if since is not None else 0.0
            self._watches.append(watch)
            try:
                deadline = start + timeout
                while watch.seen_at is None:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or self._feeder_done():
                        break
                    self._lock.wait(min(remaining, 0.1))
            finally:
                self._watches.remove(watch)
            if watch.seen_at is not None:
                return watch.seen_at - origin
            screen = "\n".join(row.rstrip() for row in self._screen.display)
        state = "still running" if self.alive else f"exited with {self.returncode}"
        raise TimeoutError(f"{what} not met after {timeout} s ({state}); screen:\n{screen}")

    def wait_for(self, text: str, timeout: float = 10.0, *, since: float | None = None) -> float:
        """Wait until ``text`` is on the screen (within one row).

        Returns:
            Seconds from ``since`` (default: the call) until it appeared.

        Raises:
            TimeoutError: With the screen in the message.
        """
        return self.wait_until(
            lambda rows: any(text in row for row in rows),
            timeout,
            since=since,
            what=f"text {text!r} on screen",
        )

    def wait_gone(self, text: str, timeout: float = 10.0, *, since: float | None = None) -> float:
        """Wait until ``text`` is no longer on the screen; see :meth:`wait_for`."""
        return self.wait_until(
            lambda rows: not any(text in row for row in rows),
            timeout,
            since=since,
            what=f"text {text!r} gone from screen",
        )

    def settle(self, quiet: float = 0.3, timeout: float = 10.0) -> int:
        """Wait until the program has written nothing for ``quiet`` seconds.

        Returns:
            How many bytes arrived during the call.

        Raises:
            TimeoutError: It kept writing for ``timeout`` seconds.
        """
        start = time.monotonic()
        first = self.mark()
        deadline = start + timeout
        while True:
            now = time.monotonic()
            last = self.last_output_at
            if now - max(start, last or start) >= quiet:
                return self.mark() - first
            if now >= deadline:
                raise TimeoutError(
                    f"output did not stop for {quiet} s within {timeout} s "
                    f"({self.mark() - first} bytes written)"
                )
            time.sleep(POLL)

    def idle_bytes(self, seconds: float) -> int:
        """How many bytes the program writes over the next ``seconds`` with no input.

        Call :meth:`settle` first so output still due from earlier keys is not counted.
        """
        first = self.mark()
        time.sleep(seconds)
        return self.mark() - first

    # -- internals ---------------------------------------------------------------------

    def _reply(self, data: bytes) -> None:
        """Send the emulated terminal's answer to a query (called while feeding pyte)."""
        with contextlib.suppress(OSError):
            os.write(self._master, data)

    def _wait_eof(self, timeout: float) -> None:
        """Wait until the reader has seen the end of output (all of the child's writes)."""
        deadline = time.monotonic() + timeout
        with self._output:
            while not self._eof and time.monotonic() < deadline:
                self._output.wait(0.05)

    def _feeder_done(self) -> bool:
        """Whether all output has been read and fed (call with ``_lock`` held)."""
        with self._output:
            return self._eof and self._fed == len(self._chunks)

    def _catch_up(self, timeout: float = 5.0) -> None:
        """Wait until pyte has been fed everything read so far (call with ``_lock`` held)."""
        deadline = time.monotonic() + timeout
        with self._output:
            target = len(self._chunks)
        while self._fed < target and time.monotonic() < deadline:
            self._lock.wait(0.05)

    def _read_loop(self) -> None:
        fd = self._master
        while True:
            try:
                ready, _, _ = select.select([fd], [], [], 0.05)
            except (OSError, ValueError):
                break
            if not ready:
                if self._stopping.is_set():
                    break
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""  # EIO: every copy of the slave side is closed
            if not data:
                break
            now = time.monotonic()
            with self._output:
                self._chunks.append((now, data))
                self._raw += data
                self._output.notify_all()
        with self._output:
            self._eof = True
            self._output.notify_all()

    def _feed_loop(self) -> None:
        while True:
            with self._output:
                while self._fed == len(self._chunks) and not self._eof:
                    self._output.wait(0.1)
                if self._fed == len(self._chunks):
                    break  # end of output, all fed
                when, data = self._chunks[self._fed]
            with self._lock:
                self._stream.feed(data)
                self._fed += 1
                if self._watches:
                    rows = list(self._screen.display)
                    for watch in self._watches:
                        if watch.seen_at is None and watch.predicate(rows):
                            watch.seen_at = when
                self._lock.notify_all()
        with self._lock:
            self._lock.notify_all()


def _take_controlling_terminal() -> None:
    """In the child, after ``setsid``: make the pty (stdin) the controlling terminal.

    Programs such as ``less`` read keys from ``/dev/tty``, and resizes arrive
    as SIGWINCH only for a controlling terminal.
    """
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def repo_root() -> Path:
    """The repository this file belongs to."""
    return Path(__file__).resolve().parent.parent

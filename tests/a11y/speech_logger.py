"""A stand-in speech synthesiser for Fenrir: appends each utterance to a log.

Fenrir's generic speech driver runs a command once per utterance with the
text as arguments; pointing it here turns speech into lines of
``<unix time>\\t<text>`` in the file named by ``ZO_READER_SPEECH_LOG``.
"""

from __future__ import annotations

import os
import sys
import time


def main() -> None:
    """Log the utterance given as arguments."""
    path = os.environ.get("ZO_READER_SPEECH_LOG", "speech.log")
    text = " ".join(sys.argv[1:]).replace("\n", " ")
    with open(path, "a", encoding="utf-8") as log:
        log.write(f"{time.time():.3f}\t{text}\n")


if __name__ == "__main__":
    main()

"""Allows ``python -m zo_reader``."""

from zo_reader.cli.main import main

if __name__ == "__main__":
    main()

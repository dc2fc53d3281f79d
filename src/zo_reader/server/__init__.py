"""``zo-reader serve``: any source published as a read-only JSON API.

:mod:`zo_reader.server.app` builds the Starlette application,
:mod:`zo_reader.server.openapi` describes it, and :mod:`zo_reader.server.run`
serves it with uvicorn. Nothing here is imported by other commands: Starlette
and uvicorn load only when a server starts.
"""

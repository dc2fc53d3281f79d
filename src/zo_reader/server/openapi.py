"""The OpenAPI 3.1 description of the API, served at ``/api/v1/openapi.json``.

Written by hand as data, next to the code it describes; ``tests/server``
validates real responses of every endpoint against these schemas, and the
schemas forbid unknown fields, so the two cannot drift apart silently.
"""

from __future__ import annotations

import copy
from typing import Any

from zo_reader import __version__
from zo_reader.server.params import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, MAX_TAGS

_NULLABLE_STRING = {"type": ["string", "null"]}

_SUMMARY_PROPERTIES: dict[str, Any] = {
    "id": {"type": "string", "description": "Stable id; may contain slashes."},
    "title": {"type": "string"},
    "tags": {
        "type": "array",
        "items": {"type": "string"},
        "description": "As the author wrote them.",
    },
    "date": {**_NULLABLE_STRING, "description": "ISO 8601 date or date-time."},
    "author": _NULLABLE_STRING,
    "summary": {"type": "string"},
    "words": {"type": "integer", "minimum": 0},
    "slug": _NULLABLE_STRING,
    "draft": {"type": "boolean"},
    "version": {
        "type": "string",
        "description": "Changes whenever the article changes; clients compare it to refresh.",
    },
}


def _object(properties: dict[str, Any], description: str) -> dict[str, Any]:
    """A closed object schema: every property required, no others allowed."""
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


_SCHEMAS: dict[str, Any] = {
    "ArticleSummary": _object(_SUMMARY_PROPERTIES, "An article without its body."),
    "SearchResult": _object(
        {
            **_SUMMARY_PROPERTIES,
            "snippet": {"type": "string", "description": "Text around the match, matches in [ ]."},
            "matched": {"type": "array", "items": {"type": "string"}},
            "score": {"type": "number", "description": "BM25; lower is better; 0 if unranked."},
        },
        "An article summary with where the query matched.",
    ),
    "ArticleList": _object(
        {
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "articles": {
                "type": "array",
                "items": {"anyOf": [_ref("ArticleSummary"), _ref("SearchResult")]},
                "description": "Summaries; search results (with q) when a query was given.",
            },
        },
        "One page of articles.",
    ),
    "Warning": _object(
        {
            "path": {"type": "string"},
            "line": {"type": ["integer", "null"], "minimum": 1},
            "code": {"type": "string", "description": "Stable, such as frontmatter-invalid."},
            "severity": {"enum": ["warning", "error"]},
            "message": {"type": "string"},
        },
        "Something wrong with the article's file that did not stop it being read.",
    ),
    "Article": _object(
        {
            **_SUMMARY_PROPERTIES,
            "path": {"type": "string", "description": "File path relative to the library."},
            "body": {"type": "string", "description": "Markdown, without front matter."},
            "body_line": {
                "type": "integer",
                "minimum": 1,
                "description": "Line of the file where the body starts (after any front matter).",
            },
            "warnings": {"type": "array", "items": _ref("Warning")},
        },
        "A whole article.",
    ),
    "Root": _object(
        {
            "name": {"const": "zo-reader", "description": "What answers here."},
            "api": {"const": "v1"},
            "version": {
                "type": "string",
                "description": "Changes whenever any article changes; so does this ETag.",
            },
            "articles": {"type": "integer", "minimum": 0, "description": "Published articles."},
        },
        "What this server is, and the library's version.",
    ),
    "TagList": _object(
        {
            "tags": {
                "type": "array",
                "items": _object(
                    {
                        "tag": {"type": "string", "description": "As the author wrote it."},
                        "key": {"type": "string", "description": "Normalised, for matching."},
                        "count": {"type": "integer", "minimum": 1},
                    },
                    "A tag and how many articles carry it.",
                ),
            }
        },
        "Tags, most used first.",
    ),
    "Error": _object(
        {"error": {"type": "string", "description": "One plain sentence."}},
        "Why the request was not answered.",
    ),
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


_CACHE_HEADERS = {
    "ETag": {
        "description": "Strong validator; send it back in If-None-Match.",
        "schema": {"type": "string"},
    },
    "Cache-Control": {"schema": {"const": "no-cache"}},
    "Vary": {"schema": {"const": "Accept-Encoding"}},
}


def _ok(schema: str, description: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {**_CACHE_HEADERS, **(extra or {})},
        "content": {"application/json": {"schema": _ref(schema)}},
    }


_RESPONSES: dict[str, Any] = {
    "NotModified": {
        "description": "If-None-Match named the current version; no body.",
        "headers": _CACHE_HEADERS,
    },
    "BadRequest": _error("A parameter is repeated, malformed or out of range."),
    "Unauthorized": {
        **_error("The server needs a token and none, or a wrong one, was sent."),
        "headers": {
            "WWW-Authenticate": {
                "description": 'Bearer realm="zo-reader", with error="invalid_token" if wrong.',
                "schema": {"type": "string", "pattern": "^Bearer "},
            }
        },
    },
    "NotFound": _error("No such article, or nothing at this address."),
    "TooLarge": _error("The request's address and headers exceed 16 KiB."),
    "ServerError": _error("Something went wrong on the server; details are in its log."),
    "Unavailable": _error("The library cannot be opened or read."),
}


def _responses(ok: dict[str, Any], *errors: str) -> dict[str, Any]:
    refs = {"400": "BadRequest", "404": "NotFound", "503": "Unavailable"}
    answers: dict[str, Any] = {"200": ok, "304": {"$ref": "#/components/responses/NotModified"}}
    for status in errors:
        answers[status] = {"$ref": f"#/components/responses/{refs[status]}"}
    answers["401"] = {"$ref": "#/components/responses/Unauthorized"}
    answers["431"] = {"$ref": "#/components/responses/TooLarge"}
    answers["500"] = {"$ref": "#/components/responses/ServerError"}
    return answers


_DRAFTS = {
    "name": "drafts",
    "in": "query",
    "description": "Include articles marked as drafts (true or false, also 1 or 0).",
    "schema": {"type": "string", "enum": ["true", "false", "1", "0"], "default": "false"},
}
_TAG = {
    "name": "tag",
    "in": "query",
    "description": f"Only articles with this tag; repeat it (up to {MAX_TAGS}) for all of them.",
    "schema": {"type": "array", "items": {"type": "string", "maxLength": 200}},
    "style": "form",
    "explode": True,
}

_PATHS: dict[str, Any] = {
    "/api/v1/": {
        "get": {
            "operationId": "getRoot",
            "summary": "The API root: what this is and the library's version.",
            "description": (
                "A client that sends the last ETag in If-None-Match gets a bodiless 304 "
                "as long as nothing in the library changed: a refresh in one small request."
            ),
            "responses": _responses(_ok("Root", "The root."), "503"),
        }
    },
    "/api/v1/articles": {
        "get": {
            "operationId": "listArticles",
            "summary": "List or search articles, one page at a time.",
            "description": (
                "Without q: articles in the chosen order. With q: search results, best "
                "first (sort is ignored); a word in more than a quarter of a large library "
                "is not ranked, and its results come latest-added first. A page "
                "past the last is empty. The Link header (RFC 8288) gives first, prev, "
                "next and last pages as relative references."
            ),
            "parameters": [
                {
                    "name": "q",
                    "in": "query",
                    "description": (
                        'Search: words (all of them), "phrases", prefix*, -excluded, OR, '
                        "title:WORD and tag:NAME."
                    ),
                    "schema": {"type": "string", "maxLength": 1000},
                },
                _TAG,
                {
                    "name": "sort",
                    "in": "query",
                    "description": (
                        "date: newest first; title: A to Z; changed: the most recently "
                        "added or changed first (a client that knows the versions it has "
                        "can stop at the first article it already has)."
                    ),
                    "schema": {"enum": ["date", "title", "changed"], "default": "date"},
                },
                {
                    "name": "page",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
                },
                {
                    "name": "per_page",
                    "in": "query",
                    "schema": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": MAX_PER_PAGE,
                        "default": DEFAULT_PER_PAGE,
                    },
                },
                _DRAFTS,
            ],
            "responses": _responses(
                _ok(
                    "ArticleList",
                    "A page of articles.",
                    {
                        "Link": {
                            "description": "Other pages (RFC 8288).",
                            "schema": {"type": "string"},
                        }
                    },
                ),
                "400",
                "503",
            ),
        }
    },
    "/api/v1/articles/{id}": {
        "get": {
            "operationId": "getArticle",
            "summary": "One article, by its exact id.",
            "description": (
                "The id may contain slashes; send them as they are and percent-encode "
                "anything else. Drafts are 404 unless drafts=true."
            ),
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                _DRAFTS,
            ],
            "responses": _responses(_ok("Article", "The article."), "400", "404", "503"),
        }
    },
    "/api/v1/tags": {
        "get": {
            "operationId": "listTags",
            "summary": "Every tag with its number of articles, most used first.",
            "description": "With tag parameters, counts only articles that carry them all.",
            "parameters": [_TAG, _DRAFTS],
            "responses": _responses(_ok("TagList", "The tags."), "400", "503"),
        }
    },
    "/api/v1/openapi.json": {
        "get": {
            "operationId": "getOpenApi",
            "summary": "This document.",
            "responses": _responses(
                {
                    "description": "The OpenAPI 3.1 document.",
                    "headers": _CACHE_HEADERS,
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            ),
        }
    },
}


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of this version's API (a fresh copy on each call)."""
    return copy.deepcopy(
        {
            "openapi": "3.1.0",
            "info": {
                "title": "zo-reader",
                "version": __version__,
                "summary": "A library of Markdown articles, read-only.",
                "description": (
                    "Served by `zo-reader serve`. Only GET and HEAD are allowed; anything else is "
                    "405 with an Error body. Unknown paths are 404. Every 200 carries a strong "
                    "ETag; bodies of 1 KB or more are gzip-compressed for clients that accept it."
                ),
            },
            "paths": _PATHS,
            "components": {
                "schemas": _SCHEMAS,
                "responses": _RESPONSES,
                "securitySchemes": {
                    "bearer": {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "Needed when the server was started with --token.",
                    }
                },
            },
            # Either no credentials (a server without --token) or the bearer token.
            "security": [{}, {"bearer": []}],
        }
    )

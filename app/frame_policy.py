"""Which sites may show the page in a frame: the page's CSP `frame-ancestors` and X-Frame-Options.

By default no site may (`'none'`): a page that frames ours could lay its own buttons over ours and
make a learner click Reset, Share or Delete without seeing it (clickjacking). A course page that
embeds a lesson link needs its own origin listed, in BACKPROP_LAB_FRAME_ANCESTORS, as CSP source
expressions separated by spaces (e.g. "https://moodle.school.example 'self'"). Only the page (`/`)
gets that policy: the API's answers and /docs stay unframeable. A bad value stops the server at
start-up with a message that says what to write, rather than sending a header browsers would drop.
"""
from __future__ import annotations

import os
import re

ENV = "BACKPROP_LAB_FRAME_ANCESTORS"
DEFAULT = "'none'"

# A CSP host-source with a scheme (https://school.example, https://*.school.example:8443), a bare
# scheme ("https:"), or 'self'. Hosts without a scheme are refused on purpose: "school.example"
# would also allow http://, where anyone on the network could serve that page.
_KEYWORD = re.compile(r"'self'")
_ORIGIN = re.compile(r"https?://(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:(\d{1,5}|\*))?/?")
_SCHEME = re.compile(r"https?:")


class FramePolicyError(ValueError):
    """A value of BACKPROP_LAB_FRAME_ANCESTORS that is not a list of origins a browser would obey."""


def parse(raw: str) -> tuple[str, ...]:
    """The sources of `raw` (blank: the default, 'none'), each checked; raises FramePolicyError."""
    sources = tuple(raw.split())
    if not sources:
        return (DEFAULT,)
    if DEFAULT in sources:
        if len(sources) > 1:
            raise FramePolicyError("'none' cannot be listed beside other sources: write 'none' alone, or only the sites")
        return sources
    for source in sources:
        lowered = source.lower()
        if not (_KEYWORD.fullmatch(lowered) or _ORIGIN.fullmatch(lowered) or _SCHEME.fullmatch(lowered)):
            raise FramePolicyError(
                f"{source!r} is not a site: list origins with their scheme, separated by spaces, such as "
                "https://school.example or https://*.school.example:8443, or 'self' (with its quotes), "
                "or 'none' alone (the default)")
    return sources


def from_environment() -> tuple[str, ...]:
    try:
        return parse(os.environ.get(ENV, ""))
    except FramePolicyError as error:
        raise SystemExit(f"backprop-lab: {ENV}: {error}.")


def x_frame_options(sources: tuple[str, ...]) -> bytes | None:
    """The older header for browsers without frame-ancestors: it can say only DENY or SAMEORIGIN, so
    it is left out when other sites are allowed (the CSP says which, and wins where both are known)."""
    if sources == (DEFAULT,):
        return b"DENY"
    if sources == ("'self'",):
        return b"SAMEORIGIN"
    return None


SOURCES = from_environment()
"""The page's frame-ancestors, read once when the app is imported (each worker reads it the same)."""

"""Plain text typed by one person and shown to another (pages, PDFs, mail).

Bidirectional control characters reorder what follows them: a name holding U+202E RIGHT-TO-LEFT
OVERRIDE prints its tail backwards, so a PDF or an e-mail can be made to show words that were
never typed (issue 10, §8). Names and other short fields drop them on input.
"""

from __future__ import annotations

# Embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), the left-to-right and
# right-to-left marks (U+200E, U+200F) and the Arabic letter mark (U+061C).
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_DROP_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))


def strip_bidi_controls(value: str) -> str:
    """`value` without bidirectional control characters; every other character kept."""
    return value.translate(_DROP_BIDI)

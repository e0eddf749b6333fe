"""Token features shared by training and the runtime tagger: word key, casing class, characters,
gazetteer class."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d")
CASES: tuple[str, ...] = ("pad", "lower", "title", "upper", "mixed", "digit", "punct", "other")
PAD, UNK = 0, 1
MAX_CHARS = 20
# Gazetteer class of a word: one bit per list it occurs in, as a one-word name or part of a longer one.
GAZ_BITS: dict[str, int] = {f"{kind}_{form}": 1 << i for i, (kind, form) in enumerate(
    (k, f) for k in ("place", "org", "role", "person") for f in ("name", "part"))}
GAZ_CLASSES = 1 << len(GAZ_BITS)


def normalize(token: str) -> str:
    """The word-embedding key of a token: lowercased, every digit turned into 0."""
    return _DIGITS.sub("0", token.lower())


def casing(token: str) -> int:
    """Index in CASES of the token's casing class."""
    if token.isalpha():
        if token.islower():
            return 1
        if token.isupper():
            return 3 if len(token) > 1 else 2
        if token[0].isupper() and token[1:].islower():
            return 2
        return 4
    if any(c.isdigit() for c in token):
        return 5
    if not any(c.isalnum() for c in token):
        return 6
    return 7 if token[:1].islower() else 4


def char_ids(token: str, alphabet: dict[str, int]) -> list[int]:
    """Character ids of a token (at most MAX_CHARS: the first and last halves kept)."""
    if len(token) > MAX_CHARS:
        token = token[: MAX_CHARS // 2] + token[-MAX_CHARS // 2 :]
    return [alphabet.get(c, UNK) for c in token]


def gazetteer_classes() -> dict[str, int]:
    """Word key -> gazetteer class bits (``GAZ_BITS``) of every word in warta's gazetteer names.

    A word gets the bit of each list it occurs in, as a whole one-word name (``Jakarta``) or as a
    part of a longer one (``Selatan`` in ``Sumatera Selatan``). Used when training with ``--gaz-dim``;
    the table is stored in the model's vocab.json.
    """
    from warta import gazetteer as gz

    lists = {"place": gz.places(), "org": gz.organisations(), "role": gz.roles(),
             "person": {k: v for k, v in gz.nicknames().items() if v.type == "PER"}}
    persons = [v.canonical for v in gz.nicknames().values() if v.type == "PER"]
    out: dict[str, int] = {}
    for kind, names in lists.items():
        for name in [*names, *(persons if kind == "person" else [])]:
            parts = name.split()
            bit = GAZ_BITS[f"{kind}_name" if len(parts) == 1 else f"{kind}_part"]
            for w in parts:
                key = normalize(w)
                out[key] = out.get(key, 0) | bit
    return out

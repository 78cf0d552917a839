"""A digest of a value by its structure, the same in every process (`pagecache`).

`repr()` will not do: a set's order, and so its `repr`, depends on the hashes of its
strings, which each process draws at random (`PYTHONHASHSEED`). Here a dict is digested by
its keys sorted, a set by its members sorted, a dataclass or a pydantic model by its type
and its fields in order, a date by its ISO form, bytes by their own digest. Each piece
says what it is and how long, so that no two different values write the same pieces.

Two values that compare equal may still have two digests (`1` and `1.0`, a list and a
tuple): what uses them then does again what it need not have; never the other way round.
A value of a type not named here raises `Undigestable`, never a guess.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import hashlib
from collections.abc import Callable, Mapping
from pathlib import PurePath

from pydantic import BaseModel


class Undigestable(TypeError):
    """A value of a type `digest` does not know."""


Memo = dict[int, tuple[object, str]]
"""A composite value's piece, by its identity (the value kept, so the identity is not
another's); shared by the digests of one dossier's values."""
Feed = Callable[[object, list[str], Memo], None]


def digest(value: object, memo: Memo | None = None) -> str:
    """The digest of `value` (hexadecimal, 32 digits). With a `memo`, the dataclasses and
    models met in the values of one dossier are each digested once."""
    pieces: list[str] = []
    _feed(value, pieces, {} if memo is None else memo)
    return _hash(pieces)


def _hash(pieces: list[str]) -> str:
    data = "\x1f".join(pieces).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _feed(value: object, out: list[str], memo: Memo) -> None:
    kind = type(value)
    if kind is str:  # most pieces are: no call for them
        out.append(f"s{len(value)}:{value}")  # type: ignore[arg-type]
        return
    if value is None:
        out.append("N")
        return
    feed = _BY_TYPE.get(kind)
    if feed is None:
        feed = _BY_TYPE[kind] = _feed_for(kind)
    feed(value, out, memo)


def _alone(value: object, memo: Memo) -> str:
    """`value`'s pieces as one string, to sort among its siblings."""
    pieces: list[str] = []
    _feed(value, pieces, memo)
    return "\x1e".join(pieces)


def _str(value: object, out: list[str], memo: Memo) -> None:
    text = str(value)
    out.append(f"s{len(text)}:{text}")


def _int(value: object, out: list[str], memo: Memo) -> None:
    assert isinstance(value, int)
    out.append(f"i{int(value)}")


def _float(value: object, out: list[str], memo: Memo) -> None:
    assert isinstance(value, float)
    out.append(f"f{float(value)!r}")


def _bool(value: object, out: list[str], memo: Memo) -> None:
    out.append("T" if value else "F")


def _none(value: object, out: list[str], memo: Memo) -> None:
    out.append("N")


def _bytes(value: object, out: list[str], memo: Memo) -> None:
    assert isinstance(value, bytes | bytearray)
    out.append("y" + hashlib.blake2b(value, digest_size=16).hexdigest())


def _sequence(value: object, out: list[str], memo: Memo) -> None:
    assert isinstance(value, list | tuple)
    out.append(f"{'[' if isinstance(value, list) else '('}{len(value)}")
    for item in value:
        if type(item) is str:  # as `_feed` would, without the call
            out.append(f"s{len(item)}:{item}")
        else:
            _feed(item, out, memo)


def _set(value: object, out: list[str], memo: Memo) -> None:
    assert isinstance(value, set | frozenset)
    out.append(f"{{{len(value)}")
    out += sorted(_alone(item, memo) for item in value)


def _mapping(value: object, out: list[str], memo: Memo) -> None:
    assert isinstance(value, Mapping)
    pairs = sorted((_alone(k, memo), v) for k, v in value.items())  # keys are unique: no tie
    out.append(f"m{len(pairs)}")
    for key, item in pairs:
        out.append(key)
        _feed(item, out, memo)


def _time(value: object, out: list[str], memo: Memo) -> None:
    assert isinstance(value, datetime.date | datetime.time)
    out.append(f"t{type(value).__name__}:{value.isoformat()}")


def _repr(value: object, out: list[str], memo: Memo) -> None:
    """A value whose `repr` is its whole identity (a timedelta, a Decimal)."""
    out.append(f"r{value!r}")


def _feed_for(kind: type) -> Feed:
    """How a value of `kind` is fed, worked out once per type."""
    name = f"{kind.__module__}.{kind.__qualname__}"
    if issubclass(kind, enum.Enum):
        return _enum(name)
    if issubclass(kind, BaseModel):
        model_fields = tuple(kind.model_fields)
        return _fields(name, model_fields)
    if dataclasses.is_dataclass(kind):
        return _fields(name, tuple(f.name for f in dataclasses.fields(kind)))
    for base, feed in _BY_BASE:
        if issubclass(kind, base):
            return feed
    if name.startswith("pydantic") and "Url" in kind.__name__:  # pydantic's URL types
        return _str
    raise Undigestable(f"no digest for a value of type {name}")


def _enum(name: str) -> Feed:
    def feed(value: object, out: list[str], memo: Memo) -> None:
        assert isinstance(value, enum.Enum)
        out.append(f"e{name}")
        _feed(value.value, out, memo)

    return feed


def _fields(name: str, names: tuple[str, ...]) -> Feed:
    """An object's fields, in order, digested on their own: the object is one piece, its
    digest, which the `memo` keeps for the next time the same object is met."""

    def feed(value: object, out: list[str], memo: Memo) -> None:
        known = memo.get(id(value))
        if known is not None and known[0] is value:
            out.append(known[1])
            return
        pieces = [f"o{name}:{len(names)}"]
        for field in names:
            item = getattr(value, field)
            if type(item) is str:  # as `_feed` would, without the call
                pieces.append(f"s{len(item)}:{item}")
            else:
                _feed(item, pieces, memo)
        piece = "h" + _hash(pieces)
        memo[id(value)] = (value, piece)
        out.append(piece)

    return feed


_BY_TYPE: dict[type, Feed] = {
    str: _str,
    int: _int,
    float: _float,
    bool: _bool,
    type(None): _none,
    bytes: _bytes,
    list: _sequence,
    tuple: _sequence,
    dict: _mapping,
    set: _set,
    frozenset: _set,
    datetime.date: _time,
    datetime.datetime: _time,
    datetime.time: _time,
}
"""The feed of each type met so far; other types are worked out by `_feed_for`."""

_BY_BASE: tuple[tuple[tuple[type, ...], Feed], ...] = (
    ((bool,), _bool),
    ((str,), _str),
    ((int,), _int),
    ((float,), _float),
    ((bytes, bytearray), _bytes),
    ((list, tuple), _sequence),
    ((set, frozenset), _set),
    ((Mapping,), _mapping),
    ((datetime.date, datetime.time), _time),
    ((datetime.timedelta, decimal.Decimal), _repr),
    ((PurePath,), _str),
)

"""Events the simulation builds from values it already knows to be well-formed.

An event's attrs validators check each field's form (a code is a code, a time is aware and
within the supported years) every time one is built: about eight microseconds of an issue
event's ten, more than the model's own work for it.  A simulation builds hundreds of
thousands of events whose every value comes from a place that was checked once:

- actors, units, reporters and participants are ids of the simulated world's register and
  appointments (validated when the world and its ledger's genesis were built; the ledger
  also refuses an actor without the duty and a unit it does not know);
- kinds, channels and meeting kinds are keys of the validated scenario and charter (the
  ledger refuses a kind, channel or meeting kind its charter does not define);
- record ids are fixed formats of a counter (``S000001``, ``HM-00001``, ``AC-00001``);
- labels are constant texts or ``simulated {kind}``;
- times are the scenario's aware clock start plus a number of days inside its horizon.

:func:`maker` therefore builds an event with its converters applied (they change what is
hashed) but without its validators.  The ledger still validates the event's meaning,
authority and time when it is applied, a stored chain is decoded through the validating
constructors, and the simulation tests re-validate every field of every event of seeded
years (``attrs.validate``), so a change that feeds the model an ill-formed value fails there.
Use it only for values of that kind: anything read from outside goes through the event's
own constructor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["maker"]

E = TypeVar("E")


def _slot_setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """The ``__set__`` of slot ``name`` (declared by ``cls`` or a base), bypassing frozenness."""
    for klass in cls.__mro__:
        if name in klass.__dict__.get("__slots__", ()):
            setter: Callable[[Any, Any], None] = klass.__dict__[name].__set__
            return setter
    msg = f"{cls.__name__}: field {name!r} is not a slot; maker needs an attrs class with slots"
    raise TypeError(msg)


def maker(cls: type[E], *names: str) -> Callable[..., E]:
    """A function building ``cls`` from the fields ``names``, in that order, given positionally.

    Fields not named take their defaults; converters run, validators do not.  Refuses (with
    :class:`TypeError`, when the maker is made) a class with a post-init hook, a field left
    out without a plain default, or a name that is not a field.
    """
    if "__attrs_post_init__" in dir(cls):
        msg = f"{cls.__name__} has __attrs_post_init__; build it with its constructor"
        raise TypeError(msg)
    fields = {f.name: f for f in attrs.fields(cls)}  # type: ignore[arg-type]  # attrs.fields refuses a non-attrs class
    unknown = [n for n in names if n not in fields]
    if unknown or len(set(names)) != len(names):
        msg = f"{cls.__name__}: fields {list(names)} name an unknown field or one twice; fields are {list(fields)}"
        raise TypeError(msg)
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    lines = [f"def make({', '.join(names)}):", "    self = _new(_cls)"]
    for i, (name, field) in enumerate(fields.items()):
        namespace[f"_set{i}"] = _slot_setter(cls, name)
        if name in names:
            value = name
        elif field.default is attrs.NOTHING or isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            msg = (
                f"{cls.__name__}: field {name!r} has no plain default; name it in maker({cls.__name__}, ...)"
            )
            raise TypeError(msg)
        else:
            namespace[f"_default{i}"] = field.default
            value = f"_default{i}"
        if field.converter is not None:
            namespace[f"_convert{i}"] = field.converter
            value = f"_convert{i}({value})"
        lines.append(f"    _set{i}(self, {value})")
    lines.append("    return self")
    # Generated code, like attrs' own __init__: one call per field, no loop, no keywords.
    exec("\n".join(lines), namespace)  # noqa: S102 - the source is built from the class's own field names
    make: Callable[..., E] = namespace["make"]
    make.__qualname__ = make.__name__ = f"make_{cls.__name__}"
    return make

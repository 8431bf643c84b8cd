"""What an operation changed (as Anki's OpChanges): the desktop refreshes only what shows it.

Every change goes through a service method that writes an audit entry ("item.update",
"category.save", "feedback.reply"…); the context turns each entry's action into ``Changes``
and ``Services.take_changes()`` returns what changed since it was last asked. An operation
cannot forget to say what it changed, and nothing is refreshed that it did not touch.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    """Which kinds of records changed; combine with ``|``; false when nothing changed."""

    items: bool = False
    organizations: bool = False
    catalogue: bool = False
    feedback: bool = False
    matters: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        )

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    @classmethod
    def of_action(cls, action: str) -> Changes:
        """The changes an audit action stands for ("item.update" → items); an unknown kind
        counts as everything (refreshing too much is safe, too little is not)."""
        kind = action.split(".", 1)[0]
        if action in ("matter.disclose_resolution", "matter.disclose_result"):
            return cls(items=True, matters=True)  # the disclosure makes an item
        return _BY_KIND.get(kind, ALL)


ALL = Changes(items=True, organizations=True, catalogue=True, feedback=True, matters=True)
_BY_KIND = {
    "item": Changes(items=True),
    "recycle_bin": Changes(items=True),
    "archive": Changes(items=True),
    "organization": Changes(organizations=True),
    "category": Changes(catalogue=True),
    "feedback": Changes(feedback=True),
    "matter": Changes(matters=True),
}

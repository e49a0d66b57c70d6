"""The stack of open elements and the list of active formatting elements, kept for questions.

The tree builder asks "is there a ``p`` in button scope?", "which ``b`` is
the last active one?"; each answer here is the last item of a list kept up to
date as elements are pushed and popped, so no question walks the stack and
each tag costs the same whatever the depth.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from reeldb.ingest.pages.nesting.elements import HTML, MARKED, boundary_kinds

# The adoption agency's outer loop runs at most this many times (HTML standard,
# "adoption agency algorithm"), each taking one block of the special category
# above the element.
ADOPTION_ROUNDS = 8


@dataclass(eq=False, slots=True)
class Group:
    """Formatting elements that stand or fall together on the stack.

    A group is one element, or the run the tree builder opened again at once
    ("reconstruct the active formatting elements"); ``slot`` is its place on
    the stack, or -1 while it is closed. Closed groups reopened together are
    merged by pointing them at the new one (a union-find), so reopening costs
    the groups, not the elements.
    """

    slot: int
    segment: Segment
    count: int = 0  # its elements still in the list of active formatting elements
    parent: Group | None = None

    def root(self) -> Group:
        group = self
        while group.parent is not None:
            if group.parent.parent is not None:
                group.parent = group.parent.parent
            group = group.parent
        return group


@dataclass(eq=False, slots=True)
class Entry:
    """One element in the list of active formatting elements."""

    name: str
    group: Group
    is_removed: bool = False


@dataclass
class Segment:
    """The active formatting elements after one marker (a table cell, an ``<object>``...)."""

    entries: list[Entry] = field(default_factory=list)
    by_name: dict[str, list[Entry]] = field(default_factory=dict)
    by_key: dict[str, list[Entry]] = field(default_factory=dict)
    closed: list[Group] = field(default_factory=list)

    def last(self, name: str) -> Entry | None:
        found = self.by_name.get(name, [])
        while found and found[-1].is_removed:
            found.pop()
        return found[-1] if found else None


class OpenElements:
    """The stack of open elements, with what the scope rules ask of it kept at hand.

    For each element name and each kind of scope boundary the positions on
    the stack are kept in order, so "the last ``p``" and "the last boundary
    of button scope" are each a list's last item: no question walks the stack.
    A slot holds one element, or (``weight`` above one) a run of formatting
    elements opened again at once. ``depth`` counts the open elements and the
    closed formatting elements the builder will open again.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.names: list[str] = []
        self.spaces: list[int] = []
        self.weights: list[int] = []
        self.groups: list[Group | None] = []
        self.alive: list[bool] = []
        self.html_points: list[bool] = []
        self.kinds: list[list[list[int]]] = []
        self.positions: dict[str, list[int]] = {}
        self.marks: dict[str, list[int]] = {
            kind: [] for kind in ("default", "button", "list", "table", "special", "li", "html")
        }
        self.segments: list[Segment] = [Segment()]
        self.live = 0
        self.closed = 0
        self.deepest = 0
        self.form = -1
        # Templates whose content a <col> put in the standard's "in column group" mode,
        # which drops every tag but <col> and <template>.
        self.column_templates: set[int] = set()

    # -- the stack --------------------------------------------------------------------

    @property
    def depth(self) -> int:
        return self.live + self.closed

    def top(self) -> int:
        return len(self.names) - 1

    def top_name(self) -> str:
        return self.names[-1] if self.names else ""

    def top_space(self) -> int:
        return self.spaces[-1] if self.spaces else HTML

    def last(self, name: str, space: int = HTML) -> int:
        """Return the position of the last open element ``name`` of namespace ``space``, or -1."""
        found = self.positions.get(name if space == HTML else f"{space}:{name}")
        while found and not self.alive[found[-1]]:
            found.pop()
        return found[-1] if found else -1

    def boundary(self, kind: str) -> int:
        marks = self.marks[kind]
        return marks[-1] if marks else -1

    def in_scope(self, index: int, *kinds: str) -> bool:
        if index < 0:
            return False
        for kind in kinds:
            marks = self.marks[kind]
            if marks and marks[-1] > index:
                return False
        return True

    def push(
        self,
        name: str,
        space: int = HTML,
        *,
        is_html_point: bool = False,
        weight: int = 1,
        group: Group | None = None,
    ) -> int:
        index = len(self.names)
        self.names.append(name)
        self.spaces.append(space)
        self.weights.append(weight)
        self.groups.append(group)
        self.alive.append(True)
        self.html_points.append(is_html_point)
        key = name if space == HTML else f"{space}:{name}"
        self.positions.setdefault(key, []).append(index)
        marks = [self.marks[kind] for kind in boundary_kinds(name, space)]
        for kind_marks in marks:
            kind_marks.append(index)
        self.kinds.append(marks)
        self.live += weight
        self.deepest = max(self.deepest, self.depth)
        if space == HTML and name in MARKED:
            self.segments.append(Segment())
        return index

    def pop(self) -> None:
        """Pop the current node, and any element taken off the stack that is now on top."""
        self._pop_one()
        while self.names and not self.alive[-1]:
            self._pop_one()

    def _pop_one(self) -> None:
        index = len(self.names) - 1
        name = self.names.pop()
        space = self.spaces.pop()
        weight = self.weights.pop()
        group = self.groups.pop()
        self.html_points.pop()
        self.alive.pop()
        self.live -= weight
        found = self.positions[name if space == HTML else f"{space}:{name}"]
        if found and found[-1] == index:
            found.pop()
        for marks in self.kinds.pop():
            marks.pop()
        if group is not None:
            group.slot = -1
            if group.count:
                self.closed += group.count
                group.segment.closed.append(group)
        if index == self.form:
            self.form = -1
        self.column_templates.discard(index)

    def pop_to(self, index: int) -> None:
        """Pop elements until the one at ``index`` has been popped; nothing for -1."""
        while len(self.names) > index >= 0:
            self.pop()

    def remove(self, index: int) -> None:
        """Take the element at ``index`` off the stack, leaving the elements above it open.

        It stays in the tree, the parent of the elements above it, so it
        counts until they are popped; until then it is only marked as no
        longer open, so that no question pays for taking it out.
        """
        if index > self.top() or not self.alive[index]:
            return
        if index == self.top():
            self.pop()
        else:
            self.alive[index] = False

    # -- the list of active formatting elements ----------------------------------------

    def add_formatting(self, name: str, key: str, index: int) -> None:
        segment = self.segments[-1]
        same = [entry for entry in segment.by_key.get(key, []) if not entry.is_removed]
        if len(same) >= 3:
            # The standard's "Noah's Ark" clause: three alike are kept, not more.
            self.forget(same.pop(0))
        group = Group(slot=index, segment=segment, count=1)
        self.groups[index] = group
        entry = Entry(name=name, group=group)
        same.append(entry)
        segment.by_key[key] = same
        segment.entries.append(entry)
        segment.by_name.setdefault(name, []).append(entry)

    def forget(self, entry: Entry) -> None:
        """Take ``entry`` out of the list of active formatting elements; its element stays."""
        if entry.is_removed:
            return
        entry.is_removed = True
        group = entry.group.root()
        group.count -= 1
        if group.slot < 0:
            self.closed -= 1

    def clear_to_marker(self) -> None:
        if len(self.segments) > 1:
            for entry in self.segments.pop().entries:
                self.forget(entry)

    def reconstruct(self) -> None:
        """Open again, as one slot, the formatting elements closed without being named."""
        segment = self.segments[-1]
        if not segment.closed:
            return
        reopened = Group(slot=len(self.names), segment=segment)
        for group in segment.closed:
            if group.slot < 0 and group.parent is None and group.count:
                group.parent = reopened
                reopened.count += group.count
        segment.closed.clear()
        if reopened.count:
            self.closed -= reopened.count
            self.push("", weight=reopened.count, group=reopened)

    def adopt(self, name: str) -> bool:
        """Close formatting element ``name`` as the adoption agency would; False if none is active.

        With no element of the special category above it, the standard pops
        up to it. With some (a ``<p>`` inside a ``<font>``), each round of the
        agency moves the next such block out of the element into a copy of
        it, and the round after pops the last copy with what is above it: the
        element is gone, the blocks stay open. Past the agency's rounds the
        last copy stays open, counted here as a formatting element closed
        without being named. Elements the agency also closes between the
        blocks are left open here.
        """
        entry = self.segments[-1].last(name)
        if entry is None:
            return False
        group = entry.group.root()
        if group.slot < 0:
            self.forget(entry)
            return True
        slot = group.slot
        if not self.in_scope(slot, "default"):
            return True
        specials = self.marks["special"]
        if (not specials or specials[-1] < slot) and self.weights[slot] == 1:
            self.forget(entry)
            self.pop_to(slot)
            return True
        # The element leaves the stack, and what is above it its tree: blocks of
        # the special category move to its parent, and with no such block, the
        # elements above it are popped. In a run opened again at once, those
        # before it stay open.
        self.weights[slot] -= 1
        self.live -= 1
        if not self.weights[slot]:
            self.alive[slot] = False
        self.forget(entry)
        if not specials or specials[-1] < slot:
            self.pop_to(slot + 1)
            if not self.alive[slot]:
                self.pop()
        elif len(specials) - bisect.bisect_right(specials, slot) < ADOPTION_ROUNDS:
            self.pop_to(specials[-1] + 1)
        else:
            entry.group = Group(slot=-1, segment=self.segments[-1], count=1)
            entry.is_removed = False
            self.closed += 1
            entry.group.segment.closed.append(entry.group)
        return True

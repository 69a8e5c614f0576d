#!/usr/bin/env python3
"""Floor check: no module of src/game imports one on a higher floor, and the engine has no import circle.

src/game stands on five floors (docs/architecture.md draws them). A module may import modules on its own
floor or any floor below, never above. This script reads every `use` and every `crate::…` / `super::…` /
`self::…` path in src/game, resolves it to the top-level module of src/game it names, and prints each
import that climbs:

    src/game/input/mod.rs:10: floor 2 imports floor 3 (theme)

It also reads engine/src and prints any circle of `crate::` imports between the engine's modules (test
modules left out: a test may use anything). Exit status 1 on any finding. Python 3.11 standard library only.

A new module of src/game goes in FLOORS below, on the lowest floor whose modules are enough for it; its
`//!` line starts with `Floor N ·` and the script checks that the two agree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# Each top-level module of src/game and its floor, bottom (1) to top (5).
FLOORS: dict[str, int] = {
    # 1. names every plugin shares, and things that need no other module of the game
    "state": 1,
    "palette": 1,
    "library": 1,
    "portrait": 1,
    "desktop": 1,
    "first_frame": 1,
    "window_icon": 1,
    # 2. the game's state beside the store, the settings file and the keyboard
    "results": 2,
    "lrs_sender": 2,
    "settings": 2,
    "input": 2,
    # 3. widgets, and the runner that plays a case
    "theme": 3,
    "run": 3,
    "group_game": 3,
    # 4. views and tools built from widgets and the run
    "chart": 4,
    "report_view": 4,
    "path_picture": 4,
    "text_input": 4,
    "tour": 4,
    "class_vote": 4,
    "observer_phone": 4,
    "reflection": 4,
    # 5. what the player sees as a whole
    "glossary": 5,
    "screens": 5,
}
# src/game/mod.rs wires every floor's plugin together; anything defined there stands above all floors.
ROOT_FLOOR = 6

REPO = Path(__file__).resolve().parent.parent
GAME = REPO / "src" / "game"
ENGINE = REPO / "engine" / "src"


def blank_comments_and_strings(text: str) -> str:
    """The text with comments, string and char literals replaced by spaces (newlines kept), so offsets
    and line numbers stay the same and no path inside a comment or a string is read as an import."""
    out = list(text)
    i, n = 0, len(text)

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            blank(i, j)
            i = j
        elif m := re.match(r'(b?r)(#*)"', text[i : i + 80]):
            end = text.find('"' + m.group(2), i + len(m.group(0)))
            j = n if end < 0 else end + 1 + len(m.group(2))
            blank(i, j)
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            blank(i, j + 1)
            i = j + 1
        elif c == "'" and (m := re.match(r"'(\\.|\\u\{[0-9a-fA-F]+\}|[^\\'])'", text[i : i + 12])):
            blank(i, i + len(m.group(0)))
            i += len(m.group(0))
        else:
            i += 1
    return "".join(out)


def inline_modules(code: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every `mod name { … }` written inside a file."""
    spans = []
    for m in re.finditer(r"\bmod\s+(\w+)\s*\{", code):
        depth, j = 1, m.end()
        while j < len(code) and depth:
            depth += {"{": 1, "}": -1}.get(code[j], 0)
            j += 1
        spans.append((m.start(), j, m.group(1)))
    return spans


def expand_use_tree(tree: str) -> list[str]:
    """`a::{b, c::{d, e as f}}` → ["a::b", "a::c::d", "a::c::e"]."""
    tree = re.sub(r"\s+", "", re.sub(r"\s+as\s+", "@as@", tree))
    depth, start, parts = 0, 0, []
    brace = tree.find("{")
    if brace < 0:
        return [tree.split("@as@")[0]]
    prefix, inner = tree[:brace], tree[brace + 1 : tree.rfind("}")]
    for k, c in enumerate(inner):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(inner[start:k])
            start = k + 1
    parts.append(inner[start:])
    paths = []
    for part in filter(None, parts):
        for sub in expand_use_tree(part):
            paths.append(prefix + sub if sub != "self" else prefix.rstrip(":"))
    return paths


def paths_in(file: Path) -> list[tuple[int, list[str], str]]:
    """Every path in `file` that starts at `crate`, `super` or `self`: (line, the module the path is
    written in, the path). `use` trees are expanded; paths inside comments and strings are not read."""
    text = file.read_text(encoding="utf-8")
    code = blank_comments_and_strings(text)
    spans = inline_modules(code)
    found = []

    def module_at(offset: int) -> list[str]:
        return [name for (a, b, name) in spans if a <= offset < b]

    def line_at(offset: int) -> int:
        return code.count("\n", 0, offset) + 1

    taken = []
    for m in re.finditer(r"\buse\s+([^;]+);", code):
        taken.append((m.start(), m.end()))
        for path in expand_use_tree(m.group(1)):
            if re.match(r"(crate|super|self)\b", path):
                found.append((line_at(m.start()), module_at(m.start()), path))
    for m in re.finditer(r"\b(?:crate|super|self)(?:\s*::\s*\w+)+", code):
        if any(a <= m.start() < b for a, b in taken):
            continue
        found.append((line_at(m.start()), module_at(m.start()), re.sub(r"\s+", "", m.group(0))))
    return found


def file_module(file: Path, root: Path) -> list[str]:
    """src/game/screens/play/mod.rs → ["screens", "play"]; src/game/tour.rs → ["tour"]."""
    parts = list(file.relative_to(root).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts.pop()
    return parts


def resolve(path: str, here: list[str], crate_prefix: list[str]) -> list[str] | None:
    """The absolute module path (below `crate_prefix`) a path names, or None when it leaves that tree."""
    parts = path.split("::")
    if parts[0] == "crate":
        absolute = parts[1:]
        if absolute[: len(crate_prefix)] != crate_prefix:
            return None
        return absolute[len(crate_prefix) :]
    at = list(here)
    while parts and parts[0] in ("super", "self"):
        if parts.pop(0) == "super":
            if not at:
                return None
            at.pop()
    return at + parts


def check_floors() -> list[str]:
    problems = []
    for file in sorted(GAME.rglob("*.rs")):
        rel = file.relative_to(REPO)
        module = file_module(file, GAME)
        own = FLOORS.get(module[0]) if module else ROOT_FLOOR
        if own is None:
            problems.append(f"{rel}:1: module `{module[0]}` has no floor: add it to FLOORS in .ci/floors.py")
            continue
        first = file.read_text(encoding="utf-8").split("\n", 1)[0]
        if m := re.match(r"//!\s*Floor\s+(\d+)", first):
            if int(m.group(1)) != own:
                problems.append(f"{rel}:1: its `//!` line says floor {m.group(1)}, .ci/floors.py says {own}")
        elif module:
            problems.append(f"{rel}:1: its `//!` line does not start with `Floor {own} ·`")
        for line, inline, path in paths_in(file):
            target = resolve(path, module + inline, ["game"])
            if not target or target[0] == "*":
                continue
            top = target[0]
            if top not in FLOORS and not (GAME / f"{top}.rs").exists() and not (GAME / top).is_dir():
                # An item of src/game/mod.rs itself (or of the file's own inline module, outside `game`).
                if module and not inline:
                    floor = ROOT_FLOOR
                else:
                    continue
            else:
                floor = FLOORS.get(top)
                if floor is None:
                    continue  # reported once for that module's own files
            if module and top == module[0]:
                continue
            if floor > own:
                name = top if top in FLOORS else f"src/game/mod.rs: {top}"
                problems.append(f"{rel}:{line}: floor {own} imports floor {floor} ({name})")
    return problems


def check_engine_cycles() -> list[str]:
    modules = {file_module(f, ENGINE)[0] for f in ENGINE.rglob("*.rs") if file_module(f, ENGINE)}
    # `pub use module::{Item, …}` in lib.rs: an item reached through the crate root belongs to its module.
    reexported: dict[str, str] = {}
    lib = blank_comments_and_strings((ENGINE / "lib.rs").read_text(encoding="utf-8"))
    for m in re.finditer(r"\bpub\s+use\s+([^;]+);", lib):
        for path in expand_use_tree(m.group(1)):
            parts = path.split("::")
            if parts[0] in modules:
                reexported[parts[-1]] = parts[0]
    edges: dict[str, dict[str, str]] = {m: {} for m in modules}
    for file in sorted(ENGINE.rglob("*.rs")):
        here = file_module(file, ENGINE)
        if not here:
            continue
        for line, inline, path in paths_in(file):
            if "tests" in inline:
                continue
            target = resolve(path, here + inline, [])
            if not target:
                continue
            name = target[0] if target[0] in modules else reexported.get(target[0])
            if name and name != here[0]:
                edges[here[0]].setdefault(name, f"{file.relative_to(REPO)}:{line}")
    problems = []
    for component in strongly_connected(edges):
        cycle = a_cycle(component, edges)
        hops = " → ".join(cycle)
        where = ", ".join(edges[a][b] for a, b in zip(cycle, cycle[1:]))
        problems.append(f"engine/src: import cycle {hops} ({where})")
    return problems


def strongly_connected(edges: dict[str, dict[str, str]]) -> list[list[str]]:
    """Tarjan's algorithm; only components of more than one module (a circle) are returned."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def a_cycle(component: list[str], edges: dict[str, dict[str, str]]) -> list[str]:
    """The shortest circle through the component's first module, as a list that ends where it starts."""
    start, inside = component[0], set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(edges[v]):
            if w == start:
                return paths[v] + [start]
            if w in inside and w not in paths:
                paths[w] = paths[v] + [w]
                queue.append(w)
    return component + [component[0]]


def main() -> int:
    problems = check_floors() + check_engine_cycles()
    problems = list(dict.fromkeys(problems))  # one line per import, however many names it brings
    for problem in problems:
        print(problem)
    if problems:
        print(f"floors: {len(problems)} problem(s); docs/architecture.md shows the floors", file=sys.stderr)
        return 1
    print(f"floors: src/game keeps its floors ({len(FLOORS)} modules), engine/src has no import circle")
    return 0


if __name__ == "__main__":
    sys.exit(main())

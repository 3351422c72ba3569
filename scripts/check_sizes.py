"""Fail when an app module runs over 400 lines or a function over 60 (`make lint`).

Long modules and functions hide several jobs in one place; these limits keep each job in a
file and a function a newcomer can read whole. Migrations are generated, so they are left out.
"""

import ast
import sys
from pathlib import Path

APPS = [
    "api",
    "companies",
    "editorial",
    "fuzzydate",
    "imports",
    "pagecache",
    "pagekit",
    "sstracker",
    "timeline",
]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def problems(root: Path) -> list[str]:
    found = []
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            lines = text.count("\n") + (0 if text.endswith("\n") else 1)
            name = path.relative_to(root)
            if lines > MAX_MODULE_LINES:
                found.append(f"{name}: {lines} lines (at most {MAX_MODULE_LINES})")
            for node in ast.walk(ast.parse(text, filename=str(path))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = node.end_lineno - node.lineno + 1
                    if length > MAX_FUNCTION_LINES:
                        found.append(
                            f"{name}:{node.lineno} {node.name}() is {length} lines "
                            f"(at most {MAX_FUNCTION_LINES})"
                        )
    return found


if __name__ == "__main__":
    found = problems(Path(__file__).resolve().parent.parent)
    for problem in found:
        print(problem)
    sys.exit(1 if found else 0)

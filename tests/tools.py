"""The pinned checkers some tests run, which `make test` installs into .tools/ with npm.

The Nu HTML checker (the engine of the W3C validator, run with the machine's Java) and
axe-core (the accessibility rules engine that browsers' audit tools use).
"""

from pathlib import Path

import pytest

NODE_MODULES = Path(__file__).resolve().parents[1] / ".tools" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"


def installed(path: Path) -> Path:
    """`path`, or a failed test that says how to install it."""
    if not path.exists():
        pytest.fail(f"{path.name} is missing: `make test` installs it into .tools/")
    return path

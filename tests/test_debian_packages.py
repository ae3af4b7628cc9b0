"""Every external program the code or the tests call comes from a package on the Debian list."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Programs called by the code or the tests (subprocess calls and shutil.which lookups).
CALL = re.compile(r"""(?:shutil\.which\(|subprocess\.\w+\(\s*\[)\s*["']([\w.+-]+)["']""")
# Called through the Makefile and CI rather than the code.
TOOLING = {"make", "bash", "python3", "git", "timeout", "apt-get"}


def debian_list() -> set[str]:
    lines = (ROOT / "debian-packages.txt").read_text().splitlines()
    return {ln.split("#")[0].strip() for ln in lines if ln.split("#")[0].strip()}


def called_programs() -> set[str]:
    found: set[str] = set()
    for folder in ("src", "tests", "scripts", "benchmarks"):
        for path in (ROOT / folder).rglob("*.py"):
            found.update(CALL.findall(path.read_text(encoding="utf-8")))
    return found - {"sys.executable"}


def owning_package(program: str) -> str | None:
    path = shutil.which(program)
    if path is None:
        return None
    resolved = str(Path(path).resolve())
    # On a merged-/usr system dpkg may know /sbin/runuser where PATH finds /usr/sbin/runuser.
    unmerged = [p.removeprefix("/usr") for p in (path, resolved) if p.startswith("/usr/")]
    for candidate in (path, resolved, *unmerged):
        proc = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
        if proc.returncode == 0:
            return proc.stdout.split(":")[0].strip()
    return None


def test_list_has_what_the_project_needs() -> None:
    assert {"chromium", "poppler-utils", "fonts-nanum"} <= debian_list()


def test_every_called_program_is_on_the_list() -> None:
    listed = debian_list()
    missing = {}
    for program in sorted(called_programs()):
        package = owning_package(program)
        if package is None or not any(package == p or package.startswith(p + "-")
                                      for p in listed):
            missing[program] = package
    assert not missing, f"programs whose package is not in debian-packages.txt: {missing}"


def test_listed_packages_are_installed() -> None:
    for package in sorted(debian_list()):
        proc = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                              capture_output=True, text=True)
        assert "install ok installed" in proc.stdout, package

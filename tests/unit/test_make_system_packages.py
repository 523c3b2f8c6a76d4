"""`make run` and `make test` install the system packages they need where they can, else name them."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make")
FAKE_APT = """#!/bin/sh
echo "$@" >> "{log}"
[ "$1" = install ] || exit 0
for package in "$@"; do
  case $package in
    chromium) : > "{chromium}" ;;
    varnish) : > "{varnishd}" ;;
    varnish-modules) : > "{xkey}" ;;
    gettext) printf '#!/bin/sh\\n' > "{bin}/msgfmt"; /bin/chmod +x "{bin}/msgfmt" ;;
    npm) printf '#!/bin/sh\\n' > "{bin}/npm"; /bin/chmod +x "{bin}/npm" ;;
  esac
done
"""

if MAKE is None:
    if os.environ.get("CI"):
        pytest.fail("make is not installed (the CI variable is set, so this fails)")
    pytestmark = pytest.mark.skip("make is not installed")


class Machine:
    """A PATH holding only the given tools and an apt-get that records what it is asked."""

    def __init__(self, folder: Path, *tools: str) -> None:
        self.bin = folder / "bin"
        self.bin.mkdir()
        self.chromium = folder / "chromium"
        self.files = {"chromium": self.chromium, "varnish": folder / "varnishd",
                      "varnish-modules": folder / "libvmod_xkey.so"}  # fmt: skip
        self.log = folder / "apt.log"
        self.log.touch()
        for tool in tools:
            if tool in self.files:
                self.files[tool].touch()
            else:
                self.tool(tool, "#!/bin/sh\n")
        fake_apt = FAKE_APT.format(
            log=self.log, chromium=self.chromium, bin=self.bin,
            varnishd=self.files["varnish"], xkey=self.files["varnish-modules"],
        )  # fmt: skip
        self.tool("apt-get", fake_apt)

    def tool(self, name: str, script: str) -> None:
        path = self.bin / name
        path.write_text(script)
        path.chmod(0o755)

    def make(self, target: str, *, root: bool) -> subprocess.CompletedProcess:
        return subprocess.run(
            [MAKE, "-s", "-C", str(ROOT), target, f"NEWSROOM_CHROMIUM={self.chromium}",
             f"NEWSROOM_VARNISHD={self.files['varnish']}",
             f"NEWSROOM_XKEY_VMOD={self.files['varnish-modules']}",
             f"IS_ROOT={'yes' if root else 'no'}"],
            env={"PATH": str(self.bin)}, capture_output=True, text=True, timeout=30,
        )  # fmt: skip

    @property
    def apt_calls(self) -> list[str]:
        return self.log.read_text().splitlines()


def test_nothing_is_installed_or_said_when_everything_is_there(tmp_path):
    machine = Machine(tmp_path, "msgfmt", "chromium", "npm", "varnish", "varnish-modules")
    result = machine.make("system-packages-test", root=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert machine.apt_calls == []


def test_as_root_with_apt_the_missing_packages_are_installed(tmp_path):
    machine = Machine(tmp_path, "msgfmt")
    result = machine.make("system-packages-test", root=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Installing with apt-get: chromium npm varnish varnish-modules\n"
    assert machine.apt_calls == [
        "update -qq", "install -y -qq chromium npm varnish varnish-modules"
    ]  # fmt: skip
    assert all(path.exists() for path in machine.files.values())


def test_without_root_the_missing_packages_are_named_and_the_tests_still_run(tmp_path):
    machine = Machine(tmp_path, "msgfmt")
    result = machine.make("system-packages-test", root=False)
    assert result.returncode == 0, result.stderr
    assert "Missing: Chromium at" in result.stdout and "apt-get install chromium" in result.stdout
    assert "the browser tests will be skipped" in result.stdout
    assert "Missing: npm" in result.stdout
    assert "Missing: varnish (Debian: apt-get install varnish varnish-modules)" in result.stdout
    assert "the shared-cache tests will be skipped" in result.stdout
    assert machine.apt_calls == []


def test_run_needs_only_gettext(tmp_path):
    machine = Machine(tmp_path, "msgfmt")
    result = machine.make("system-packages-run", root=True)
    assert (result.returncode, result.stdout) == (0, "")
    assert machine.apt_calls == []


def test_without_gettext_and_no_way_to_install_it_make_stops_saying_what_to_install(tmp_path):
    machine = Machine(tmp_path, "chromium", "npm")
    result = machine.make("system-packages-run", root=False)
    assert result.returncode != 0
    assert "Missing: GNU gettext (msgfmt)" in result.stdout
    assert "apt-get install gettext" in result.stdout


@pytest.mark.parametrize(
    ("target", "packages"),
    [("run", "gettext"), ("test", "gettext chromium npm varnish varnish-modules")],
)
def test_run_and_test_check_the_system_packages_first(target, packages):
    planned = subprocess.run(
        [MAKE, "-n", "-C", str(ROOT), target], capture_output=True, text=True, timeout=30
    ).stdout
    check = planned.index(f"for p in {packages}; do")
    last_step = "pytest" if target == "test" else "runserver"
    assert check < planned.index(last_step)

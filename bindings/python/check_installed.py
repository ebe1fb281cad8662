"""Installs this package with pip into a fresh venv and runs its tests against that copy.

    python3 check_installed.py --work-dir DIR --library-dir DIR --wheels DIR --version X.Y.Z

The source tree's tests import the package from the source tree; these import what `pip install` put in
site-packages, from a working directory outside the source tree, and find libloyalty.so.0 through the
system loader (LD_LIBRARY_PATH), as an installed library would be found. Nothing comes from the network:
pip is run with --no-index, and setuptools and wheel (the build backend) come from --wheels, Debian's
/usr/share/python-wheels (python3-setuptools-whl, python3-wheel-whl).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from typing import Dict, List

SOURCE = Path(__file__).resolve().parent
REPO = SOURCE.parents[1]

# Run in the venv: where the package came from, and what pip recorded about it.
PROBE = """
import importlib.metadata, json, loyalty
meta = importlib.metadata.metadata("loyalty-engine")
files = [str(f) for f in importlib.metadata.files("loyalty-engine") or []]
print(json.dumps({"file": loyalty.__file__, "name": meta["Name"], "version": meta["Version"],
                  "license": meta["License"], "files": files, "library": loyalty.library_path()}))
"""


def fail(message: str) -> None:
    print(f"check_installed: {message}", file=sys.stderr)
    sys.exit(1)


def run(command: List[str], env: Dict[str, str], cwd: Path) -> str:
    print("+", " ".join(command), flush=True)
    out = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(out.stdout, end="", flush=True)
    if out.returncode != 0:
        fail(f"{command[0]} exited with {out.returncode}")
    return out.stdout


def clean_environment(library_dir: Path) -> Dict[str, str]:
    # No user pip configuration (an index, find-links), no LOYALTY_LIBRARY and no PYTHONPATH: only the
    # venv's site-packages and the system loader may supply the package and the library.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PIP_") and k not in ("LOYALTY_LIBRARY", "PYTHONPATH", "PYTHONHOME")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INPUT="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
               PYTHONNOUSERSITE="1", LOYALTY_SOURCE_DIR=str(REPO))
    env["LD_LIBRARY_PATH"] = os.pathsep.join(filter(None, [str(library_dir), os.environ.get("LD_LIBRARY_PATH")]))
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work-dir", type=Path, required=True)
    parser.add_argument("--library-dir", type=Path, required=True)
    parser.add_argument("--wheels", type=Path, required=True)
    parser.add_argument("--version", required=True)
    args = parser.parse_args()

    wheels = sorted(p.name for p in args.wheels.glob("*.whl")) if args.wheels.is_dir() else []
    for needed in ("setuptools", "wheel"):
        if not any(name.startswith(needed + "-") for name in wheels):
            fail(f"no {needed} wheel in {args.wheels}: pip cannot build the package offline. Install "
                 f"python3-setuptools-whl and python3-wheel-whl (tools/install-deps.sh), or configure with "
                 f"-DLOYALTY_PYTHON_WHEELS=<a directory holding both wheels>")
    if not (args.library_dir / "libloyalty.so.0").exists():
        fail(f"{args.library_dir} has no libloyalty.so.0")

    work = args.work_dir.resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = clean_environment(args.library_dir.resolve())

    # pip builds in the directory it is given: a copy keeps build/ and *.egg-info out of the source tree.
    project = work / "project"
    shutil.copytree(SOURCE, project, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))

    venv.EnvBuilder(with_pip=True, clear=True).create(work / "venv")
    python = str(work / "venv" / "bin" / "python")
    pip = [python, "-m", "pip", "install", "--no-index", "--no-cache-dir"]
    run(pip + ["--find-links", str(args.wheels), "setuptools", "wheel"], env, work)
    run(pip + ["--no-build-isolation", str(project)], env, work)

    found = json.loads(run([python, "-c", PROBE], env, work).splitlines()[-1])
    site = Path(found["file"]).resolve().parent
    if (work / "venv") not in site.parents:
        fail(f"loyalty was imported from {site}, not from the venv")
    if not (site / "py.typed").is_file():
        fail("the installed package has no py.typed")
    expected = {"name": "loyalty-engine", "version": args.version, "license": "Apache-2.0"}
    for key, value in expected.items():
        if found[key] != value:
            fail(f"installed metadata {key} is {found[key]!r}, expected {value!r}")
    strays = [f for f in found["files"] if f.split("/")[0] not in ("loyalty", "loyalty_engine-" + args.version +
                                                                   ".dist-info")]
    if strays:
        fail(f"the distribution installs files outside the package: {strays}")
    # bindings/python/LICENSE links to the repository's; setuptools puts its text into the .dist-info.
    licences = [f for f in found["files"] if f.endswith(".dist-info/LICENSE")]
    if not licences or "Apache License" not in (site.parent / licences[0]).read_text():
        fail(f"the distribution carries no LICENSE with the Apache-2.0 text: {found['files']}")
    if Path(found["library"]) != args.library_dir.resolve() / "libloyalty.so.0":
        fail(f"the library came from {found['library']}, not through LD_LIBRARY_PATH from {args.library_dir}")

    # The tests, copied away from the source tree so that `import loyalty` can only mean the installed one.
    suite = work / "suite"
    shutil.copytree(SOURCE / "tests", suite / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    run([python, "-m", "unittest", "discover", "-s", str(suite / "tests"), "-t", str(suite), "-v"], env, suite)


if __name__ == "__main__":
    main()

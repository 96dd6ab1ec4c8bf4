"""Finding the tools, and installing the missing ones into a scratch folder.

  retort   $RETORT (default build/bin/retort), relative to the repository
  psql     the real binary of the newest /usr/lib/postgresql/*/bin: Debian's
           /usr/bin/psql is a Perl wrapper that costs tens of ms per call
  alembic  the Debian packages (`alembic`, `python3-psycopg2`); when they are
           not installed, `apt-get download` + `dpkg -x` into the scratch folder
  dbmate   `dbmate` on PATH, else `npm install --prefix <scratch> dbmate`; the
           Go binary inside the package is called directly, not the node shim
  header floor  bench/header_floor.c, built with `$CC -O2` (default cc) into
           the run's scratch directory

A tool that cannot be found or installed is None, with a reason to print.
"""
import glob
import os
import shlex
import shutil
import subprocess
import sys

ALEMBIC_PACKAGES = ["alembic", "python3-psycopg2"]


def log(message):
    print(message, file=sys.stderr, flush=True)


class Tool:
    """An executable plus what its argv and environment need."""

    def __init__(self, name, prefix, env=None, note=""):
        self.name = name
        self.prefix = list(prefix)   # argv before the tool's own arguments
        self.env = dict(env or {})   # added to the environment of every run
        self.note = note             # how it was found, for the report


def find_retort(repo):
    path = os.path.join(repo, os.environ.get("RETORT", "build/bin/retort"))
    if not os.access(path, os.X_OK):
        return None, "%s is not built: run scripts/build (or set RETORT)" % path
    path = os.path.abspath(path)
    inside = path.startswith(os.path.abspath(repo) + os.sep)
    return Tool("retort", [path], note=os.path.relpath(path, repo) if inside else path), ""


def find_psql():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if not found:
        return None, "no /usr/lib/postgresql/*/bin/psql (apt-get install postgresql-client)"
    return Tool("psql", [found[-1]], note=found[-1]), ""


def _python_can_import(env):
    probe = subprocess.run(["/usr/bin/python3", "-c", "import alembic, psycopg2"],
                           env=env, capture_output=True)
    return probe.returncode == 0


def _not_installed(packages):
    missing = []
    for p in packages:
        q = subprocess.run(["dpkg-query", "-W", "-f=${Status}", p], capture_output=True, text=True)
        if "install ok installed" not in q.stdout:
            missing.append(p)
    return missing


def _alembic_scratch(scratch):
    """Unpacks alembic and the Python packages it needs (not installed on the
    system) under scratch/alembic-root; returns that root."""
    root = os.path.join(scratch, "alembic-root")
    if os.path.exists(os.path.join(root, "usr/bin/alembic")):
        return root
    deps = subprocess.run(
        ["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts",
         "--no-breaks", "--no-replaces", "--no-enhances"] + ALEMBIC_PACKAGES,
        capture_output=True, text=True, check=True).stdout.split("\n")
    wanted = sorted({d.strip() for d in deps if d and not d.startswith(" ") and
                     (d == "alembic" or d.startswith("python3-") or d == "libpq5") and
                     d not in ("python3-minimal",)})
    missing = _not_installed(wanted)
    debs = os.path.join(scratch, "debs")
    os.makedirs(debs, exist_ok=True)
    log("compare: unpacking %s into %s" % (" ".join(missing), root))
    subprocess.run(["apt-get", "download", "-q"] + missing, cwd=debs, check=True,
                   capture_output=True)
    for deb in glob.glob(os.path.join(debs, "*.deb")):
        subprocess.run(["dpkg", "-x", deb, root], check=True)
    return root


def find_alembic(scratch):
    if not os.access("/usr/bin/python3", os.X_OK):
        return None, "no /usr/bin/python3 (Debian's python3) for the alembic packages"
    if shutil.which("alembic") == "/usr/bin/alembic" and _python_can_import(None):
        return Tool("alembic", ["/usr/bin/alembic"], note="Debian package"), ""
    try:
        root = _alembic_scratch(scratch)
    except (subprocess.CalledProcessError, OSError) as e:
        return None, "alembic is not installed and could not be unpacked (%s): apt-get install %s" % (
            e, " ".join(ALEMBIC_PACKAGES))
    env = {"PYTHONPATH": os.path.join(root, "usr/lib/python3/dist-packages")}
    libs = glob.glob(os.path.join(root, "usr/lib/*-linux-gnu"))
    if libs:
        env["LD_LIBRARY_PATH"] = ":".join(libs)
    if not _python_can_import(dict(os.environ, **env)):
        return None, "alembic unpacked into %s does not import" % root
    return Tool("alembic", ["/usr/bin/python3", os.path.join(root, "usr/bin/alembic")], env,
                note="Debian packages unpacked into the scratch folder"), ""


def _dbmate_binary(prefix):
    found = glob.glob(os.path.join(prefix, "node_modules/@dbmate/*/bin/dbmate"))
    return found[0] if found else None


def find_dbmate(scratch):
    on_path = shutil.which("dbmate")
    if on_path:
        real = os.path.realpath(on_path)
        # An npm shim on PATH is a node script; prefer the Go binary next to it.
        binary = _dbmate_binary(os.path.dirname(os.path.dirname(os.path.dirname(real)))) or real
        return Tool("dbmate", [binary], note=binary), ""
    prefix = os.path.join(scratch, "npm")
    binary = _dbmate_binary(prefix)
    if binary is None:
        if not shutil.which("npm"):
            return None, "dbmate is not installed and npm is missing (apt-get install npm)"
        log("compare: npm install --prefix %s dbmate" % prefix)
        done = subprocess.run(["npm", "install", "--prefix", prefix, "--no-audit", "--no-fund",
                               "dbmate"], capture_output=True, text=True)
        binary = _dbmate_binary(prefix)
        if done.returncode != 0 or binary is None:
            return None, "npm install dbmate failed: %s" % (done.stderr.strip().splitlines() or ["?"])[-1]
    return Tool("dbmate", [binary], note="npm package, its Go binary called directly"), ""


def build_header_floor(repo, work):
    """Compiles bench/header_floor.c into `work` (once per run)."""
    cc = shlex.split(os.environ.get("CC") or "cc")
    if not cc or not shutil.which(cc[0]):
        return None, "no C compiler (%s) to build bench/header_floor.c" % " ".join(cc or ["cc"])
    out = os.path.join(work, "header_floor")
    done = subprocess.run(cc + ["-O2", "-o", out, os.path.join(repo, "bench/header_floor.c")],
                          capture_output=True, text=True)
    if done.returncode != 0:
        why = (done.stderr.strip().splitlines() or ["exit %d" % done.returncode])[-1]
        return None, "%s -O2 bench/header_floor.c failed: %s" % (" ".join(cc), why)
    return Tool("header floor", [out], note="bench/header_floor.c built with %s -O2" %
                " ".join(cc)), ""


def scratch_dir():
    """Where installed tools are kept between runs (outside the repository)."""
    base = os.environ.get("BENCH_TOOLS_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "retort-bench")
    os.makedirs(base, exist_ok=True)
    return base

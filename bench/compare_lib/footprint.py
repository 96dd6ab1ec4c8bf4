"""S5: what each tool puts on a machine (no timing), and the image-size target."""
import os
import shutil
import subprocess
import tempfile

MB = 1024.0 * 1024.0
IMAGES = ("retort:latest", "retort:e2e")
IMAGE_LIMIT_MB = 30
BUILD = "build it with scripts/e2e-docker (retort:e2e) or docker build -t retort ."


def _size(path):
    return "%.1f MB" % (os.path.getsize(path) / MB)


def _shared_libs(path):
    done = subprocess.run(["ldd", path], capture_output=True, text=True)
    if "not a dynamic executable" in done.stdout + done.stderr:
        return "none (static)"
    names = [line.split()[0] for line in done.stdout.splitlines() if line.strip()]
    return ", ".join(n for n in names if not n.startswith("linux-vdso"))


def _stripped(path):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "stripped")
        if subprocess.run(["strip", "-o", out, path], capture_output=True).returncode != 0:
            return "-"
        return _size(out)


def _image():
    """(image name, size in bytes) of the first of IMAGES that exists, or (None, why not)."""
    if not shutil.which("docker"):
        return None, "no docker"
    for name in IMAGES:
        try:
            done = subprocess.run(["docker", "image", "inspect", "-f", "{{.Size}}", name],
                                  capture_output=True, text=True, timeout=10)
        except subprocess.TimeoutExpired:
            return None, "the docker engine does not answer"
        if done.returncode == 0 and done.stdout.strip().isdigit():
            return name, int(done.stdout)
    return None, "no %s image" % " or ".join(IMAGES)


def _image_cell(image):
    name, size = image
    return "%s: %.1f MB" % (name, size / MB) if name else "n/a: %s; %s" % (size, BUILD)


def image_target():
    """(met, text) for the image size, met None when there is no image."""
    name, size = _image()
    if name is None:
        return None, "S5 image size: %s; %s" % (size, BUILD)
    mb = size / MB
    return mb < IMAGE_LIMIT_MB, "S5 image size: %s is %.1f MB (target < %d MB)" % (
        name, mb, IMAGE_LIMIT_MB)


def _debian_installed_kb(packages):
    done = subprocess.run(["dpkg-query", "-W", "-f=${Installed-Size}\\n"] + packages,
                          capture_output=True, text=True)
    return sum(int(x) for x in done.stdout.split() if x.isdigit())


def table(tools):
    lines = ["### S5 footprint", "",
             "| tool | binary | stripped | shared libraries | image / install |",
             "|---|---:|---:|---|---|"]
    retort = tools.get("retort")
    if retort:
        path = retort.prefix[0]
        lines.append("| retort | %s | %s | %s | %s |" % (_size(path), _stripped(path),
                                                         _shared_libs(path),
                                                         _image_cell(_image())))
    dbmate = tools.get("dbmate")
    if dbmate:
        path = dbmate.prefix[0]
        lines.append("| dbmate | %s | %s | %s | npm package |" % (_size(path), _stripped(path),
                                                                  _shared_libs(path)))
    if tools.get("alembic"):
        pkgs = ["python3.11", "python3.11-minimal", "libpython3.11-minimal",
                "libpython3.11-stdlib", "python3-alembic", "python3-sqlalchemy",
                "python3-sqlalchemy-ext", "python3-psycopg2", "python3-mako", "python3-markupsafe",
                "python3-greenlet"]
        kb = _debian_installed_kb(pkgs)
        lines.append("| alembic | - | - | Python 3 interpreter + packages | %.1f MB installed "
                     "(Debian: python3.11, alembic, sqlalchemy, psycopg2, mako ...) |" % (kb / 1024.0))
    return "\n".join(lines) + "\n"

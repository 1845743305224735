"""Runs the Docker image's build steps on this machine, without a Docker engine, so that the image
cannot rot unseen.

    docker_steps.py

It reads docker/Dockerfile and does what a build does:
  - the root steps (RUN before the first `USER ${NB_UID}`): the Debian packages they install must
    be installed here (they are installed when missing), and the Go they download must be the Go
    here, at the version the Dockerfile pins (this machine cannot reach go.dev);
  - the base image's own JupyterLab 4 (quay.io/jupyter/base-notebook) is stood in for by a fresh
    virtual environment with the versions pinned in requirements.txt, on the user's PATH as the
    image's is;
  - COPY puts the checkout's files (less what .dockerignore leaves out) into a clean directory in
    the user's home, owned by a
    fresh user (created here and removed at the end when this runs as root; otherwise the steps
    run as the current user with a fresh, empty home);
  - every RUN after `USER ${NB_UID}` runs as that user, in WORKDIR, with the Dockerfile's ENV
    (the Go module cache starts empty, as in an image build);
then checks the result as the image would start it: JupyterLab with the Dockerfile's
NOTEBOOK_ARGS lists the course's kernel, serves the welcome notebook and has nbgitpuller enabled
(the hub's update links, docs/hub.md), and two notebooks run
headless through that kernel with the committed outputs (nbrun.py check).
"""

import json
import os
import pwd
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "docker" / "Dockerfile"
NOTEBOOKS = ["notebooks/00-welcome.ipynb", "notebooks/04-momentum.ipynb"]
PORT = 8896


def instructions(text):
    """The Dockerfile's instructions as (keyword, argument), continuation lines joined."""
    text = re.sub(r"\\\n", " ", re.sub(r"^\s*#.*\n", "", text, flags=re.M))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1].strip())
            for line in text.splitlines() if line.strip()]


def expand(value, env):
    value = re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: env.get(m.group(1) or m.group(2), ""), value)
    return value.replace(env["IMAGE_HOME"], env["HOME"]) if "IMAGE_HOME" in env else value


def say(msg):
    print(f"docker-steps: {msg}", flush=True)


def root_steps(cmd, args):
    """Checks a root RUN step against this machine: its Debian packages, its Go version."""
    for group in re.findall(r"apt-get install ([^&;|]+)", cmd):
        pkgs = [p for p in group.split() if not p.startswith("-")]
        missing = [p for p in pkgs if subprocess.run(["dpkg", "-s", p], capture_output=True).returncode]
        if missing:
            say(f"installing the image's Debian packages missing here: {' '.join(missing)}")
            subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True)
        say(f"Debian packages of the image installed: {' '.join(pkgs)}")
    if "go.dev/dl" in cmd:
        want = args.get("GO_VERSION", "")
        have = subprocess.run(["go", "env", "GOVERSION"], capture_output=True, text=True).stdout.strip()
        if have != f"go{want}":
            raise SystemExit(f"docker-steps: FAIL the image pins Go {want}, this machine has {have}: "
                             "the image would build with another Go than the one tested")
        say(f"Go {want}, as the image pins")


def fresh_user():
    """A new user with an empty home (root), or the current user with a fresh home."""
    if os.geteuid() == 0:
        name = f"dxstep{os.getpid()}"
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True)
        return name, Path(pwd.getpwnam(name).pw_dir), True
    return pwd.getpwuid(os.getuid()).pw_name, Path(tempfile.mkdtemp(prefix="dxstep-home-")), False


def as_user(user, env, cmd, cwd, **kw):
    prefix = ["runuser", "-u", user, "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, "env", "-i", *[f"{k}={v}" for k, v in env.items()], "bash", "-c", cmd],
                          cwd=cwd, **kw)


def main():
    steps = instructions(DOCKERFILE.read_text())
    user, home, created = fresh_user()
    try:
        return build_and_check(steps, user, home)
    finally:
        if created:
            subprocess.run(["pkill", "-u", user], capture_output=True)
            time.sleep(1)
            subprocess.run(["userdel", "--remove", user], capture_output=True)
        else:
            shutil.rmtree(home, ignore_errors=True)


def build_and_check(steps, user, home):
    env = {"HOME": str(home), "USER": user, "NB_USER": user, "NB_UID": user, "NB_GID": user,
           "LANG": "C.UTF-8", "PATH": f"{home}/image-python/bin:/usr/local/bin:/usr/bin:/bin",
           **{k: os.environ[k] for k in ("NBRUN_SLACK", "GOPROXY") if k in os.environ}}
    if str(home) != f"/home/{user}":  # not root: the image's home is this fresh directory
        env["IMAGE_HOME"] = f"/home/{user}"
    args, workdir, in_user = {}, home, False
    start = time.monotonic()
    # The base image's Python with JupyterLab 4, for the user.
    say("the base image's JupyterLab 4: a fresh virtual environment from requirements.txt")
    as_user(user, env, f"python3 -m venv {home}/image-python && {home}/image-python/bin/pip install -q "
                       f"-r {shlex.quote(str(ROOT / 'requirements.txt'))}", cwd=home, check=True)
    for key, arg in steps:
        if key == "ARG":
            name, _, value = arg.partition("=")
            args[name] = value
        elif key == "ENV":
            for name, value in re.findall(r'(\w+)=("[^"]*"|\S+)', arg):
                env[name] = expand(value.strip('"'), {**args, **env})
        elif key == "USER":
            in_user = expand(arg, env) == user
        elif key == "WORKDIR":
            workdir = Path(expand(arg, env))
        elif key == "COPY":
            dest = Path(expand(arg.split()[-1], env))
            # What `docker build` sends: the checkout without what .dockerignore leaves out.
            files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-from=.dockerignore"],
                                   cwd=ROOT, capture_output=True, check=True).stdout
            dest.mkdir(parents=True)
            subprocess.run(["cp", "--parents", "-t", str(dest), *files.decode().split("\0")[:-1]], cwd=ROOT, check=True)
            if os.geteuid() == 0:
                subprocess.run(["chown", "-R", f"{user}:{user}", str(dest)], check=True)
            say(f"COPY: the checkout into {dest}")
        elif key == "RUN" and not in_user:
            root_steps(expand(arg, {**args, **env}), args)
        elif key == "RUN":
            say(f"RUN as {user} in {workdir}: {arg}")
            t = time.monotonic()
            as_user(user, env, arg, cwd=workdir, check=True)
            say(f"  done in {time.monotonic() - t:.0f} s")
    say(f"built in {time.monotonic() - start:.0f} s; starting JupyterLab as the image does")
    py = f"{home}/image-python/bin/python"
    token = os.urandom(8).hex()
    lab = subprocess.Popen(
        ["runuser", "-u", user, "--"] * (os.geteuid() == 0) + ["env", "-i", *[f"{k}={v}" for k, v in env.items()],
         py, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={PORT}",
         f"--IdentityProvider.token={token}", *shlex.split(env.get("NOTEBOOK_ARGS", ""))],
        cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        specs = wait_json(f"http://127.0.0.1:{PORT}/api/kernelspecs?token={token}")
        kernel = specs["kernelspecs"].get("descent-go")
        if not kernel:
            raise SystemExit(f"docker-steps: FAIL the image's JupyterLab lists no descent-go kernel: {sorted(specs['kernelspecs'])}")
        argv = kernel["spec"]["argv"]
        if not argv[0].startswith(str(workdir)):
            raise SystemExit(f"docker-steps: FAIL the kernel runs {argv[0]}, not the image's course in {workdir}")
        extensions = as_user(user, env, f"{py} -m jupyter server extension list", cwd=workdir,
                             capture_output=True, text=True)
        if not re.search(r"nbgitpuller\S* .*enabled", extensions.stdout + extensions.stderr):
            raise SystemExit("docker-steps: FAIL nbgitpuller is not an enabled server extension of the image's Jupyter")
        page = urllib.request.urlopen(f"http://127.0.0.1:{PORT}/lab/tree/00-welcome.ipynb?token={token}", timeout=30)
        say(f"JupyterLab lists the kernel ({kernel['spec']['display_name']}), serves 00-welcome ({page.status}) "
            "and has nbgitpuller")
    finally:
        os.killpg(lab.pid, 15)
    say(f"running {' and '.join(NOTEBOOKS)} through the image's kernel")
    as_user(user, env, f"{py} scripts/nbrun.py check {' '.join(NOTEBOOKS)}", cwd=workdir, check=True)
    say(f"passed in {time.monotonic() - start:.0f} s")
    return 0


def wait_json(url, seconds=90):
    for _ in range(seconds * 2):
        try:
            return json.load(urllib.request.urlopen(url, timeout=5))
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"docker-steps: FAIL JupyterLab did not answer at {url.split('?')[0]} within {seconds} s")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as e:
        sys.exit(f"docker-steps: FAIL a step failed (exit {e.returncode}): {e.cmd if isinstance(e.cmd, str) else ' '.join(map(str, e.cmd))[-300:]}")

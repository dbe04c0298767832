#!/usr/bin/env python3
"""Ferry's benchmark: Ferry against nginx, curl, python3 -m http.server and
the tutorial pair, on this machine, over loopback only.

Every server binds 127.0.0.1 on a free port, every client talks to it, and
everything started here is stopped before the script exits. Rows are
measured interleaved, round after round, and the table shows medians.

    python3 tests/bench/bench.py --ferry build/app/ferry            # full run
    python3 tests/bench/bench.py --ferry build/app/ferry --quick    # smoke run

nginx-light, wrk and curl come from Debian (`apt-get install nginx-light
wrk curl`); rows whose tool is missing are skipped and say so. Row 6 runs
ferry_bench_guilatency (built with the tests, next to the ferry binary's
build tree, or given with --gui-bench): the window, offscreen, with 50
downloads from `ferry serve` at once, and a 10 ms timer on its GUI thread.
"""
import argparse
import concurrent.futures
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TUTORIAL_SERVER = os.path.join(HERE, "..", "interop", "tutorial_server.py")
TUTORIAL_CLIENT = os.path.join(HERE, "..", "interop", "tutorial_client.py")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server on port %d did not start" % port)


def peak_rss_kib(pid):
    """VmHWM of a process and its children (nginx serves from workers)."""
    pids = [pid]
    try:
        pids += [int(p) for p in open("/proc/%d/task/%d/children" % (pid, pid)).read().split()]
    except OSError:
        pass
    best = 0
    for p in pids:
        try:
            for line in open("/proc/%d/status" % p):
                if line.startswith("VmHWM:"):
                    best = max(best, int(line.split()[1]))
        except OSError:
            pass
    return best


class Server:
    """A server process on a free loopback port, stopped on exit."""

    def __init__(self, name, argv_for_port, cwd=None):
        self.name = name
        self.port = free_port()
        self.process = subprocess.Popen(argv_for_port(self.port), cwd=cwd, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for_port(self.port)

    def url(self, name):
        return "http://127.0.0.1:%d/%s" % (self.port, name)

    def peak_rss_kib(self):
        return peak_rss_kib(self.process.pid)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def nginx_server(root, scratch, extra=""):
    conf = os.path.join(scratch, "nginx.conf")
    with open(conf, "w") as f:
        f.write("""
worker_processes auto;
pid %(s)s/nginx.pid;
error_log stderr error;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on; tcp_nopush on;
    client_body_temp_path %(s)s/body; proxy_temp_path %(s)s/proxy;
    fastcgi_temp_path %(s)s/fastcgi; uwsgi_temp_path %(s)s/uwsgi; scgi_temp_path %(s)s/scgi;
    server { listen 127.0.0.1:PORT; root %(r)s; %(e)s}
}
""" % {"s": scratch, "r": root, "e": extra})
    def argv(port):
        text = open(conf).read().replace("PORT", str(port))
        with open(conf, "w") as f:
            f.write(text)
        return ["nginx", "-p", scratch, "-c", conf, "-g", "daemon off;"]
    return Server("nginx", argv)


def timed(argv, **kwargs):
    start = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600, **kwargs)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError("%s failed: %s" % (argv[0], result.stderr.decode(errors="replace")[-300:]))
    return elapsed


def timed_with_rss(argv):
    """Wall time and peak RSS (KiB) of one client command, through GNU time's rusage."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, rusage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("%s failed" % argv[0])
    return elapsed, rusage.ru_maxrss


def remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def make_file(path, mib):
    block = os.urandom(1024 * 1024)
    with open(path, "wb") as f:
        for _ in range(mib):
            f.write(block)


def parallel(commands, workers):
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        for future in [pool.submit(subprocess.run, c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   check=True, timeout=600) for c in commands]:
            future.result()
    return time.perf_counter() - start


def wrk_rps(url, seconds):
    out = subprocess.run(["wrk", "-t2", "-c16", "-d%ds" % seconds, url], capture_output=True, text=True,
                         timeout=seconds + 30).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(match.group(1)) if match else float("nan")


def gui_latency(bench, port, downloads, seconds):
    """Worst and 99th-percentile delay (ms) of a 10 ms GUI timer during `downloads` downloads."""
    out = subprocess.run([bench, "--downloads", str(downloads), "--seconds", str(seconds),
                          "--server", "127.0.0.1:%d" % port, "--name", "big.bin"],
                         capture_output=True, text=True, timeout=seconds + 120,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    if out.returncode != 0:
        raise RuntimeError("%s failed: %s" % (bench, out.stderr[-300:]))
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["running_at_end"] != downloads:
        print("row 6: only %d of %d downloads were still running at the end" % (result["running_at_end"], downloads),
              file=sys.stderr)
    return result["worst_ms"], result["p99_ms"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ferry", required=True, help="path to the ferry binary")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--big-mib", type=int, default=1024)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--file-mib", type=int, default=10)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--wrk-seconds", type=int, default=5)
    parser.add_argument("--gui-bench", help="path to ferry_bench_guilatency (default: found from --ferry)")
    parser.add_argument("--gui-downloads", type=int, default=50)
    parser.add_argument("--gui-seconds", type=float, default=3)
    parser.add_argument("--listing-files", type=int, default=100000)
    parser.add_argument("--only-listing", action="store_true", help="row 7 alone")
    parser.add_argument("--quick", action="store_true", help="small sizes, 2 rounds: checks the script works")
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.big_mib, args.files, args.file_mib, args.wrk_seconds = 2, 64, 20, 1, 2
        args.gui_seconds = 1
        args.listing_files = 2000
    ferry = os.path.abspath(args.ferry)
    gui_bench = args.gui_bench or os.path.join(os.path.dirname(ferry), "..", "tests", "bench", "ferry_bench_guilatency")
    have_gui_bench = os.access(gui_bench, os.X_OK)
    have = {tool: shutil.which(tool) is not None for tool in ("nginx", "curl", "wrk")}

    scratch = tempfile.mkdtemp(prefix="ferry-bench-")
    os.chmod(scratch, 0o755)  # nginx's workers drop root and must read the share
    servers = []
    try:
        share = os.path.join(scratch, "share")
        out = os.path.join(scratch, "out")
        os.makedirs(os.path.join(share, "many"))
        os.makedirs(out)
        big = "big.bin"
        make_file(os.path.join(share, big), args.big_mib)
        for i in range(args.files):
            make_file(os.path.join(share, "many", "f%03d.bin" % i), args.file_mib)
        with open(os.path.join(share, "small.bin"), "wb") as f:
            f.write(os.urandom(4096))
        subprocess.run(["cat", os.path.join(share, big)], stdout=subprocess.DEVNULL)  # warm the page cache

        ferry_server = Server("ferry", lambda p: [ferry, "serve", share, "--port", str(p), "--bind", "127.0.0.1"])
        servers.append(ferry_server)
        nginx = None
        if have["nginx"]:
            os.makedirs(os.path.join(scratch, "nginx"))
            nginx = nginx_server(share, os.path.join(scratch, "nginx"))
            servers.append(nginx)
        pyhttp = Server("python", lambda p: [sys.executable, "-m", "http.server", str(p), "--bind", "127.0.0.1",
                                             "--directory", share])
        servers.append(pyhttp)

        target = os.path.join(out, big)
        rows = {}

        def record(key, value):
            rows.setdefault(key, []).append(value)

        # 7. The HTML listing of a very large folder, by a server of its own
        # (its peak memory is the listing's), against nginx's autoindex.
        # Before each round a file comes and goes, so that every listing is
        # built anew (Ferry keeps one per folder version).
        listing = os.path.join(scratch, "listing")
        os.makedirs(listing)
        for i in range(args.listing_files):
            os.close(os.open(os.path.join(listing, "file-%06d.txt" % i), os.O_CREAT | os.O_WRONLY, 0o644))
        listing_ferry = Server("ferry-listing", lambda p: [ferry, "serve", listing, "--port", str(p),
                                                           "--bind", "127.0.0.1"])
        servers.append(listing_ferry)
        listing_nginx = None
        if have["nginx"]:
            os.makedirs(os.path.join(scratch, "nginx-listing"))
            listing_nginx = nginx_server(listing, os.path.join(scratch, "nginx-listing"), "autoindex on; ")
            servers.append(listing_nginx)
        key7 = "7 %s, HTML listing of %d files" % ("%s", args.listing_files)
        for round_number in range(args.rounds if have["curl"] else 0):
            churn = os.path.join(listing, "churn-%d" % round_number)
            os.close(os.open(churn, os.O_CREAT | os.O_WRONLY, 0o644))
            os.remove(churn)
            pair = [("ferry serve", listing_ferry)] + ([("nginx autoindex", listing_nginx)] if listing_nginx else [])
            for name, server in (pair if round_number % 2 == 0 else pair[::-1]):
                record(key7 % name, timed(["curl", "-sf", "-o", "/dev/null", server.url("")]))
        record("rss ferry serve, listing of %d files" % args.listing_files, listing_ferry.peak_rss_kib())
        listing_ferry.stop()
        if listing_nginx:
            listing_nginx.stop()

        for round_number in range(0 if args.only_listing else args.rounds):
            print("round %d of %d" % (round_number + 1, args.rounds), file=sys.stderr)
            # 1. One big file into a file; each client starts with the disk
            # done writing what the one before it wrote.
            remove(target)
            os.sync()
            t, rss = timed_with_rss([ferry, "get", "127.0.0.1:%d" % ferry_server.port, big, "-o", target,
                                     "--retries", "0"])
            record("1 ferry serve + ferry get", t)
            record("rss ferry get", rss)
            remove(target)
            os.sync()
            if have["curl"] and nginx:
                record("1 nginx + curl -o", timed(["curl", "-sf", "-o", target, nginx.url(big)]))
                remove(target)
                os.sync()
            if have["curl"]:
                record("1 python http.server + curl -o", timed(["curl", "-sf", "-o", target, pyhttp.url(big)]))
                remove(target)
            # 2. The server alone: the client discards. A run takes under half
            # a second, so one sample swings by a quarter on a shared machine:
            # three pairs per round, each server first in turn, after the
            # gigabytes row 1 wrote have reached the disk.
            os.sync()
            row2 = [("2 ferry serve + curl -o /dev/null", ferry_server)]
            if nginx:
                row2.append(("2 nginx + curl -o /dev/null", nginx))
            for pair in range(3 if have["curl"] else 0):
                for key, server in (row2 if pair % 2 == 0 else row2[::-1]):
                    record(key, timed(["curl", "-sf", "-o", "/dev/null", server.url(big)]))
            # 3. Many clients at once.
            names = ["many/f%03d.bin" % i for i in range(args.files)]
            outputs = [os.path.join(out, "f%03d.bin" % i) for i in range(args.files)]
            record("3 ferry serve + ferry get x%d" % args.clients, parallel(
                [[ferry, "get", "127.0.0.1:%d" % ferry_server.port, n, "-o", o, "--retries", "0"]
                 for n, o in zip(names, outputs)], args.clients))
            if have["curl"]:
                record("3 ferry serve + curl x%d" % args.clients, parallel(
                    [["curl", "-sf", "-o", o, ferry_server.url(n)] for n, o in zip(names, outputs)], args.clients))
                if nginx:
                    record("3 nginx + curl x%d" % args.clients, parallel(
                        [["curl", "-sf", "-o", o, nginx.url(n)] for n, o in zip(names, outputs)], args.clients))
            for o in outputs:
                remove(o)
            # 4. Small requests over keep-alive.
            if have["wrk"]:
                record("4 ferry serve, 4 KiB, req/s", wrk_rps(ferry_server.url("small.bin"), args.wrk_seconds))
                if nginx:
                    record("4 nginx, 4 KiB, req/s", wrk_rps(nginx.url("small.bin"), args.wrk_seconds))
            # 6. The window stays responsive with many downloads running.
            if have_gui_bench:
                worst, p99 = gui_latency(gui_bench, ferry_server.port, args.gui_downloads, args.gui_seconds)
                record("6 GUI 10 ms timer, worst delay, %d downloads (ms)" % args.gui_downloads, worst)
                record("6 GUI 10 ms timer, 99th percentile delay (ms)", p99)

        record("rss ferry serve", ferry_server.peak_rss_kib())
        if nginx:
            record("rss nginx (largest process)", nginx.peak_rss_kib())

        # The tutorial pair, once: its server holds the whole file in memory.
        tutorial = Server("tutorial", lambda p: [sys.executable, TUTORIAL_SERVER, str(p), "127.0.0.1"], cwd=share)
        servers.append(tutorial)
        client_dir = os.path.join(scratch, "tutorial-client")
        os.makedirs(client_dir)
        start = time.perf_counter()
        subprocess.run([sys.executable, TUTORIAL_CLIENT], input=("127.0.0.1\n%d\n%s\n" % (tutorial.port, big)).encode(),
                       cwd=client_dir, stdout=subprocess.DEVNULL, check=True, timeout=600)
        record("1 tutorial server + tutorial client (1 round)", time.perf_counter() - start)
        record("rss tutorial server", tutorial.peak_rss_kib())

        lines = ["| measure | median | rounds |", "|---|---:|---:|"]
        for key, values in rows.items():
            median = statistics.median(values)
            if key.startswith("rss"):
                shown = "%.1f MiB" % (median / 1024)
            elif "req/s" in key:
                shown = "%.0f" % median
            elif key.endswith("(ms)"):
                shown = "%.0f ms" % median
            else:
                shown = "%.3f s" % median
            lines.append("| %s | %s | %d |" % (key, shown, len(values)))
        missing = [tool for tool, ok in have.items() if not ok]
        if not have_gui_bench:
            missing.append("ferry_bench_guilatency (row 6)")
        header = ("Machine: %s, %d cores, %s; file %d MiB; %d files of %d MiB; %d rounds%s" % (
            platform.platform(), os.cpu_count(), platform.processor() or platform.machine(), args.big_mib,
            args.files, args.file_mib, args.rounds, "; missing: " + ", ".join(missing) if missing else ""))
        table = header + "\n\n" + "\n".join(lines) + "\n"
        print(table)
        if args.markdown:
            with open(args.markdown, "w") as f:
                f.write(table)
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()

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

Rows 8 and 9 (`--only-client` runs them alone) time `ferry get` as an
HTTP(S) client against curl, wget and aria2c, all fetching from one nginx
(TLS with a throwaway P-256 certificate, and plain HTTP), with the share and
the downloads on tmpfs (/dev/shm; --client-tmp DIR puts them elsewhere):
(8) one 1 GiB file into a file, (9) 200 files of 1 MiB, 8 at once. They
report wall time and the client's own CPU (os.wait4). They also need
openssl, wget and aria2 (`apt-get install openssl wget aria2`).

    python3 tests/bench/bench.py --ferry build/app/ferry --only-client
"""
import argparse
import concurrent.futures
import filecmp
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
import threading
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

    def __init__(self, name, argv_for_port, cwd=None, env=None):
        self.name = name
        self.port = free_port()
        self.process = subprocess.Popen(argv_for_port(self.port), cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            wait_for_port(self.port)
        except RuntimeError:
            self.stop()  # a server that never listened is not left running
            raise

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


# Rows 8 and 9: `ferry get` as an HTTP(S) client, against curl, wget and
# aria2c, all fetching from one nginx. Each client runs as a child of this
# script, so os.wait4 gives its own CPU (user and system, all its threads).

CLIENT_TOOLS = {"nginx": "nginx-light", "openssl": "openssl", "curl": "curl", "wget": "wget", "aria2c": "aria2"}


def fs_type(path):
    """The file system type of the mount holding path (from /proc/mounts)."""
    path, best, kind = os.path.realpath(path), "", "?"
    try:
        for line in open("/proc/mounts"):
            fields = line.split()
            point = fields[1].replace("\\040", " ")
            if (path == point or path.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
                best, kind = point, fields[2]
    except OSError:
        pass
    return kind


def process_cpu_seconds(pid):
    """utime + stime of a process and its children (nginx's workers), from /proc."""
    pids = [pid]
    try:
        pids += [int(p) for p in open("/proc/%d/task/%d/children" % (pid, pid)).read().split()]
    except OSError:
        pass
    ticks = 0
    for p in pids:
        try:
            fields = open("/proc/%d/stat" % p).read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def client_env():
    """The environment without proxy settings: every client goes straight to 127.0.0.1."""
    return {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}


def run_client(argv, env, log_path, timeout=600):
    """Wall time, user and system CPU seconds of one client command."""
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log, env=env)
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        with open(log_path, "rb") as log:
            raise RuntimeError("%s exited with %d: %s" % (" ".join(argv), process.returncode,
                                                         log.read().decode(errors="replace")[-300:]))
    return elapsed, usage.ru_utime, usage.ru_stime


def nginx_client_server(root, scratch, cert, key, access_log):
    """nginx serving root over TLS (.port) and plain HTTP (.plain_port), both on 127.0.0.1; without a
    certificate, plain HTTP alone (.plain_port is .port)."""
    plain_port = free_port()
    conf = os.path.join(scratch, "nginx.conf")
    tls = "listen 127.0.0.1:PORT;"  # the port Server waits for
    if cert:
        # nginx 1.22 leaves TLS 1.3 out of its default protocols (1.23.4 put it in): name both.
        tls = ("listen 127.0.0.1:PORT ssl; ssl_certificate %s; ssl_certificate_key %s; "
               "ssl_protocols TLSv1.2 TLSv1.3;" % (cert, key))
    with open(conf, "w") as f:
        f.write("""
worker_processes auto;
pid %(s)s/nginx.pid;
error_log stderr error;
events { worker_connections 1024; }
http {
    log_format bench '$server_port $uri $connection $connection_requests $ssl_protocol $ssl_cipher '
                     '"$http_user_agent" $status $body_bytes_sent';
    access_log %(log)s bench;
    sendfile on; tcp_nopush on;
    client_body_temp_path %(s)s/body; proxy_temp_path %(s)s/proxy;
    fastcgi_temp_path %(s)s/fastcgi; uwsgi_temp_path %(s)s/uwsgi; scgi_temp_path %(s)s/scgi;
    server { %(tls)s %(plainlisten)s root %(r)s; }
}
""" % {"s": scratch, "r": root, "log": access_log, "tls": tls,
         "plainlisten": "listen 127.0.0.1:%d;" % plain_port if cert else ""})

    def argv(port):
        if port == plain_port:
            raise RuntimeError("two free ports came out the same; run again")
        text = open(conf).read().replace("PORT", str(port))
        with open(conf, "w") as f:
            f.write(text)
        return ["nginx", "-p", scratch, "-c", conf, "-g", "daemon off;"]

    server = Server("nginx", argv)
    if cert:
        server.plain_port = plain_port
        wait_for_port(plain_port)
    else:
        server.plain_port = server.port
    return server


def make_certificate(scratch):
    """A throwaway P-256 certificate for IP:127.0.0.1; the clients trust it with --cacert."""
    cert, key = os.path.join(scratch, "cert.pem"), os.path.join(scratch, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=60)
    return cert, key


def connection_summary(access_log):
    """Per row, client (User-Agent up to '/') and port: requests, connections, TLS protocol and cipher."""
    seen = {}
    try:
        lines = open(access_log).read().splitlines()
    except OSError:
        return seen
    for line in lines:
        match = re.match(r'(\d+) (\S+) (\d+) \d+ (\S+) (\S+) "([^"/]*)', line)
        if not match:
            continue
        port, uri, connection, protocol, cipher, agent = match.groups()
        entry = seen.setdefault(("8" if uri == "/big.bin" else "9", agent, port), {"requests": 0, "connections": set(), "tls": set()})
        entry["requests"] += 1
        entry["connections"].add(connection)
        if protocol != "-":
            entry["tls"].add("%s %s" % (protocol, cipher))
    return seen


def check_file(path, size, reference=None):
    if not os.path.isfile(path) or os.path.getsize(path) != size:
        raise RuntimeError("%s: missing or not %d bytes" % (path, size))
    if reference and not filecmp.cmp(path, reference, shallow=False):
        raise RuntimeError("%s differs from %s" % (path, reference))


def client_rows(args, ferry):
    """Rows 8 and 9; returns the Markdown text of their table, notes and targets."""
    have = {tool: shutil.which(tool) is not None for tool in CLIENT_TOOLS}
    for tool, package in CLIENT_TOOLS.items():
        if not have[tool]:
            print("rows 8-9: %s not found (apt-get install %s); what needs it is skipped" % (tool, package),
                  file=sys.stderr)
    if not have["nginx"]:
        return "Rows 8 and 9 skipped: nginx not found (apt-get install nginx-light).\n"
    base = args.client_tmp or ("/dev/shm" if os.access("/dev/shm", os.W_OK) else None)
    scratch = tempfile.mkdtemp(prefix="ferry-bench-client-", dir=base)
    os.chmod(scratch, 0o755)  # nginx's workers drop root and must read the share
    env = client_env()
    load_before = os.getloadavg()[0]
    nginx = None
    results = {}  # (row, client) -> list of (wall, user, sys, nginx CPU)
    try:
        share = os.path.join(scratch, "share")
        many = os.path.join(share, "m")
        os.makedirs(many)
        os.makedirs(os.path.join(scratch, "nginx"))
        big = os.path.join(share, "big.bin")
        make_file(big, args.client_big_mib)
        file_bytes = args.client_file_kib * 1024
        for i in range(args.client_files):
            with open(os.path.join(many, "f%03d.bin" % i), "wb") as f:
                f.write(os.urandom(file_bytes))
        cert = key = None
        if have["openssl"]:
            cert, key = make_certificate(scratch)
        access_log = os.path.join(scratch, "access.log")
        nginx = nginx_client_server(share, os.path.join(scratch, "nginx"), cert, key, access_log)
        stderr_log = os.path.join(scratch, "client.log")
        out = os.path.join(scratch, "out.bin")
        out_dir = os.path.join(scratch, "out")
        url_list = os.path.join(scratch, "urls.txt")
        with open(url_list, "w") as f:
            for i in range(args.client_files):
                f.write("http://127.0.0.1:%d/m/f%03d.bin\n" % (nginx.plain_port, i))

        def measure(key, argv, check):
            before = process_cpu_seconds(nginx.process.pid)
            wall, user, system = run_client(argv, env, stderr_log)
            server_cpu = process_cpu_seconds(nginx.process.pid) - before
            check()
            results.setdefault(key, []).append((wall, user, system, server_cpu))

        # 8. One big file into a file, over HTTPS (and plain HTTP for reference).
        schemes = ([("https", nginx.port)] if cert else []) + [("http", nginx.plain_port)]
        if not cert:
            print("row 8: openssl not found (apt-get install openssl); HTTPS skipped, plain HTTP only",
                  file=sys.stderr)
        row8 = []
        for scheme, port in schemes:
            url = "%s://127.0.0.1:%d/big.bin" % (scheme, port)
            trust = scheme == "https"
            row8.append(("8 %s" % scheme, "ferry get",
                         [ferry, "get", url, "-o", out] + (["--cacert", cert] if trust else [])))
            if have["curl"]:
                row8.append(("8 %s" % scheme, "curl",
                             ["curl", "-q", "-sS", "-o", out] + (["--cacert", cert] if trust else []) + [url]))
            if have["wget"]:
                row8.append(("8 %s" % scheme, "wget", ["wget", "--no-config", "-q", "-O", out]
                             + (["--ca-certificate=" + cert] if trust else []) + [url]))
        # 9. Many small files from one server, 8 at once (wget: one after another).
        jobs = str(args.client_jobs)
        row9 = [("9 http", "ferry get -j %s" % jobs, [ferry, "get", "-i", url_list, "-j", jobs, "-d", out_dir])]
        if have["aria2c"]:
            row9.append(("9 http", "aria2c -j %s" % jobs,
                         ["aria2c", "--no-conf", "-j", jobs, "-i", url_list, "-d", out_dir, "--allow-overwrite=true",
                          "--auto-file-renaming=false", "--file-allocation=none", "-q"]))
        if have["wget"]:
            row9.append(("9 http", "wget (sequential)", ["wget", "--no-config", "-q", "-i", url_list, "-P", out_dir]))
        subprocess.run(["cat", big], stdout=subprocess.DEVNULL)  # the page cache holds the share (tmpfs: always)

        for round_number in range(args.rounds):
            print("client rows, round %d of %d" % (round_number + 1, args.rounds), file=sys.stderr)
            first = round_number == 0  # the first round also compares every byte
            for scheme, _ in schemes:
                clients = [c for c in row8 if c[0] == "8 " + scheme]
                turn = round_number % len(clients)
                for row, name, argv in clients[turn:] + clients[:turn]:
                    remove(out)
                    os.sync()
                    measure((row, name), argv,
                            lambda: check_file(out, args.client_big_mib << 20, big if first else None))
                remove(out)
            turn = round_number % len(row9)
            for row, name, argv in row9[turn:] + row9[:turn]:
                shutil.rmtree(out_dir, ignore_errors=True)
                os.sync()

                def check_dir():
                    got = sorted(os.listdir(out_dir))
                    if len(got) != args.client_files:
                        raise RuntimeError("%s: %d files in %s, not %d" % (name, len(got), out_dir, args.client_files))
                    for i in range(args.client_files):
                        part = "f%03d.bin" % i
                        check_file(os.path.join(out_dir, part), file_bytes,
                                   os.path.join(many, part) if first else None)
                measure((row, name), argv, check_dir)
            shutil.rmtree(out_dir, ignore_errors=True)
        nginx.stop()
        connections = connection_summary(access_log)
    finally:
        if nginx:
            nginx.stop()
        shutil.rmtree(scratch, ignore_errors=True)

    where = "%s (%s)" % (base or tempfile.gettempdir(), fs_type(scratch))
    lines = ["Rows 8-9: nginx %s over loopback; share and downloads in %s; %d MiB file (8); %d files of %d KiB, "
             "%s at once (9); %d rounds, clients in turn; 1-minute load average %.1f before, %.1f after%s" % (
                 nginx_version(), where, args.client_big_mib, args.client_files, args.client_file_kib, jobs,
                 args.rounds, load_before, os.getloadavg()[0], "; missing: " + ", ".join(t for t, ok in have.items() if not ok)
                 if not all(have.values()) else ""),
             "",
             "| row | client | wall | × reference | client CPU (user+sys) | user | sys | nginx CPU | rounds |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    medians = {key: [statistics.median(column) for column in zip(*samples)] for key, samples in results.items()}
    references = {"8 https": "curl", "8 http": "curl", "9 http": "aria2c -j %s" % jobs}
    for (row, name), (wall, user, system, server_cpu) in medians.items():
        reference = medians.get((row, references[row]))
        ratio = "%.2f ×" % (wall / reference[0]) if reference else "–"
        cpu = statistics.median(u + s for _, u, s, _ in results[(row, name)])
        lines.append("| %s | %s | %.3f s | %s | %.3f s | %.3f s | %.3f s | %.3f s | %d |" % (
            row, name, wall, ratio, cpu, user, system, server_cpu, len(results[(row, name)])))
    lines.append("")
    lines.append("× reference: wall time against curl (row 8) and aria2c (row 9). Connections nginx saw "
                 "(all rounds):")
    lines.append("")
    ports = {str(nginx.port): "https", str(nginx.plain_port): "http"}
    for (row, agent, port), entry in sorted(connections.items()):
        lines.append("- row %s, %s, %s: %d requests on %d connections%s" % (
            row, agent, ports.get(port, port), entry["requests"], len(entry["connections"]),
            (", " + "; ".join(sorted(entry["tls"]))) if entry["tls"] else ""))
    lines.append("")
    for row, reference, limit, text in (("8 https", "curl", 0.9, "ferry get ≤ 0.9 × curl over HTTPS"),
                                        ("9 http", "aria2c -j %s" % jobs, 1.0, "ferry get -j %s ≤ 1.0 × aria2c" % jobs)):
        mine = medians.get((row, "ferry get" if row.startswith("8") else "ferry get -j %s" % jobs))
        theirs = medians.get((row, reference))
        if mine and theirs:
            ratio = mine[0] / theirs[0]
            lines.append("Target: %s: %.2f × — %s" % (text, ratio, "met" if ratio <= limit else "missed"))
        else:
            lines.append("Target: %s: not measured (a tool it needs is missing, see above)" % text)
    return "\n".join(lines) + "\n"


def tls_server_rows(args, ferry):
    """Rows 10 and 11: `ferry serve --tls` against nginx `ssl`, both with a P-256 certificate, curl and wrk
    as the clients (certificates not verified: -k, and wrk never verifies)."""
    have = {tool: shutil.which(tool) is not None for tool in ("nginx", "curl", "wrk", "openssl")}
    missing = [tool for tool, ok in have.items() if not ok]
    if missing:
        return "Rows 10-11: not measured, missing: %s (tools/install-deps.sh --bench)\n" % ", ".join(missing)
    scratch = tempfile.mkdtemp(prefix="ferry-bench-tls-", dir=args.client_tmp or "/dev/shm")
    os.chmod(scratch, 0o755)
    servers = []
    try:
        share = os.path.join(scratch, "share")
        os.makedirs(share)
        make_file(os.path.join(share, "big.bin"), args.client_big_mib)
        with open(os.path.join(share, "small.bin"), "wb") as f:
            f.write(os.urandom(4096))
        cert, key = make_certificate(scratch)
        nginx = nginx_client_server(share, scratch, cert, key, os.path.join(scratch, "access.log"))
        servers.append(nginx)
        env = dict(os.environ, XDG_DATA_HOME=os.path.join(scratch, "xdg"))  # Ferry's own certificate goes there
        ferry_server = Server("ferry", lambda p: [ferry, "serve", share, "--port", str(p), "--bind", "127.0.0.1",
                                                  "--tls"], env=env)
        servers.append(ferry_server)
        targets = [("nginx ssl", nginx), ("ferry serve --tls", ferry_server)]
        walls = {name: [] for name, _ in targets}
        cpu = {name: [] for name, _ in targets}
        rps = {name: [] for name, _ in targets}
        for round_number in range(args.rounds):
            print("TLS server rows, round %d of %d" % (round_number + 1, args.rounds), file=sys.stderr)
            turn = round_number % 2
            for name, server in targets[turn:] + targets[:turn]:
                url = "https://127.0.0.1:%d/" % server.port
                before = process_cpu_seconds(server.process.pid)
                walls[name].append(timed(["curl", "-q", "-sS", "-k", "-o", "/dev/null", url + "big.bin"]))
                cpu[name].append(process_cpu_seconds(server.process.pid) - before)
                rps[name].append(wrk_rps(url + "small.bin", args.wrk_seconds))
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    median = statistics.median
    base_wall, base_rps = median(walls["nginx ssl"]), median(rps["nginx ssl"])
    lines = ["Rows 10-11: nginx %s and ferry serve --tls over loopback TLS, %d MiB file to /dev/null with curl -k "
             "(10), 4 KiB file with wrk -t2 -c16 for %d s on keep-alive TLS connections (11); %d rounds, servers in "
             "turn" % (nginx_version(), args.client_big_mib, args.wrk_seconds, args.rounds),
             "",
             "| row | server | wall | × nginx | server CPU | requests/s | × nginx |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for name, _ in targets:
        lines.append("| 10-11 | %s | %.3f s | %.2f × | %.3f s | %.0f | %.2f × |" % (
            name, median(walls[name]), median(walls[name]) / base_wall, median(cpu[name]), median(rps[name]),
            median(rps[name]) / base_rps))
    ratio_wall = median(walls["ferry serve --tls"]) / base_wall
    ratio_rps = median(rps["ferry serve --tls"]) / base_rps
    lines += ["",
              "Target: 1 GiB over HTTPS ≤ 1.3 × nginx: %.2f × — %s" % (ratio_wall, "met" if ratio_wall <= 1.3 else "missed"),
              "Target: 4 KiB requests over TLS ≥ 0.5 × nginx: %.2f × — %s" % (ratio_rps, "met" if ratio_rps >= 0.5 else "missed")]
    return "\n".join(lines) + "\n"


def nginx_version():
    out = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr
    match = re.search(r"nginx/(\S+)", out)
    return match.group(1) if match else "?"


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
    parser.add_argument("--only-client", action="store_true", help="rows 8 and 9 alone (ferry get as a client)")
    parser.add_argument("--only-tls", action="store_true", help="rows 10 and 11 alone (ferry serve --tls)")
    parser.add_argument("--client-big-mib", type=int, default=1024, help="row 8's file")
    parser.add_argument("--client-files", type=int, default=200, help="row 9's files")
    parser.add_argument("--client-file-kib", type=int, default=1024, help="row 9's file size")
    parser.add_argument("--client-jobs", type=int, default=8, help="row 9's downloads at once")
    parser.add_argument("--client-tmp", help="where rows 8 and 9 keep the share and the downloads "
                                             "(default: /dev/shm, tmpfs)")
    parser.add_argument("--quick", action="store_true", help="small sizes, 2 rounds: checks the script works")
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.big_mib, args.files, args.file_mib, args.wrk_seconds = 2, 64, 20, 1, 2
        args.gui_seconds = 1
        args.listing_files = 2000
        args.client_big_mib, args.client_files = 64, 40
    ferry = os.path.abspath(args.ferry)
    gui_bench = args.gui_bench or os.path.join(os.path.dirname(ferry), "..", "tests", "bench", "ferry_bench_guilatency")
    have_gui_bench = os.access(gui_bench, os.X_OK)
    if args.only_client or args.only_tls:
        table = client_rows(args, ferry) if args.only_client else tls_server_rows(args, ferry)
        print(table)
        if args.markdown:
            with open(args.markdown, "w") as f:
                f.write(table)
        return
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
        if not args.only_listing:
            table += "\n" + client_rows(args, ferry)
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

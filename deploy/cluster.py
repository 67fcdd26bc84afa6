"""N Streamlit processes of the app behind one nginx on one server: configuration, start, stop, restart.

Used by `python -m deploy` (the one command that runs it on a server), by benchmarks/bench_load.py
(`--processes N`) and by the smoke test. The app processes listen on loopback only; nginx is the one
public address. Each process holds its own read-only connection and its own cache; every process sees a
new data version on its next run, and the writer stays one (a lock file next to the database).
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
NGINX = "/usr/sbin/nginx"
PROXY_ADDRESS = "127.0.0.1"  # where nginx connects to the app processes from


def fill(template: str, **values: object) -> str:
    """Replace {{name}} in a template; nginx's own $variables and braces are left alone."""
    for name, value in values.items():
        template = template.replace("{{" + name + "}}", str(value))
    if "{{" in template:
        raise ValueError(f"unfilled placeholder in {template[template.index('{{') :][:40]!r}")
    return template


def real_ip_config(trusted_proxies: tuple[str, ...] | list[str] = ()) -> str:
    """nginx's realip lines: believe the X-Forwarded-For of these front proxies (a TLS terminator, a
    load balancer), and only theirs; without them every client would have the front proxy's address."""
    if not trusted_proxies:
        return "    # No front proxy: $remote_addr is the client (python -m deploy --trusted-proxy ADDRESS)."
    # Parsed, so only an address or a network reaches the configuration.
    networks = [str(ipaddress.ip_network(proxy.strip(), strict=False)) for proxy in trusted_proxies]
    lines = [f"    set_real_ip_from {network};" for network in networks]
    lines += ["    real_ip_header X-Forwarded-For;", "    real_ip_recursive on;"]
    return "\n".join(lines)


def site_config(
    listen: str, app_ports: list[int], access_log: Path | str, trusted_proxies: tuple[str, ...] = ()
) -> str:
    """The http-context part: upstream, sticky cookie, websocket headers, the server block."""
    servers = "\n".join(f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;" for port in app_ports)
    template = (HERE / "kompetanse-nginx.conf").read_text(encoding="utf-8")
    real_ip = real_ip_config(trusted_proxies)
    return fill(template, servers=servers, listen=listen, access_log=access_log, real_ip=real_ip)


def nginx_config(prefix: Path, site: Path, workers: int = 1) -> str:
    """A whole nginx.conf that keeps everything it writes in `prefix`."""
    # Run as root (a container, the benchmark), nginx's workers would switch to nobody; keep them as
    # the user who started it, who owns `prefix`. Run as a service user, the line is not needed.
    user = "user root;" if os.geteuid() == 0 else ""
    template = (HERE / "nginx.conf").read_text(encoding="utf-8")
    return fill(template, prefix=prefix, site=site, workers=workers, user=user)


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _stop(process: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@dataclass
class Cluster:
    """nginx on `listen` in front of one `streamlit run app.py` per port in `app_ports`."""

    listen: str  # host:port nginx listens on
    app_ports: list[int]
    workdir: Path  # nginx's prefix (configuration, logs) and the app processes' logs
    database: Path | None = None  # KOMPETANSE_DB for the app processes; None: the configured default
    processes: int | None = None  # defaults to len(app_ports)
    app_options: tuple[str, ...] = ()  # extra `streamlit run` options, e.g. --runner.postScriptGC=true
    trusted_proxies: tuple[str, ...] = ()  # front proxies whose X-Forwarded-For nginx believes
    nginx: str = NGINX
    nginx_workers: int = 1
    apps: list[subprocess.Popen] = field(default_factory=list)
    proxy: subprocess.Popen | None = None

    def __post_init__(self) -> None:
        if self.processes is not None and self.processes != len(self.app_ports):
            raise ValueError("one port per process")
        self.workdir = Path(self.workdir).resolve()

    @property
    def url(self) -> str:
        host, port = self.listen.rsplit(":", 1)
        return f"http://{'127.0.0.1' if host in ('0.0.0.0', '*') else host}:{port}"

    @property
    def access_log(self) -> Path:
        return self.workdir / "access.log"

    def app_log(self, index: int) -> Path:
        return self.workdir / f"app-{index + 1}.log"

    def _start_app(self, index: int) -> subprocess.Popen:
        env = dict(os.environ)
        if self.database is not None:
            env["KOMPETANSE_DB"] = str(self.database)
        # uvicorn (under Streamlit) takes the client's address from X-Forwarded-For when the TCP peer
        # is in FORWARDED_ALLOW_IPS: only our nginx, whatever the environment says ("*" would let any
        # client name its own address to the login throttle).
        env["FORWARDED_ALLOW_IPS"] = PROXY_ADDRESS
        with open(self.app_log(index), "ab") as log:  # a file, not a pipe: a full pipe would stall it
            return subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    "app.py",
                    "--server.headless=true",
                    "--server.address=127.0.0.1",
                    f"--server.port={self.app_ports[index]}",
                    "--browser.gatherUsageStats=false",
                    *self.app_options,
                ],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches the supervisor only, which stops them in order
            )

    def write_config(self) -> Path:
        """Write site.conf and nginx.conf into the work folder; return nginx.conf's path."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        site = self.workdir / "site.conf"
        config = site_config(self.listen, self.app_ports, self.access_log, self.trusted_proxies)
        site.write_text(config, encoding="utf-8")
        conf = self.workdir / "nginx.conf"
        conf.write_text(nginx_config(self.workdir, site, self.nginx_workers), encoding="utf-8")
        return conf

    def _wait(self, url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while not healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{url} did not answer:\n{log.read_text(errors='replace')[-4000:]}")
            time.sleep(0.3)

    def start(self) -> Cluster:
        """Start the app processes and nginx; return once nginx and every process answer."""
        if shutil.which(self.nginx) is None:
            raise RuntimeError(f"{self.nginx} is missing: apt-get install nginx (make nginx)")
        conf = self.write_config()
        subprocess.run(
            [self.nginx, "-t", "-q", "-p", str(self.workdir), "-c", str(conf)],
            check=True,
            capture_output=True,
        )
        self.apps = [self._start_app(index) for index in range(len(self.app_ports))]
        for index, (port, app) in enumerate(zip(self.app_ports, self.apps)):
            self._wait(f"http://127.0.0.1:{port}/_stcore/health", app, self.app_log(index))
        with open(self.workdir / "nginx.out", "ab") as log:
            self.proxy = subprocess.Popen(
                [self.nginx, "-p", str(self.workdir), "-c", str(conf)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait(f"{self.url}/_stcore/health", self.proxy, self.workdir / "error.log")
        return self

    def restart_dead(self) -> list[int]:
        """Start again every app process that has exited; returns their numbers (1-based)."""
        restarted = []
        for index, app in enumerate(self.apps):
            if app.poll() is not None:
                self.apps[index] = self._start_app(index)
                restarted.append(index + 1)
        return restarted

    def stop(self) -> None:
        """nginx first (SIGQUIT: finish open requests), then the app processes."""
        _stop(self.proxy, signal.SIGQUIT)
        for app in self.apps:
            if app.poll() is None:
                app.terminate()
        for app in self.apps:
            _stop(app)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

"""Run the app on one server: N Streamlit processes behind nginx, in the foreground.

    python -m deploy [--processes N] [--listen 0.0.0.0:8080] [--first-port 8501] [--db PATH] [--workdir DIR]
                     [--trusted-proxy ADDRESS ...]

N defaults to KOMPETANSE_PROCESSES or the number of cores. A process that exits is started again; Ctrl-C
or SIGTERM stops nginx and every process. `--print-site` prints the nginx configuration for
/etc/nginx/conf.d/ instead (for a server whose own nginx should front the processes).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from deploy.cluster import REPO, Cluster, site_config


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m deploy", description=__doc__.splitlines()[0])
    default = int(os.environ.get("KOMPETANSE_PROCESSES") or os.cpu_count() or 2)
    parser.add_argument("--processes", type=int, default=default, help="app processes (default: cores)")
    parser.add_argument("--listen", default=os.environ.get("KOMPETANSE_LISTEN", "0.0.0.0:8080"))
    parser.add_argument("--first-port", type=int, default=8501, help="the processes use this port and up")
    parser.add_argument("--db", type=Path, help="the database (default: KOMPETANSE_DB or data/)")
    parser.add_argument("--workdir", type=Path, default=REPO / "run", help="nginx's files and the logs")
    parser.add_argument("--print-site", action="store_true", help="print the nginx site configuration")
    proxies = os.environ.get("KOMPETANSE_TRUSTED_PROXIES", "")
    parser.add_argument(
        "--trusted-proxy",
        action="append",
        default=[proxy for proxy in proxies.replace(",", " ").split() if proxy],
        help="a front proxy (address or network) whose X-Forwarded-For names the client; repeatable",
    )
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    if args.processes < 1:
        print("--processes må være minst 1", file=sys.stderr)
        return 2
    ports = [args.first_port + index for index in range(args.processes)]
    if args.print_site:
        print(site_config(args.listen, ports, "/var/log/nginx/kompetanse.access.log", args.trusted_proxy))
        return 0
    cluster = Cluster(
        listen=args.listen,
        app_ports=ports,
        workdir=args.workdir,
        database=args.db,
        trusted_proxies=tuple(args.trusted_proxy),
    )
    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    cluster.start()
    print(
        f"kompetanse: {cluster.url} -> {args.processes} prosesser (porter {ports[0]}-{ports[-1]})", flush=True
    )
    print(f"logger: {cluster.workdir}", flush=True)
    try:
        while not stopping:
            time.sleep(1)
            if cluster.proxy.poll() is not None and not stopping:
                print(f"nginx stoppet (kode {cluster.proxy.returncode}); se {cluster.workdir}/error.log")
                return 1
            for number in cluster.restart_dead():
                print(f"prosess {number} stoppet og er startet på nytt", flush=True)
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Stop `make run` before it claims to serve on a port that another program already holds.

Usage: python scripts/port_free.py PORT [HOST]. Exits 0 when the port can be bound, else
prints what to do and exits 1.
"""

import errno
import socket
import sys


def port_problem(host: str, port: int) -> str | None:
    """Why a server could not listen on host:port, or None when it can."""
    if not 1 <= port <= 65535:
        return f"PORT must be a number from 1 to 65535, not {port}."
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # Servers set this too: a port whose last connections are still closing counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return (
                    f"Port {port} on {host} is already in use by another program, so sstracker "
                    f"cannot serve there.\nStop that program, or pick a free port: "
                    f"make run PORT={port + 1}"
                )
            return f"Cannot listen on {host}:{port}: {error.strerror}."
    return None


def main(arguments: list[str]) -> int:
    try:
        port = int(arguments[0])
    except (IndexError, ValueError):
        print("PORT must be a number, as in: make run PORT=8123", file=sys.stderr)
        return 1
    host = arguments[1] if len(arguments) > 1 else "127.0.0.1"
    problem = port_problem(host, port)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""An IHOP v1 harness that attacks the run's waits (a test double).

    python hostile_harness.py MODE PIDFILE

Both modes answer the handshake, write the harness's pid to PIDFILE, and start a
grandchild that sleeps (its pid beside). At the first `run`, `close-and-sleep` closes its
stdout and sleeps; `sleep` just sleeps: neither ever answers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

mode, pidfile = sys.argv[1], sys.argv[2]
grandchild = subprocess.Popen(
    [sys.executable, "-c", "import time; time.sleep(600)"],
    stdin=subprocess.DEVNULL,
    stdout=subprocess.DEVNULL,
)
with open(pidfile, "a") as pids:
    pids.write(f"{os.getpid()} {grandchild.pid}\n")


def send(message: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    request = json.loads(line)
    if request["cmd"] == "start":
        implementation = {
            "language": "python",
            "name": f"hostile-{mode}",
            "version": "0",
            "homepage": "https://example.org",
            "issues": "https://example.org",
            "source": "https://example.org",
            "dialects": ["https://json-schema.org/draft/2020-12/schema"],
        }
        send({"version": 1, "implementation": implementation})
    elif request["cmd"] == "dialect":
        send({"ok": True})
    elif request["cmd"] == "run":
        if mode == "close-and-sleep":
            sys.stdout.close()
            os.close(1)
        time.sleep(600)

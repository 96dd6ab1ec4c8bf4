"""S6: retort's local Lambda invoke endpoint, timed from this driver.

`retort lambda --listen 127.0.0.1:0` without AWS_LAMBDA_RUNTIME_API serves
POST /2015-03-31/functions/function/invocations as AWS's emulator does (see
docs/lambda.md); it prints the port it listens on. It is started once per
run and warmed up with one invocation, then each timed run is one HTTP
request from here: connect, send the payload, read the whole answer (the
endpoint closes the connection after it). CPU is the process's time on CPU
during the request: the sum over its threads of /proc/PID/task/*/schedstat
(ns), or utime+stime of /proc/PID/stat (clock ticks, but counting threads
that ended during the request) when that is more. Peak RSS is the process's
high-water mark so far (VmHWM), that of a warm process over every invocation
it has answered.
"""
import glob
import http.client
import json
import os
import re
import socket
import subprocess
import time

from .measure import Sample

PATH = "/2015-03-31/functions/function/invocations"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
LISTENING = re.compile(r"Serving Lambda invocations on http://127\.0\.0\.1:(\d+)/")


def _read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


class Endpoint:
    def __init__(self, retort, config, work):
        self.retort = list(retort)       # argv prefix of the retort binary
        self.config = config             # RETORT_CONFIG of the process
        self.work = work
        self.log_path = os.path.join(work, "lambda.log")
        self.process = None
        self.port = None

    def start(self, wait=10):
        """Starts the endpoint; returns "" once it listens, else why not."""
        env = {k: v for k, v in os.environ.items()
               if k not in ("AWS_LAMBDA_RUNTIME_API", "DATABASE_URL", "RETORT_URL", "DB_URL")}
        env.update(NO_COLOR="1", RETORT_CONFIG=self.config)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(self.retort + ["lambda", "--listen", "127.0.0.1:0"],
                                            stdin=subprocess.DEVNULL, stdout=log,
                                            stderr=subprocess.STDOUT, env=env, cwd=self.work)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            found = LISTENING.search(_read(self.log_path))
            if found:
                self.port = int(found.group(1))
                return ""
            if self.process.poll() is not None:
                return "retort lambda exited (%d): %s" % (self.process.returncode, self._tail())
            time.sleep(0.02)
        return "retort lambda did not listen within %d s: %s" % (wait, self._tail())

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def _tail(self):
        lines = _read(self.log_path).strip().splitlines()
        return lines[-1][:200] if lines else "no output"

    def _cpu(self):
        """(seconds on CPU of the live threads, seconds of utime+stime of the process)."""
        threads = 0
        for path in glob.glob("/proc/%d/task/*/schedstat" % self.process.pid):
            try:
                threads += int(_read(path).split()[0])
            except (OSError, IndexError, ValueError):
                pass  # a thread that ended meanwhile
        try:
            # utime and stime are fields 14 and 15 of proc(5), after the name in parentheses.
            fields = _read("/proc/%d/stat" % self.process.pid).rsplit(")", 1)[1].split()
            process = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        except (OSError, IndexError, ValueError):
            process = 0.0
        return threads / 1e9, process

    def _peak_rss_kb(self):
        try:
            for line in _read("/proc/%d/status" % self.process.pid).splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def invoke(self, argv, timeout=None):
        """Sends the JSON array `argv` as one invocation; returns a Sample
        whose output is the answer's body (rc 1 for an error answer)."""
        if self.process is None or self.process.poll() is not None:
            return Sample(wall=0.0, cpu=0.0, rss_kb=0, rc=1,
                          error="the Lambda endpoint is not running: %s" % self._tail())
        body = json.dumps(argv).encode()
        cpu = self._cpu()
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
            connection.request("POST", PATH, body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            connection.close()
        except socket.timeout:
            return Sample(wall=time.perf_counter() - started, cpu=0.0, rss_kb=0, rc=1,
                          timed_out=True)
        except (OSError, http.client.HTTPException) as e:
            return Sample(wall=time.perf_counter() - started, cpu=0.0, rss_kb=0, rc=1,
                          error="the Lambda endpoint: %s (its log: %s)" % (e, self._tail()))
        wall = time.perf_counter() - started
        failed = response.status != 200 or response.getheader("X-Amz-Function-Error")
        after = self._cpu()
        cpu = max(after[0] - cpu[0], after[1] - cpu[1])
        return Sample(wall=wall, cpu=cpu, rss_kb=self._peak_rss_kb(),
                      rc=1 if failed else 0, output=text, error=text if failed else "")

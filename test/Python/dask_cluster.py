"""A Dask cluster of real `dask-scheduler` / `dask-worker` processes on
127.0.0.1 for the sweep tests: free ports (port 0 everywhere; the scheduler
writes its address to a scheduler file), bounded waits, and every process
stopped on exit, also when the test fails. In case this process itself is
killed, the scheduler stops after --idle-timeout and the workers after
--death-timeout / --lifetime."""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

LOOPBACK = "127.0.0.1"
START_TIMEOUT = 60  # seconds for the scheduler and every worker to come up


def dask_command(name):
    """['dask-scheduler'] or, where only the `dask` front end exists,
    ['dask', 'scheduler'] (newer Dask versions)."""
    exe = shutil.which(f"dask-{name}")
    if exe:
        return [exe]
    exe = shutil.which("dask")
    if exe:
        return [exe, name]
    return None


def available():
    return dask_command("scheduler") is not None and \
        dask_command("worker") is not None


def _stop(procs):
    for p in procs:
        if p.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for p in procs:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
    for p in procs:
        # The whole process group: a nanny's worker child too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(p.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            p.wait(timeout=10)


class Cluster:
    def __init__(self, address, scheduler, workers, logs):
        self.address, self.scheduler, self.workers = address, scheduler, workers
        self.logs = logs

    def log(self, name):
        with open(os.path.join(self.logs, name + ".log"), errors="replace") as f:
            return f.read()


@contextlib.contextmanager
def loopback_cluster(workers=2, nanny=True, env=None):
    """Yields a Cluster: .address (tcp://127.0.0.1:PORT), .scheduler and
    .workers (Popen objects, each the leader of its own process group)."""
    logs = tempfile.mkdtemp(prefix="aimc-dask-")
    procs = []
    child_env = dict(os.environ)
    child_env.update(env or {})
    # --no-nanny workers do not get Dask's single-threaded BLAS settings.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        child_env.setdefault(var, "1")

    def start(cmd, name):
        log = open(os.path.join(logs, name + ".log"), "w")
        p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, env=child_env,
                             cwd=logs, start_new_session=True)
        log.close()
        procs.append(p)
        return p

    try:
        sched_file = os.path.join(logs, "scheduler.json")
        scheduler = start(dask_command("scheduler") + [
            "--host", LOOPBACK, "--port", "0", "--no-dashboard",
            "--dashboard-address", f"{LOOPBACK}:0",
            "--scheduler-file", sched_file, "--idle-timeout", "600"],
            "scheduler")
        deadline = time.monotonic() + START_TIMEOUT
        address = None
        while address is None:
            if scheduler.poll() is not None:
                raise RuntimeError("dask-scheduler exited:\n" +
                                   open(os.path.join(logs, "scheduler.log")).read())
            if time.monotonic() > deadline:
                raise RuntimeError("dask-scheduler did not start within "
                                   f"{START_TIMEOUT} s")
            with contextlib.suppress(OSError, ValueError):
                with open(sched_file) as f:
                    address = json.load(f)["address"]
            time.sleep(0.1)
        if not address.startswith(f"tcp://{LOOPBACK}:"):
            raise RuntimeError(f"scheduler not on loopback: {address}")
        worker_procs = []
        for k in range(workers):
            worker_procs.append(start(dask_command("worker") + [
                address, "--host", LOOPBACK, "--nthreads", "1",
                "--nworkers", "1", "--no-dashboard", "--name", f"w{k}",
                "--dashboard-address", f"{LOOPBACK}:0",
                "--death-timeout", "30", "--lifetime", "900",
                "--local-directory", os.path.join(logs, f"w{k}"),
                "--nanny" if nanny else "--no-nanny"], f"worker{k}"))
        from distributed import Client
        with Client(address, timeout=START_TIMEOUT, set_as_default=False) as c:
            if workers:
                c.wait_for_workers(workers, timeout=START_TIMEOUT)
        yield Cluster(address, scheduler, worker_procs, logs)
    finally:
        _stop(procs)
        shutil.rmtree(logs, ignore_errors=True)

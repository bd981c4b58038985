"""Parameter sweeps on Dask: one machine by default, a cluster when you have one.

A sweep is a list of *tasks*, plain dicts of JSON values (the parameters of
one run, seeds included), and a function ``fn(task) -> dict`` that computes
one result (a dict of JSON values). :func:`run` evaluates ``fn`` on every
task and returns the results in task order::

    from aimc import sweep

    def accuracy(task):                      # a module-level function
        ...
        return {"accuracy": acc}

    if __name__ == "__main__":   # worker processes import the script again
        tasks = [{"dataset": d, "seed": s} for d in ("magic", "letter")
                 for s in range(10)]
        results = sweep.run(tasks, accuracy, cache="build/my-sweep")

Where the tasks run:

* ``client=None`` (default): an embedded ``distributed.LocalCluster`` on
  127.0.0.1 with ``jobs`` worker processes (default: one per core), one
  thread each, started for this call and stopped after it;
* ``client="tcp://HOST:PORT"``: an existing Dask scheduler (``dask-scheduler``
  with ``dask-worker``\\ s on any number of machines; docs/Scaling.md);
* ``client=<distributed.Client>``: a client you manage;
* ``client="serial"``: in this process, in task order, without Dask.

Guarantees:

* **Deterministic.** A task carries its own seeds, and BLAS runs on one
  thread while a task runs (threadpoolctl; the rounding of a BLAS call
  depends on its thread count), so a result depends only on the task and
  the code, never on the worker count, order or placement; the results equal
  a serial run's bit for bit (the sweep tests check this, including a run
  during which a worker is killed).
* **Cached and resumable.** With ``cache`` (a folder or a :class:`Cache`),
  every result is written, atomically, as soon as it arrives, keyed by the
  task's parameters and the code version (:func:`code_version`: the aimc
  package, compiled extension included, and the modules that define
  ``fn``). An interrupted sweep resumes where it stopped; a cached result
  computed by other code is recomputed.
* **Same code everywhere.** Every worker checks, before its first task, that
  it runs the code version the client computed, and the sweep fails with a
  :class:`SweepError` naming the worker if not.
* **Fault tolerant.** A worker that dies mid-task loses nothing: Dask runs
  its tasks again on another worker. A task that kills every worker it runs
  on, or raises, stops the sweep with a :class:`SweepError` naming the task
  (finished results stay cached).
* **Clear errors, no hangs.** A scheduler that does not answer within
  ``connect_timeout`` seconds (default 10), a lost scheduler, or a
  scheduler without any worker for ``worker_timeout`` seconds (default 60)
  raises :class:`SweepError`.

Workers need what ``fn`` needs: the same aimc build as the client, byte
for byte (shared or copied to the same path; on ``PYTHONPATH``), the module
that defines ``fn`` importable by name, and the data files it reads. A
function defined in a script run as ``__main__`` is sent by the name of the
script's file (``benchmarks/paper_table.py`` -> module ``paper_table``), so
the script's folder must be on the workers' ``PYTHONPATH`` (an embedded
cluster inherits this process's ``sys.path``).
"""

import contextlib
import hashlib
import importlib
import importlib.util
import json
import os
import socket
import sys
import tempfile
import time
import traceback

try:
    from ._aimc import Error as _ErrorBase
except ImportError:  # the pure-Python part of a source tree
    _ErrorBase = RuntimeError

SERIAL = "serial"
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_WORKER_TIMEOUT = 60.0


class SweepError(_ErrorBase):
    """A sweep could not run: a bad task, a failing task, an unreachable
    scheduler, a worker running other code. A subclass of ``aimc.Error``
    when the compiled extension is present."""


# ---------------------------------------------------------------------------
# Tasks, keys and code versions.
# ---------------------------------------------------------------------------

def canonical(value):
    """The canonical JSON text of a task or result (sorted keys, no spaces);
    raises TypeError/ValueError for values JSON cannot hold."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"),
                      allow_nan=True)


def task_key(task):
    """A 64-bit hex digest of the task's canonical JSON."""
    return hashlib.sha256(canonical(task).encode()).hexdigest()[:16]


def _module_file(module):
    path = getattr(module, "__file__", None)
    if not path:
        raise SweepError(f"module {module.__name__!r} has no source file to "
                         "version")
    return os.path.abspath(path)


def _package_files():
    """The files that define what the aimc package computes: its Python
    modules, the compiled extension and the aimc shared libraries the
    extension has loaded (libAIMC*.so of the build or install tree, found in
    /proc/self/maps; LLVM/MLIR and system libraries are not included)."""
    here = os.path.dirname(os.path.abspath(__file__))
    files = sorted(os.path.join(here, n) for n in os.listdir(here)
                   if n.endswith(".py") or (n.startswith("_aimc") and
                                            n.endswith(".so")))
    libs = set()
    if any(os.path.basename(f).startswith("_aimc") for f in files):
        importlib.import_module("aimc._aimc")
        with contextlib.suppress(OSError):
            with open("/proc/self/maps") as maps:
                for line in maps:
                    path = line.split(None, 5)[-1].strip()
                    if os.path.basename(path).startswith("libAIMC") and \
                            ".so" in path and os.path.isfile(path):
                        libs.add(os.path.realpath(path))
    return files + sorted(libs)


_VERSIONS = {}


def code_version(*modules):
    """A digest of the code a result depends on: the aimc package (its
    Python modules and the compiled extension, byte for byte) and the
    source files of ``modules`` (module objects, functions or importable
    module names). Two processes agree on it exactly when they run the
    same build and the same sources."""
    files = []
    for m in modules:
        if isinstance(m, str):
            m = importlib.import_module(m)
        elif not hasattr(m, "__file__") and hasattr(m, "__module__"):
            m = sys.modules[m.__module__]
        files.append((m.__name__, _module_file(m)))
    key = tuple(files)
    if key not in _VERSIONS:
        h = hashlib.sha256()
        for name, path in [("aimc/" + os.path.basename(p), p)
                           for p in _package_files()] + files:
            # Named by file name, not path: the same build copied elsewhere
            # has the same version.
            with open(path, "rb") as f:
                data = f.read()
            h.update(f"{name}\0{len(data)}\0".encode())
            h.update(data)
        _VERSIONS[key] = h.hexdigest()[:16]
    return _VERSIONS[key]


def cache_version(fn, modules=(), tag=None):
    """The version :func:`run` stores results of ``fn`` under (with the same
    ``modules`` and ``tag``): ``[tag-]code_version(fn's module, *modules)``.
    Use it to read a sweep's results from its :class:`Cache`."""
    fn = _importable(fn)
    code = code_version(fn.__module__, *[
        m if isinstance(m, str) else m.__name__ for m in modules])
    return code if tag is None else f"{tag}-{code}"


def _importable(fn):
    """fn itself, or for a function of a script run as __main__ the same
    function imported from the script's module (module name = file name),
    so that workers import it by name instead of unpickling a copy."""
    if getattr(fn, "__module__", None) != "__main__":
        return fn
    main = sys.modules["__main__"]
    path = getattr(main, "__file__", None)
    if not path:
        raise SweepError(f"{fn!r} is defined in an interactive __main__; "
                         "define the task function in a module")
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin or \
            os.path.realpath(spec.origin) != os.path.realpath(path):
        raise SweepError(f"the task function's script {path} is not "
                         f"importable as module {name!r}: put its folder on "
                         "sys.path / PYTHONPATH")
    module = importlib.import_module(name)
    found = module
    for part in fn.__qualname__.split("."):
        found = getattr(found, part, None)
    if found is None or not callable(found):
        raise SweepError(f"{name}.{fn.__qualname__} is not a module-level "
                         "function")
    return found


def _check_tasks(tasks):
    if isinstance(tasks, (dict, str, bytes)):
        raise SweepError("tasks must be a list of dicts")
    tasks = list(tasks)
    seen = {}
    keys = []
    for i, task in enumerate(tasks):
        if not isinstance(task, dict):
            raise SweepError(f"task {i} is a {type(task).__name__}, not a dict "
                             "of parameters")
        try:
            text = canonical(task)
        except (TypeError, ValueError) as e:
            raise SweepError(f"task {i} is not plain JSON ({e}): {task!r}") \
                from None
        if json.loads(text) != task:
            raise SweepError(f"task {i} does not survive a JSON round trip "
                             f"(tuples, non-string keys?): {task!r}")
        if text in seen:
            raise SweepError(f"task {i} repeats task {seen[text]}: {text}")
        seen[text] = i
        keys.append(task_key(task))
    return tasks, keys


# ---------------------------------------------------------------------------
# The cache.
# ---------------------------------------------------------------------------

def _write_atomic(path, text):
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path),
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class Cache:
    """One JSON file per finished task under ``folder``, written atomically
    (a file is complete or absent). An entry holds the task, the code
    version, the result and how it was computed (seconds, cpu_seconds, the
    process's peak_rss_mb after the task, worker, host); it
    is used only if its task and version equal the requested ones, so a
    damaged or stale entry is recomputed and overwritten.

    ``name(task)`` gives an entry's path below ``folder`` (without
    ``.json``); the default is the task's digest (:func:`task_key`)."""

    def __init__(self, folder, name=None):
        self.folder = os.fspath(folder)
        self.name = name or task_key
        os.makedirs(self.folder, exist_ok=True)

    def path(self, task):
        return os.path.join(self.folder, self.name(task) + ".json")

    def entry(self, task, version):
        """The cached entry (dict with 'result', 'seconds', 'worker', ...)
        or None."""
        try:
            with open(self.path(task)) as f:
                entry = json.load(f)
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return None  # damaged: recomputed
        if not isinstance(entry, dict) or entry.get("task") != task or \
                entry.get("version") != version or "result" not in entry:
            return None
        return entry

    def get(self, task, version):
        entry = self.entry(task, version)
        return None if entry is None else entry["result"]

    def put(self, task, version, result, **info):
        entry = dict(info, task=task, version=version, result=result)
        _write_atomic(self.path(task), json.dumps(entry, sort_keys=True) + "\n")


# ---------------------------------------------------------------------------
# What runs on a worker.
# ---------------------------------------------------------------------------

def _worker_address():
    distributed = sys.modules.get("distributed")  # never imported serially
    if distributed is not None:
        with contextlib.suppress(ValueError):
            return distributed.get_worker().address
    return f"{socket.gethostname()}:{os.getpid()}"


def _single_threaded_blas():
    """BLAS limited to one thread while a task runs: the split of a BLAS
    call between threads changes its rounding (x @ x.T differs in the last
    bits between 1 and 2 OpenBLAS threads), so results would depend on where
    a task ran. Uses threadpoolctl (Debian's python3-threadpoolctl)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        raise SweepError("threadpoolctl is not importable: install Debian's "
                         "python3-threadpoolctl (sweeps keep BLAS "
                         "single-threaded so results do not depend on where "
                         "a task runs)") from None
    return threadpool_limits(limits=1, user_api="blas")


def _peak_rss_mb():
    """The peak resident memory of this process so far, in MB (Linux)."""
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _execute(fn, task, version_modules, code):
    """Runs one task where it lands: checks the code version (computed once
    per process), runs fn, returns the result as canonical JSON text with
    the task's time and place."""
    here = code_version(*version_modules)
    if here != code:
        raise SweepError(
            f"worker {_worker_address()} (host {socket.gethostname()}) runs "
            f"code version {here}, the client {code}: start the workers "
            "from the same build and sources as the client")
    with _single_threaded_blas():
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn(json.loads(canonical(task)))
        seconds = time.perf_counter() - t0
        cpu_seconds = time.process_time() - c0
    if not isinstance(result, dict):
        raise SweepError(f"the task function returned a "
                         f"{type(result).__name__}, not a dict")
    try:
        text = canonical(result)
    except (TypeError, ValueError) as e:
        raise SweepError(f"the result is not plain JSON ({e}; convert numpy "
                         "values with float()/int()/.tolist())") from None
    return {"result": text, "seconds": seconds, "cpu_seconds": cpu_seconds,
            "peak_rss_mb": _peak_rss_mb(), "worker": _worker_address(),
            "host": socket.gethostname()}


# ---------------------------------------------------------------------------
# Clients.
# ---------------------------------------------------------------------------

def _import_distributed():
    try:
        import distributed
    except ImportError as e:
        raise SweepError(
            f"Dask's distributed is not importable ({e}): install Debian's "
            "python3-distributed, or run serially (client='serial')") from None
    return distributed


def connect(address, timeout=DEFAULT_CONNECT_TIMEOUT):
    """A distributed.Client for the scheduler at ``address``
    (``tcp://HOST:PORT``); SweepError if it does not answer within
    ``timeout`` seconds."""
    distributed = _import_distributed()
    if not isinstance(address, str) or not address.strip():
        raise SweepError(f"bad scheduler address {address!r}")
    try:
        return distributed.Client(address, timeout=timeout,
                                  set_as_default=False)
    except (OSError, ValueError, TypeError) as e:
        raise SweepError(f"cannot reach the Dask scheduler at {address} "
                         f"within {timeout:g} s: {e}") from None


# glibc malloc settings for worker processes. Dask's nanny starts workers
# with MALLOC_TRIM_THRESHOLD_=65536, which also turns off glibc's dynamic
# mmap threshold: every large numpy array is then a fresh mmap, and the
# paper table's tasks took 40-60% more CPU time in a worker than in a plain
# process (docs/Scaling.md). These values are the dynamic threshold's
# ceiling (32 MiB) and the trim threshold that goes with it (twice that):
# the same CPU time as a plain process.
MALLOC_ENV = {"MALLOC_MMAP_THRESHOLD_": "33554432",
              "MALLOC_TRIM_THRESHOLD_": "67108864"}


@contextlib.contextmanager
def local_client(jobs=None):
    """An embedded LocalCluster on 127.0.0.1 with ``jobs`` worker processes
    (default: one per core) of one thread each, and its client; both are
    stopped on exit. Dask's nanny starts each worker with
    OMP/MKL/OPENBLAS_NUM_THREADS=1, so BLAS is single-threaded per worker,
    and here with :data:`MALLOC_ENV`."""
    distributed = _import_distributed()
    if jobs is None:
        jobs = os.cpu_count() or 1
    if not isinstance(jobs, int) or jobs < 1:
        raise SweepError(f"jobs must be a positive integer, got {jobs!r}")
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    if main_file is not None and not os.path.isfile(main_file):
        # Worker processes start by re-running the main script's file.
        raise SweepError(
            f"the embedded Dask cluster cannot start from a main script "
            f"without a file ({main_file}, e.g. read from stdin): run a "
            "script file, or use client='serial' or a scheduler address")
    import logging
    import dask
    try:
        with dask.config.set({f"distributed.nanny.pre-spawn-environ.{k}": v
                              for k, v in MALLOC_ENV.items()}):
            cluster = distributed.LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True,
                host="127.0.0.1", dashboard_address="127.0.0.1:0",
                worker_dashboard_address="127.0.0.1:0",
                silence_logs=logging.ERROR)
    except Exception as e:
        raise SweepError(
            f"could not start a local Dask cluster of {jobs} worker(s): "
            f"{type(e).__name__}: {e}. (Worker processes import the main "
            "script again: a script that runs a sweep must start it under "
            "`if __name__ == \"__main__\":`.)") from e
    try:
        client = distributed.Client(cluster, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


@contextlib.contextmanager
def _client_for(client, jobs, connect_timeout):
    if client is None:
        with local_client(jobs) as c:
            yield c
    elif isinstance(client, str):
        c = connect(client, connect_timeout)
        try:
            yield c
        finally:
            c.close()
    else:
        yield client


# ---------------------------------------------------------------------------
# Progress.
# ---------------------------------------------------------------------------

class _Progress:
    """A tqdm bar with the ETA (to stderr or a given stream), or nothing."""

    def __init__(self, progress, total, cached, desc):
        self.bar = None
        if not progress or total == 0:
            return
        from tqdm import tqdm
        stream = sys.stderr if progress is True else progress
        self.bar = tqdm(
            total=total, file=stream, desc=desc, unit="task",
            mininterval=0.5, dynamic_ncols=True,
            bar_format="{desc}: {n_fmt}/{total_fmt} tasks "
                       "[{elapsed} elapsed, ETA {remaining}, {rate_fmt}]"
                       + (f" ({cached} cached)" if cached else ""))

    def update(self):
        if self.bar is not None:
            self.bar.update(1)

    def close(self):
        if self.bar is not None:
            self.bar.close()


# ---------------------------------------------------------------------------
# run
# ---------------------------------------------------------------------------

def _describe(task, limit=200):
    text = canonical(task)
    return text if len(text) <= limit else text[:limit] + "..."


def run(tasks, fn, client=None, cache=None, progress=True, jobs=None, *,
        modules=(), tag=None, on_result=None, desc="sweep",
        connect_timeout=DEFAULT_CONNECT_TIMEOUT,
        worker_timeout=DEFAULT_WORKER_TIMEOUT):
    """Runs ``fn`` on every task; returns the results in task order.

    tasks     list of dicts of JSON values, all different; each carries the
              seeds its run draws from.
    fn        module-level function task -> dict of JSON values.
    client    None (embedded LocalCluster of ``jobs`` processes), a
              scheduler address ``tcp://HOST:PORT``, a distributed.Client,
              or "serial" (this process, task order, no Dask).
    cache     None, a folder or a :class:`Cache`: finished tasks are read
              from it and new results written to it as they arrive.
    progress  True (a bar with the ETA on stderr), False, or a stream.
    jobs      worker processes of the embedded cluster (default: cores).
    modules   modules besides fn's own whose source the results depend on
              (part of the code version; e.g. a shared helpers module).
    tag       a string added to the code version (bump it when what a result
              means changes without the code changing).
    connect_timeout  seconds to reach a scheduler given by address.
    worker_timeout   seconds the scheduler may have no worker at all
              before the sweep fails (instead of waiting forever).
    on_result callback(index, task, result, info) for every task, cached
              ones first; info has 'cached', 'seconds' (wall time of
              fn), 'cpu_seconds' (CPU time of the worker process meanwhile)
              and 'worker'.

    A returned result is the JSON round trip of what fn returned (lists for
    tuples), whether it was computed now or read from the cache.
    """
    tasks, keys = _check_tasks(tasks)
    if not callable(fn):
        raise SweepError(f"fn must be callable, got {fn!r}")
    if client is not None and not isinstance(client, str) and \
            not hasattr(client, "submit"):
        raise SweepError(f"client must be None, 'serial', a scheduler "
                         f"address or a distributed.Client, got {client!r}")
    if client is not None and jobs is not None:
        raise SweepError("jobs applies to the embedded cluster only "
                         "(client=None)")
    fn = _importable(fn)
    version_modules = [fn.__module__] + [
        m if isinstance(m, str) else m.__name__ for m in modules]
    code = code_version(*version_modules)
    version = code if tag is None else f"{tag}-{code}"
    if cache is not None and not isinstance(cache, Cache):
        cache = Cache(cache)

    results = [None] * len(tasks)
    todo = []
    for i, task in enumerate(tasks):
        entry = cache.entry(task, version) if cache is not None else None
        if entry is None:
            todo.append(i)
            continue
        results[i] = entry["result"]
        if on_result is not None:
            on_result(i, task, entry["result"],
                      {"cached": True, "seconds": entry.get("seconds"),
                       "cpu_seconds": entry.get("cpu_seconds"),
                       "worker": entry.get("worker")})
    if not todo:
        return results

    bar = _Progress(progress, len(todo), len(tasks) - len(todo), desc)

    def finish(i, out):
        result = json.loads(out["result"])
        results[i] = result
        if cache is not None:
            cache.put(tasks[i], version, result, seconds=out["seconds"],
                      cpu_seconds=out["cpu_seconds"],
                      peak_rss_mb=out["peak_rss_mb"], worker=out["worker"],
                      host=out["host"])
        bar.update()
        if on_result is not None:
            on_result(i, tasks[i], result,
                      {"cached": False, "seconds": out["seconds"],
                       "cpu_seconds": out["cpu_seconds"],
                       "worker": out["worker"]})

    try:
        if client == SERIAL:
            for i in todo:
                try:
                    out = _execute(fn, tasks[i], version_modules, code)
                except SweepError:
                    raise
                except Exception as e:
                    raise SweepError(f"task {i} {_describe(tasks[i])} failed: "
                                     f"{type(e).__name__}: {e}") from e
                finish(i, out)
        else:
            with _client_for(client, jobs, connect_timeout) as c:
                _run_distributed(c, tasks, keys, todo, fn, version_modules,
                                 code, version, finish, worker_timeout)
    finally:
        bar.close()
    return results


def _run_distributed(client, tasks, keys, todo, fn, version_modules, code,
                     version, finish, worker_timeout):
    distributed = _import_distributed()
    futures = {}
    for i in todo:
        f = client.submit(_execute, fn, tasks[i], version_modules, code,
                          key=f"aimc-sweep-{version}-{keys[i]}", pure=False)
        futures[f] = i
    done = distributed.as_completed(list(futures), loop=client.loop)
    watch = _WorkerWatch(client, worker_timeout)
    try:
        while not done.is_empty():
            if not done.has_ready():
                watch.check(done.count())
                time.sleep(0.05)
                continue
            f = next(done)
            i = futures[f]
            if f.status == "error":
                error = f.exception()
                if isinstance(error, SweepError):
                    raise SweepError(str(error)) from None
                name = type(error).__name__
                if name == "KilledWorker":
                    raise SweepError(
                        f"task {i} {_describe(tasks[i])} was running on every "
                        "worker that died while running it (out of memory or "
                        f"a crash?): {error}") from None
                tb = "".join(traceback.format_tb(f.traceback()))
                raise SweepError(f"task {i} {_describe(tasks[i])} failed: "
                                 f"{name}: {error}\nremote traceback:\n{tb}") \
                    from None
            if f.status == "cancelled":
                raise SweepError(f"task {i} {_describe(tasks[i])} was "
                                 "cancelled (scheduler lost or restarted?)")
            finish(i, f.result())
            f.release()
    finally:
        pending = [f for f in futures if not f.done()]
        if pending and client.status == "running":
            with contextlib.suppress(Exception):
                client.cancel(pending)


class _WorkerWatch:
    """Turns a sweep that cannot progress into an error instead of a hang:
    the client lost its scheduler, or the scheduler has had no worker for
    ``timeout`` seconds."""

    def __init__(self, client, timeout):
        self.client, self.timeout = client, timeout
        self.last = 0.0
        self.idle_since = None

    def check(self, waiting):
        now = time.monotonic()
        if now - self.last < 1.0:
            return
        self.last = now
        if self.client.status not in ("running", "connecting"):
            raise SweepError(f"lost the Dask scheduler "
                             f"({self.client.status}); {waiting} task(s) "
                             "unfinished (finished ones are cached)")
        if self.client.scheduler_info().get("workers"):
            self.idle_since = None
        elif self.idle_since is None:
            self.idle_since = now
        elif now - self.idle_since > self.timeout:
            raise SweepError(
                f"the Dask scheduler has had no workers for "
                f"{self.timeout:g} s; {waiting} task(s) unfinished (start "
                "workers with dask-worker; docs/Scaling.md)")


# ---------------------------------------------------------------------------
# Projections from per-task times.
# ---------------------------------------------------------------------------

def project(seconds, workers, overhead=0.0):
    """The wall time of tasks of the given durations, taken in order by the
    first free of ``workers`` workers (Dask's FIFO scheduling, without
    communication), plus ``overhead`` per worker once. Returns a dict:
    wall, ideal (sum / workers), longest (the longest task), tail (wall
    minus the time at which the first worker runs out of tasks: the
    straggler tail) and efficiency (ideal / wall)."""
    import heapq
    seconds = [float(s) for s in seconds]
    if workers < 1:
        raise SweepError("workers must be at least 1")
    free = [overhead] * workers
    heapq.heapify(free)
    for s in seconds:
        heapq.heappush(free, heapq.heappop(free) + s)
    wall = max(free)
    ideal = sum(seconds) / workers + overhead
    return {"workers": workers, "wall": wall, "ideal": ideal,
            "longest": max(seconds) if seconds else 0.0,
            "tail": wall - min(free), "efficiency": ideal / wall if wall else 1.0}

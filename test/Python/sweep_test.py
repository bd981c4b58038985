"""Tests of aimc.sweep: task checks, the cache (atomic, keyed by task and
code version, resumable), progress, serial vs Dask results bit for bit, a
worker killed mid-sweep, and a bad scheduler address."""

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import dask_cluster  # noqa: E402
import sweep_tasks  # noqa: E402
from sweep_tasks import CALLS, draw, fail_on_three, not_a_dict, numpy_result  # noqa: E402
from aimc import sweep  # noqa: E402

try:
    import distributed  # noqa: F401
    HAVE_DASK = True
except ImportError:
    HAVE_DASK = False
NO_DASK = "Dask's distributed is not importable (install python3-distributed)"

def expected(task):
    r = draw(task)
    return json.loads(json.dumps(r))


HERE = os.path.dirname(os.path.abspath(__file__))
HERE_ON_PATH = {"PYTHONPATH": os.pathsep.join(
    [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p] + [HERE])}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serial(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.cache = os.path.join(self.tmp.name, "cache")
        CALLS.clear()

    def tearDown(self):
        self.tmp.cleanup()

    def tasks(self, n=6):
        return [{"seed": s, "kind": "a"} for s in range(n)]

    def test_results_in_task_order_and_json_round_trip(self):
        tasks = self.tasks()[::-1]
        got = sweep.run(tasks, draw, client="serial", progress=False)
        self.assertEqual(got, [expected(t) for t in tasks])
        self.assertEqual(got[0]["pair"], [5, 1])  # a tuple comes back a list

    def test_cache_resumes_and_checks_task_and_version(self):
        tasks = self.tasks()
        first = sweep.run(tasks, draw, client="serial", cache=self.cache,
                          progress=False)
        self.assertEqual(len(CALLS), 6)
        files = sorted(os.listdir(self.cache))
        self.assertEqual(len(files), 6)
        self.assertFalse([f for f in files if f.endswith(".tmp")])
        with open(os.path.join(self.cache, files[0])) as f:
            entry = json.load(f)
        self.assertIn(entry["task"], tasks)
        self.assertGreaterEqual(entry["seconds"], 0)
        self.assertEqual(entry["version"], sweep.code_version(sweep_tasks))
        # Everything cached: nothing runs, same results.
        CALLS.clear()
        seen = []
        again = sweep.run(tasks, draw, client="serial", cache=self.cache,
                          progress=False,
                          on_result=lambda i, t, r, info: seen.append(info["cached"]))
        self.assertEqual(CALLS, [])
        self.assertEqual(again, first)
        self.assertEqual(seen, [True] * 6)
        # A damaged entry and an entry of another task are recomputed.
        c = sweep.Cache(self.cache)
        with open(c.path(tasks[1]), "w") as f:
            f.write('{"task": ')
        with open(c.path(tasks[2])) as f:
            entry = json.load(f)
        entry["task"] = {"seed": 99, "kind": "a"}
        with open(c.path(tasks[2]), "w") as f:
            json.dump(entry, f)
        CALLS.clear()
        self.assertEqual(sweep.run(tasks, draw, client="serial",
                                   cache=self.cache, progress=False), first)
        self.assertEqual(sorted(CALLS), [1, 2])
        # Another code version (tag) recomputes everything.
        CALLS.clear()
        sweep.run(tasks, draw, client="serial", cache=self.cache,
                  progress=False, tag="v2")
        self.assertEqual(len(CALLS), 6)

    def test_code_version_follows_the_sources(self):
        v = sweep.code_version(sweep_tasks)
        self.assertEqual(v, sweep.code_version("sweep_tasks"))
        self.assertEqual(v, sweep.code_version(draw))
        self.assertNotEqual(v, sweep.code_version(sweep_tasks, "dask_cluster"))
        self.assertRegex(v, "^[0-9a-f]{16}$")

    def test_failing_task_stops_the_sweep_and_keeps_finished_results(self):
        tasks = self.tasks()
        with self.assertRaisesRegex(sweep.SweepError,
                                    r'task 3 \{"kind":"a","seed":3\} failed: '
                                    "ValueError: seed three is bad"):
            sweep.run(tasks, fail_on_three, client="serial", cache=self.cache,
                      progress=False)
        self.assertEqual(len(os.listdir(self.cache)), 3)
        CALLS.clear()
        # The tasks that finished before the failure are cached.
        got = sweep.run(tasks[:3], fail_on_three, client="serial",
                        cache=self.cache, progress=False)
        self.assertEqual(CALLS, [])
        self.assertEqual(got, [expected(t) for t in tasks[:3]])

    def test_bad_tasks_and_results(self):
        for tasks, message in (
                ({"seed": 1}, "list of dicts"),
                ([{"seed": 1}, 5], "task 1 is a int"),
                ([{"seed": (1, 2)}], "JSON round trip"),
                ([{"seed": np.int64(1)}], "not plain JSON"),
                ([{"seed": 1}, {"seed": 2}, {"seed": 1}], "task 2 repeats task 0")):
            with self.assertRaisesRegex(sweep.SweepError, message):
                sweep.run(tasks, draw, client="serial", progress=False)
        with self.assertRaisesRegex(sweep.SweepError, "not plain JSON"):
            sweep.run([{"seed": 1}], numpy_result, client="serial",
                      progress=False)
        with self.assertRaisesRegex(sweep.SweepError, "returned a list"):
            sweep.run([{"seed": 1}], not_a_dict, client="serial",
                      progress=False)
        with self.assertRaisesRegex(sweep.SweepError, "client must be"):
            sweep.run([{"seed": 1}], draw, client=3, progress=False)
        with self.assertRaisesRegex(sweep.SweepError, "jobs applies"):
            sweep.run([{"seed": 1}], draw, client="serial", jobs=2)
        with self.assertRaisesRegex(sweep.SweepError, "interactive __main__|module-level"):
            sweep.run([{"seed": 1}], lambda t: {}, client="serial")

    def test_progress_shows_an_eta(self):
        out = io.StringIO()
        sweep.run(self.tasks(3), draw, client="serial", progress=out,
                  desc="demo")
        text = out.getvalue()
        self.assertIn("demo: 3/3 tasks", text)
        self.assertIn("ETA", text)

    def test_projection(self):
        p = sweep.project([4, 1, 1, 1, 1], 2)
        # Worker A: 4; worker B: 1+1+1+1 = 4.
        self.assertEqual(p["wall"], 4)
        self.assertEqual(p["ideal"], 4)
        self.assertEqual(p["tail"], 0)
        p = sweep.project([1, 1, 1, 1, 4], 2)
        self.assertEqual(p["wall"], 6)  # the long task comes last
        self.assertEqual(p["longest"], 4)
        self.assertEqual(p["tail"], 4)
        self.assertAlmostEqual(p["efficiency"], 4 / 6)

    def test_worker_with_other_code_is_refused(self):
        with self.assertRaisesRegex(sweep.SweepError, "runs code version"):
            sweep._execute(draw, {"seed": 1}, ["sweep_tasks"], "0123456789abcdef")


@unittest.skipUnless(HAVE_DASK, NO_DASK)
class Distributed(unittest.TestCase):
    def test_local_cluster_equals_serial(self):
        tasks = [{"seed": s, "sleep": 0.02} for s in range(16)]
        serial = sweep.run(tasks, draw, client="serial", progress=False)
        workers = set()
        with tempfile.TemporaryDirectory() as tmp:
            got = sweep.run(tasks, draw, jobs=2, cache=tmp, progress=False,
                            on_result=lambda i, t, r, info:
                            workers.add(info["worker"]))
            self.assertEqual(got, serial)
            self.assertTrue(all(w.startswith("tcp://127.0.0.1:") for w in workers),
                            workers)
            # The cache written from worker results serves a serial run.
            CALLS.clear()
            self.assertEqual(sweep.run(tasks, draw, client="serial", cache=tmp,
                                       progress=False), serial)
            self.assertEqual(CALLS, [])

    def test_docs_example_gives_the_same_output_serially_and_on_two_workers(self):
        example = os.path.join(os.path.dirname(os.path.dirname(HERE)), "docs",
                               "examples", "sweep_example.py")
        outputs = []
        with tempfile.TemporaryDirectory() as tmp:
            for jobs in ("1", "2"):
                # Its cache (build/sweep-example) lands in tmp: from scratch.
                r = subprocess.run([sys.executable, example, jobs], cwd=tmp,
                                   capture_output=True, text=True, timeout=300)
                self.assertEqual(r.returncode, 0, r.stderr)
                shutil.rmtree(os.path.join(tmp, "build"))
                outputs.append(r.stdout)
        self.assertEqual(outputs[0], outputs[1])
        self.assertEqual(len(outputs[0].splitlines()), 18)
        self.assertIn("rff s= 16 seed 0: kernel error", outputs[0])

    def test_failing_task_on_a_worker(self):
        with self.assertRaisesRegex(sweep.SweepError,
                                    "task 3 .* failed: ValueError: seed three"):
            sweep.run([{"seed": s} for s in range(5)], fail_on_three, jobs=1,
                      progress=False)

    def test_bad_scheduler_address_fails_within_seconds(self):
        port = free_port()  # nothing listens there
        for address in (f"tcp://127.0.0.1:{port}", "not-a-scheme://x", ""):
            t0 = time.monotonic()
            with self.assertRaisesRegex(sweep.SweepError,
                                        "scheduler"):
                sweep.run([{"seed": 1}], draw, client=address, progress=False,
                          connect_timeout=3)
            self.assertLess(time.monotonic() - t0, 20, address)

    @unittest.skipUnless(dask_cluster.available(), "dask-scheduler/dask-worker absent")
    def test_scheduler_without_workers_fails_instead_of_waiting(self):
        with dask_cluster.loopback_cluster(workers=0) as cluster:
            t0 = time.monotonic()
            with self.assertRaisesRegex(sweep.SweepError,
                                        "no workers for 2 s; 2 task"):
                sweep.run([{"seed": 1}, {"seed": 2}], draw,
                          client=cluster.address, progress=False,
                          worker_timeout=2)
            self.assertLess(time.monotonic() - t0, 30)

    @unittest.skipUnless(dask_cluster.available(), "dask-scheduler/dask-worker absent")
    def test_lost_scheduler_fails_instead_of_waiting(self):
        tasks = [{"seed": s, "sleep": 0.3} for s in range(10)]
        with dask_cluster.loopback_cluster(workers=1, env=HERE_ON_PATH) as cluster, \
                tempfile.TemporaryDirectory() as tmp:
            def kill_scheduler(i, task, result, info):
                if not os.path.exists(os.path.join(tmp, "killed")):
                    open(os.path.join(tmp, "killed"), "w").close()
                    os.killpg(cluster.scheduler.pid, signal.SIGKILL)

            t0 = time.monotonic()
            with self.assertRaisesRegex(sweep.SweepError,
                                        "scheduler lost|lost the Dask scheduler"):
                sweep.run(tasks, draw, client=cluster.address, progress=False,
                          cache=os.path.join(tmp, "cache"),
                          on_result=kill_scheduler)
            self.assertLess(time.monotonic() - t0, 60)
            # The result that arrived before is cached.
            self.assertGreaterEqual(len(os.listdir(os.path.join(tmp, "cache"))), 1)

    @unittest.skipUnless(dask_cluster.available(), "dask-scheduler/dask-worker absent")
    def test_killing_a_worker_mid_sweep_loses_nothing(self):
        tasks = [{"seed": s, "sleep": 0.4} for s in range(20)]
        serial = sweep.run(tasks, draw, client="serial", progress=False)
        with dask_cluster.loopback_cluster(workers=2, nanny=False, env=HERE_ON_PATH) as cluster, \
                tempfile.TemporaryDirectory() as tmp:
            client = distributed.Client(cluster.address, timeout=30,
                                        set_as_default=False)
            killed = {}
            by_worker = {}

            def on_result(i, task, result, info):
                by_worker.setdefault(info["worker"], []).append(i)
                if killed or len(by_worker.get(info["worker"], [])) < 2:
                    return
                # Kill the worker holding a running task, not this one.
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline:
                    busy = {w: k for w, k in client.processing().items() if k}
                    victims = [w for w in busy if w != info["worker"]] or list(busy)
                    if victims:
                        break
                    time.sleep(0.05)
                victim = victims[0]
                pid = client.run(os.getpid, workers=[victim])[victim]
                killed.update(address=victim, pid=pid,
                              running=list(busy[victim]))
                os.kill(pid, signal.SIGKILL)

            try:
                got = sweep.run(tasks, draw, client=client, cache=tmp,
                                progress=False, on_result=on_result)
                self.assertTrue(killed, "no worker was killed")
                self.assertTrue(killed["running"])  # it died mid-task
                self.assertEqual(got, serial)
                # Every entry in the cache is intact and equals the serial run.
                c = sweep.Cache(tmp)
                version = sweep.code_version(sweep_tasks)
                self.assertEqual([c.get(t, version) for t in tasks], serial)
                # The tasks after the kill ran on the survivor only.
                survivors = set(client.scheduler_info()["workers"])
                self.assertNotIn(killed["address"], survivors)
                self.assertEqual(len(survivors), 1)
            finally:
                client.close()


if __name__ == "__main__":
    unittest.main()

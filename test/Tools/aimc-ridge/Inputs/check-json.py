"""Checks an aimc-ridge --json result (used by run.test):
  check-json.py FILE accuracy-between LO HI   (and consistent chip figures)
  check-json.py FILE same-as OTHER   (the same results: accuracy, model,
                                      data sizes, chip figures; the chip
                                      seed, file names and times may differ)"""
import json
import sys

with open(sys.argv[1]) as f:
    result = json.load(f)


def comparable(r):
    """What two runs on the same data and model must share; the chip seed
    is left out so that runs with different seeds can be compared."""
    chip = dict(r.get("chip", {}))
    chip.pop("seed", None)
    return {"accuracy": r["accuracy"], "model": r["model"],
            "train": {k: v for k, v in r["train"].items() if k != "file"},
            "test_rows": r["test"]["rows"], "chip": chip,
            "per_inference": r.get("per_inference"),
            "executed_rows": r.get("executed_rows")}


if sys.argv[2] == "accuracy-between":
    lo, hi = float(sys.argv[3]), float(sys.argv[4])
    assert lo <= result["accuracy"] <= hi, (result["accuracy"], lo, hi)
    per = result["per_inference"]
    assert per["energy_j"] > 0 and per["latency_s"] > 0, per
    assert abs(per["energy_j"] - per["analog_energy_j"] -
               per["digital_energy_j"]) <= 1e-12 * per["energy_j"], per
    print(f"accuracy {result['accuracy']:.4f} in [{lo}, {hi}]")
elif sys.argv[2] == "same-as":
    with open(sys.argv[3]) as f:
        other = json.load(f)
    a, b = comparable(result), comparable(other)
    for key in a:
        assert a[key] == b[key], (key, a[key], b[key])
    print("same results")
else:
    sys.exit(f"unknown check {sys.argv[2]!r}")

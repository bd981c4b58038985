"""Checks an aimc-ridge --json result (used by run.test):
  check-json.py FILE min-accuracy A
  check-json.py FILE same-as OTHER   (same accuracy and chip figures)"""
import json
import sys

with open(sys.argv[1]) as f:
    result = json.load(f)
if sys.argv[2] == "min-accuracy":
    bound = float(sys.argv[3])
    assert result["accuracy"] >= bound, (result["accuracy"], bound)
    per = result["per_inference"]
    assert per["energy_j"] > 0 and per["latency_s"] > 0, per
    assert abs(per["energy_j"] - per["analog_energy_j"] -
               per["digital_energy_j"]) <= 1e-12 * per["energy_j"], per
    print(f"accuracy {result['accuracy']:.4f} >= {bound}")
elif sys.argv[2] == "same-as":
    with open(sys.argv[3]) as f:
        other = json.load(f)
    for key in ("accuracy", "per_inference", "chip", "executed_rows"):
        assert result.get(key) == other.get(key), (key, result.get(key),
                                                   other.get(key))
    print("same results")
else:
    sys.exit(f"unknown check {sys.argv[2]!r}")

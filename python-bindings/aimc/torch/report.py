"""Per-sequence costs from an ``aimc.Session`` report."""


def per_sequence(report, sequences):
    """MVMs, energy and latency per sequence, analog and digital, from
    ``Session.report()`` after runs over `sequences` sequences in total:

        {"analog": {"mvms", "energy_j", "latency_s"},
         "digital": {"operations", "energy_j", "latency_s"},
         "total_energy_j", "analog_ops": {name: {"mvms", "energy_j",
         "latency_s"}}}

    Latency is the chip time of the calls divided by the sequences
    (sequences of one batch share it)."""
    if sequences <= 0:
        raise ValueError(f"sequences must be positive, got {sequences}")
    total = report["analog"]["total"]
    digital_ops = sum(op["operations"] for op in report["digital_ops"])
    return {
        "analog": {"mvms": total["mvms"] / sequences,
                   "energy_j": total["energy_j"] / sequences,
                   "latency_s": total["latency_s"] / sequences},
        "digital": {"operations": digital_ops / sequences,
                    "energy_j": report["digital_energy_j"] / sequences,
                    "latency_s": report["digital_time_s"] / sequences},
        "total_energy_j": report["total_energy_j"] / sequences,
        "analog_ops": {op["name"]: {"mvms": op["mvms"] / sequences,
                                    "energy_j": op["energy_j"] / sequences,
                                    "latency_s": op["latency_s"] / sequences}
                       for op in report["analog"]["ops"]},
    }

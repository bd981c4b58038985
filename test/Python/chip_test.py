"""aimc.Chip: the one description of the chip from Python. Its text is the
#aimc.chip attribute (round trip, presets, located errors), its parameters
come from the C++ table, and changing one changes the simulation as it
should: 4-bit ADCs raise the error, zero noise scales lower it, from a
Session and from the classifier."""

import os
import unittest

import numpy as np

import aimc
from aimc.chip import PARAMETERS, PRESETS
from synthetic import rings

S, D, B = 300, 40, 16

MODEL = f"""\
func.func @project(%x: tensor<{B}x{D}xf32>) -> tensor<{B}x{S}xf32> {{
  %o = ka.sample_projection orthogonal seed(9) : tensor<{S}x{D}xf32>
  %z = ka.projection %x, %o : (tensor<{B}x{D}xf32>, tensor<{S}x{D}xf32>) -> tensor<{B}x{S}xf32>
  return %z : tensor<{B}x{S}xf32>
}}
"""


def rel(a, b):
    return np.linalg.norm(a - b) / np.linalg.norm(b)


class ChipText(unittest.TestCase):
    def test_presets_and_overrides(self):
        self.assertEqual(PRESETS, ("hermes", "pcm", "ideal"))
        self.assertEqual(str(aimc.Chip()), '#aimc.chip<"hermes">')
        chip = aimc.Chip("hermes", adc_bits=4, read_noise_scale=0.5)
        self.assertEqual(str(chip), '#aimc.chip<"hermes", adc_bits = 4, '
                         'read_noise_scale = 0.5>')
        self.assertEqual(chip.adc_bits, 4)
        self.assertEqual(chip.cores, 64)
        self.assertEqual(chip.noise_model, "hermes")
        self.assertIs(chip.drift, True)
        self.assertEqual(aimc.Chip.parse(str(chip)), chip)
        self.assertEqual(aimc.Chip.parse("pcm").noise_model, "pcm")
        ideal = aimc.Chip("ideal")
        self.assertEqual(ideal.noise_model, "none")
        self.assertIs(ideal.quantize_inputs, False)
        # replace() keeps the preset, prints only what differs from it.
        self.assertEqual(str(ideal.replace(cores=4, drift=True)),
                         '#aimc.chip<"ideal", cores = 4, drift = true>')
        labelled = aimc.Chip("pcm", name="lab", g_max=20)
        self.assertEqual(aimc.Chip.parse(str(labelled)), labelled)
        self.assertEqual(labelled.noise_model, "pcm")
        with self.assertRaises(AttributeError):
            chip.adc_bits = 6

    def test_parameters_come_from_the_table(self):
        for key in ("cores", "rows", "cols", "dac_bits", "adc_bits",
                    "devices_per_weight", "noise_model", "prog_noise_scale",
                    "read_noise_scale", "drift", "drift_compensation",
                    "g_max", "clip_sigmas", "one_phase_latency_ns",
                    "one_phase_energy_nj", "add_energy_pj"):
            self.assertIn(key, PARAMETERS)
        self.assertEqual(set(aimc.Chip().to_dict()), set(PARAMETERS))
        cores = PARAMETERS["cores"]
        self.assertEqual((cores.low, cores.high), (1, 65536))
        self.assertEqual(PARAMETERS["noise_model"].cases,
                         ("none", "pcm", "hermes"))
        self.assertEqual(PARAMETERS["adc_bits"].presets,
                         {"hermes": 8, "pcm": 8, "ideal": 8})

    def test_errors(self):
        with self.assertRaisesRegex(ValueError,
                                    r"adc_bits must be in \[2, 16\], got 40"):
            aimc.Chip(adc_bits=40)
        with self.assertRaisesRegex(ValueError, "cores must be in "
                                    r"\[1, 65536\], got 9223372036854775807"):
            aimc.Chip(cores=2**63 - 1)
        with self.assertRaisesRegex(ValueError, "cores must be in"):
            aimc.Chip(cores=2**70)
        with self.assertRaisesRegex(TypeError, "unknown chip parameter 'adc'"):
            aimc.Chip(adc=4)
        with self.assertRaisesRegex(TypeError, "drift must be a bool"):
            aimc.Chip(drift=1)
        with self.assertRaisesRegex(ValueError, "noise_model must be one of "
                                    "none, pcm, hermes, got 'gauss'"):
            aimc.Chip(noise_model="gauss")
        with self.assertRaisesRegex(ValueError, "unknown chip preset"):
            aimc.Chip("loihi")
        with self.assertRaisesRegex(ValueError,
                                    r"^chip:1:22: unknown #aimc.chip key "
                                    r"'adc'"):
            aimc.Chip.parse('#aimc.chip<"hermes", adc = 4>')
        with self.assertRaisesRegex(ValueError, "unknown chip 'loihi'"):
            aimc.Chip.parse("loihi")
        with self.assertRaisesRegex(ValueError, "unexpected text after"):
            aimc.Chip.parse('#aimc.chip<"hermes"> extra')
        with self.assertRaisesRegex(ValueError, "unknown chip 'tpu'"):
            aimc.Session(MODEL, chip="tpu")
        with self.assertRaisesRegex(TypeError, "chip must be an aimc.Chip"):
            aimc.Session(MODEL, chip=4)


class DriftCompensationMode(unittest.TestCase):
    def test_the_former_bool_still_works(self):
        """drift_compensation is random | onehot | none; True and False
        (its values when it was a bool) read as random and none."""
        self.assertEqual(aimc.Chip().drift_compensation, "random")
        self.assertEqual(aimc.Chip("ideal").drift_compensation, "none")
        self.assertEqual(aimc.Chip(drift_compensation=False)
                         .drift_compensation, "none")
        self.assertEqual(aimc.Chip("ideal", drift_compensation=True)
                         .drift_compensation, "random")
        chip = aimc.Chip(drift_compensation="onehot")
        self.assertEqual(str(chip),
                         '#aimc.chip<"hermes", drift_compensation = onehot>')
        self.assertEqual(aimc.Chip.parse(str(chip)), chip)
        self.assertEqual(aimc.Chip.parse(
            '#aimc.chip<"hermes", drift_compensation = false>')
            .drift_compensation, "none")
        with self.assertRaisesRegex(TypeError, "drift_compensation must be a "
                                    "str or a bool, got int"):
            aimc.Chip(drift_compensation=1)
        with self.assertRaisesRegex(ValueError, "drift_compensation must be "
                                    "one of none, random, onehot, true, "
                                    "false, got 'global'"):
            aimc.Chip(drift_compensation="global")


class ChipDocs(unittest.TestCase):
    def test_docs_table_matches_the_parameter_table(self):
        """docs/Dialects/AIMC.md lists every parameter as the table has it."""
        def fmt(p, v):
            if p.kind == "bool":
                return "true" if v else "false"
            return repr(float(v)) if p.kind == "float" else str(v)
        rows = []
        for key, p in PARAMETERS.items():
            if p.kind == "enum":
                values = " \\| ".join(p.cases)
            elif p.kind == "bool":
                values = "true \\| false"
            elif p.kind == "int":
                values = f"[{p.low}, {p.high}]"
            else:
                values = (f"{'(' if p.low_open else '['}{fmt(p, p.low)}, "
                          f"{p.high:g}]")
            presets = " | ".join(fmt(p, p.presets[n]) for n in PRESETS)
            rows.append(f"| `{key}` | {values} | {presets} | {p.doc} |")
        docs = os.path.join(os.path.dirname(__file__), "..", "..", "docs",
                            "Dialects", "AIMC.md")
        with open(docs, encoding="utf-8") as f:
            text = f.read()
        for row in rows:
            self.assertIn(row, text)


class ChipChangesTheSimulation(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.x = np.random.default_rng(0).standard_normal((B, D)).astype(
            np.float32)
        omega = aimc.sample_projection("orthogonal", S, D, 9)
        cls.z = cls.x.astype(np.float64) @ omega.astype(np.float64).T

    def error(self, chip):
        sess = aimc.Session(MODEL, chip=chip, seed=2)
        z, = sess.run("project", [self.x])
        return rel(z, self.z), sess.report()

    def test_session_parameters(self):
        hermes, report = self.error("hermes")
        self.assertEqual(report["chip"], '#aimc.chip<"hermes">')
        self.assertEqual(report["chip_parameters"]["adc_bits"], 8)
        # The same chip as text, object or default: the same bits.
        self.assertEqual(self.error(aimc.Chip("hermes"))[0], hermes)
        self.assertEqual(self.error(None)[0], hermes)
        adc4, report = self.error(aimc.Chip("hermes", adc_bits=4))
        self.assertEqual(report["chip_parameters"]["adc_bits"], 4)
        self.assertGreater(adc4, hermes)
        quiet, _ = self.error(aimc.Chip("hermes", prog_noise_scale=0.0,
                                        read_noise_scale=0.0))
        self.assertLess(quiet, hermes)
        ideal, _ = self.error("ideal")
        self.assertLess(ideal, 1e-5)
        # The MVM energy is a chip parameter too.
        _, base = self.error("ideal")
        _, doubled = self.error('#aimc.chip<"ideal", '
                                'one_phase_energy_nj = 26.86>')
        self.assertAlmostEqual(doubled["analog"]["total"]["energy_j"],
                               2 * base["analog"]["total"]["energy_j"])

    def test_time_resolved_ir_drop(self):
        """ir_drop_time_resolved from Python: at HERMES' 0.15 Ohm per cell
        the ideal chip's 40 rows, centred in the 256-row crossbar, lose about
        1% to the wires (no affine correction on the ideal chip); without
        ir_drop the switch changes no bit."""
        ideal, _ = self.error("ideal")
        off, _ = self.error(aimc.Chip("ideal", ir_drop_time_resolved=True))
        self.assertEqual(off, ideal)
        err, report = self.error(aimc.Chip(
            "ideal", ir_drop=1.0, ir_drop_time_resolved=True,
            ir_drop_v_read=0.4))
        self.assertIs(report["chip_parameters"]["ir_drop_time_resolved"],
                      True)
        self.assertEqual(report["chip_parameters"]["ir_drop_rs"], 0.15)
        self.assertGreater(err, 1e-3)
        self.assertLess(err, 0.05)

    def test_compile_takes_a_chip(self):
        module = aimc.compile(MODEL, chip=aimc.Chip("pcm", adc_bits=6))
        self.assertEqual(module.options["chip"],
                         '#aimc.chip<"pcm", adc_bits = 6>')
        self.assertIn('#aimc.chip<"pcm", adc_bits = 6>', module.ir("input")
                      if "aimc.chip" in module.ir("input") else module.ir())

    def test_classifier_takes_a_chip(self):
        x, y = rings(400, 3)
        scores = {}
        for label, chip in (("hermes", "hermes"),
                            ("adc3", aimc.Chip("hermes", adc_bits=3))):
            clf = aimc.RandomFeatureRidgeClassifier(
                backend="aimc", chip=chip, n_features=64, gamma=1.0,
                alpha=0.1, seed=1, batch_size=128)
            clf.fit(x[:250], y[:250])
            scores[label] = clf.transform(x[250:])
            self.assertEqual(clf.last_report_["chip"], str(
                chip if isinstance(chip, aimc.Chip) else aimc.Chip(chip)))
        clean = aimc.RandomFeatureRidgeClassifier(
            backend="float", n_features=64, gamma=1.0, alpha=0.1, seed=1,
            batch_size=128).fit(x[:250], y[:250]).transform(x[250:])
        self.assertGreater(rel(scores["adc3"], clean),
                           rel(scores["hermes"], clean))


if __name__ == "__main__":
    unittest.main()

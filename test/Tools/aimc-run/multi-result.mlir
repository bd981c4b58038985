// Entries with several results of every supported element type, results
// that alias an argument or a constant (copied, then freed by aimc-run),
// 0-d arrays, dynamic sizes and an entry with no result.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/a.npy', np.array([0., 1., 2.])); np.save('%t/b.npy', np.array([[1, -2], [3, 4]], dtype=np.int64))"
// RUN: aimc-run %s --entry=three --input=%t/a.npy --input=%t/b.npy \
// RUN:   --output=%t/e.npy --output=%t/b2.npy --output=%t/c.npy | FileCheck %s
// RUN: %python %S/Inputs/npy.py equal %t/b2.npy int64 1 -2 3 4
// RUN: %python %S/Inputs/npy.py equal %t/c.npy int32 7 -7
// RUN: %python -c "import numpy as np; e = np.load('%t/e.npy'); assert e.dtype == np.float64 and np.allclose(e, np.exp([0., 1., 2.]), rtol=1e-12), e"

// CHECK: outputs:     result0 float64[3] -> {{.*}}e.npy
// CHECK-NEXT:         result1 int64[2x2] -> {{.*}}b2.npy
// CHECK-NEXT:         result2 int32[2] -> {{.*}}c.npy
func.func private @helper(%a: tensor<3xf64>) -> tensor<3xf64> {
  %e = math.exp %a : tensor<3xf64>
  return %e : tensor<3xf64>
}

func.func @three(%a: tensor<3xf64>, %b: tensor<2x2xi64>) -> (tensor<3xf64>, tensor<2x2xi64>, tensor<2xi32>) {
  %c = arith.constant dense<[7, -7]> : tensor<2xi32>
  %e = call @helper(%a) : (tensor<3xf64>) -> tensor<3xf64>
  return %e, %b, %c : tensor<3xf64>, tensor<2x2xi64>, tensor<2xi32>
}

// A dynamic batch: any number of rows is accepted and comes back.
// RUN: %python %S/Inputs/npy.py make %t/x5.npy float32 5x3 --seed 3
// RUN: aimc-run %s --entry=row_sums --input=%t/x5.npy --output=%t/s5.npy | FileCheck %s --check-prefix=DYN
// RUN: %python -c "import numpy as np; x = np.load('%t/x5.npy'); s = np.load('%t/s5.npy'); assert s.shape == (5, 1) and np.allclose(s[:, 0], x.sum(1), rtol=1e-5), (s, x.sum(1))"
// DYN: inputs:      arg0 float32[5x3]
// DYN: outputs:     result0 float32[5x1]
func.func @row_sums(%x: tensor<?x3xf32>) -> tensor<?x1xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %x, %c0 : tensor<?x3xf32>
  %init = tensor.empty(%n) : tensor<?x1xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<?x1xf32>) -> tensor<?x1xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, 0)>],
                       iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<?x3xf32>) outs(%acc : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %sum = arith.addf %in, %out : f32
    linalg.yield %sum : f32
  } -> tensor<?x1xf32>
  return %s : tensor<?x1xf32>
}

// 0-d arrays are scalars in numpy.
// RUN: %python -c "import numpy as np; np.save('%t/s.npy', np.float32(1.5))"
// RUN: aimc-run %s --entry=square --input=%t/s.npy --output=%t/s2.npy | FileCheck %s --check-prefix=SCALAR
// RUN: %python %S/Inputs/npy.py equal %t/s2.npy float32 2.25
// SCALAR: outputs:     result0 float32[] -> {{.*}}s2.npy
func.func @square(%s: tensor<f32>) -> tensor<f32> {
  %r = arith.mulf %s, %s : tensor<f32>
  return %r : tensor<f32>
}

// No result, no output.
// RUN: aimc-run %s --entry=nothing --input=%t/s.npy | FileCheck %s --check-prefix=NONE
// NONE: outputs:     none
func.func @nothing(%s: tensor<f32>) {
  return
}

// libm functions (erff) are resolved from the host process.
// RUN: %python -c "import numpy as np; np.save('%t/v.npy', np.array([-2, -0.5, 0, 0.25, 3], dtype=np.float32))"
// RUN: aimc-run %s --entry=activations --input=%t/v.npy --output=%t/act.npy
// RUN: %python -c "import math, numpy as np; v = np.load('%t/v.npy').astype(np.float64); a = np.load('%t/act.npy'); ref = np.array([math.erf(math.tanh(x)) + x for x in v]); assert a.dtype == np.float32 and np.max(np.abs(a - ref)) <= 1e-5 * np.max(np.abs(ref)), (a, ref)"
func.func @activations(%x: tensor<5xf32>) -> tensor<5xf32> {
  %t = math.tanh %x : tensor<5xf32>
  %e = math.erf %t : tensor<5xf32>
  %s = arith.addf %e, %x : tensor<5xf32>
  return %s : tensor<5xf32>
}

// A strided slice of an argument is returned through a copy that calls
// memrefCopy from MLIR's C runner utilities, loaded on demand.
// RUN: %python -c "import numpy as np; np.save('%t/m.npy', np.arange(12, dtype=np.float32).reshape(3, 4))"
// RUN: aimc-run %s --entry=strided_slice --input=%t/m.npy --output=%t/slice.npy
// RUN: %python %S/Inputs/npy.py equal %t/slice.npy float32 5 7 9 11
func.func @strided_slice(%x: tensor<3x4xf32>) -> tensor<2x2xf32> {
  %s = tensor.extract_slice %x[1, 1] [2, 2] [1, 2] : tensor<3x4xf32> to tensor<2x2xf32>
  return %s : tensor<2x2xf32>
}

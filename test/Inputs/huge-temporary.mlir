// A digital temporary of 100000x1000000 float32 (373 GiB) the compiled code
// would allocate: aimc-run died of SIGSEGV on the failed malloc before
// aimc-check-buffer-sizes refused it. Shared by test/Tools/bad-inputs.test
// (Inputs/bad_inputs.py, aimc-run) and test/Python/crashers_test.py
// (aimc.Session); docs/Reliability.md, "buffers beyond the budget".
func.func @f(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %c0 = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<100000x1000000xf32>
  %z = linalg.fill ins(%c0 : f32) outs(%e : tensor<100000x1000000xf32>) -> tensor<100000x1000000xf32>
  %s = tensor.extract_slice %z[0, 0] [2, 3] [1, 1] : tensor<100000x1000000xf32> to tensor<2x3xf32>
  %r = arith.addf %x, %s : tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

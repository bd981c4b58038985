// A call of a function nobody defines (errors.test: JIT linking fails).
func.func private @mystery(f32) -> f32

func.func @unresolved(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c0 = arith.constant 0 : index
  %v = tensor.extract %x[%c0] : tensor<2xf32>
  %r = func.call @mystery(%v) : (f32) -> f32
  %t = tensor.splat %r : tensor<2xf32>
  return %t : tensor<2xf32>
}

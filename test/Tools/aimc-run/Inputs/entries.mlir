// Entries for the error tests of aimc-run (errors.test).
func.func @add(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = arith.addf %a, %b : tensor<2x3xf32>
  return %s : tensor<2x3xf32>
}

func.func private @hidden(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  return %a : tensor<2x3xf32>
}

func.func @scalar_arg(%a: f32) -> tensor<2xf32> {
  %t = tensor.splat %a : tensor<2xf32>
  return %t : tensor<2xf32>
}

func.func @unsigned(%a: tensor<2xui8>) -> tensor<2xui8> {
  return %a : tensor<2xui8>
}

func.func private @mystery(f32) -> f32

func.func @pair(%a: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %n = arith.negf %a : tensor<2x3xf32>
  return %a, %n : tensor<2x3xf32>, tensor<2x3xf32>
}

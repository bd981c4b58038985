// The ka RFF classifier of docs/examples/ka-rff-classifier.mlir on a batch
// of 256 points, returning the logits and the labels (analog-ka-classifier.test).
func.func @classifier(%x: tensor<256x2xf32>) -> (tensor<256x2xf32>, tensor<256xi64>) {
  %omega = ka.sample_projection gaussian seed(7) : tensor<16x2xf32>
  %z = ka.projection %x, %omega : (tensor<256x2xf32>, tensor<16x2xf32>) -> tensor<256x16xf32>
  %phi = ka.rff %z gamma(1.0) : tensor<256x16xf32> -> tensor<256x32xf32>
  %w = arith.constant dense<[
      [-3.380349e+00, 3.380349e+00],
      [9.891247e+00, -9.891247e+00],
      [2.609559e-01, -2.609559e-01],
      [-8.238667e-01, 8.238667e-01],
      [-1.259653e-01, 1.259653e-01],
      [-1.478367e+00, 1.478367e+00],
      [-4.970086e+00, 4.970086e+00],
      [3.581488e+00, -3.581488e+00],
      [-4.317229e-01, 4.317229e-01],
      [2.323743e-01, -2.323743e-01],
      [8.857824e-02, -8.857824e-02],
      [7.564086e-01, -7.564086e-01],
      [-9.923260e-01, 9.923260e-01],
      [3.533440e-01, -3.533440e-01],
      [-2.854333e+00, 2.854333e+00],
      [8.926288e-01, -8.926288e-01],
      [-1.327351e+00, 1.327351e+00],
      [-1.466019e+00, 1.466019e+00],
      [-2.774647e-02, 2.774647e-02],
      [3.585553e-01, -3.585553e-01],
      [-1.316212e+00, 1.316212e+00],
      [3.943718e-01, -3.943718e-01],
      [-7.915699e-02, 7.915699e-02],
      [1.400954e+00, -1.400954e+00],
      [6.125993e-02, -6.125993e-02],
      [-4.897222e-02, 4.897222e-02],
      [-7.128764e-01, 7.128764e-01],
      [1.850578e+00, -1.850578e+00],
      [1.520589e+00, -1.520589e+00],
      [1.645880e+00, -1.645880e+00],
      [4.800061e-01, -4.800061e-01],
      [-2.135920e-01, 2.135920e-01]]> : tensor<32x2xf32>
  %c = arith.constant dense<[-4.586481e-01, 1.458648e+00]> : tensor<2xf32>
  %y = ka.readout %phi, %w, %c : (tensor<256x32xf32>, tensor<32x2xf32>, tensor<2xf32>) -> tensor<256x2xf32>
  %labels = ka.argmax %y : tensor<256x2xf32> -> tensor<256xi64>
  return %y, %labels : tensor<256x2xf32>, tensor<256xi64>
}

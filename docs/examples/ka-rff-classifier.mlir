// A random-Fourier-feature ridge classifier in the ka dialect: points of the
// plane inside the unit circle are class 1, outside class 0.
//
//   z   = x * Omega^T              Omega: 16x2, standard normal, seed 7
//   phi = 1/4 [cos(sqrt(2) z), sin(sqrt(2) z)]    RBF kernel exp(-|x - y|^2)
//   y   = phi * W + c              W: 32x2 ridge weights (one-hot targets)
//   label = argmax y
//
// W and c were fitted (ridge, lambda = 1e-3, 300 uniform points of
// [-1.5, 1.5]^2, 97% training accuracy) on the features of this exact
// Omega. `aimc-opt --ka-lower` turns the projection into the crossbar matmul
// and the rest into digital linalg ops.
func.func @rff_classifier(%x: tensor<4x2xf32>) -> tensor<4xi64> {
  %omega = ka.sample_projection gaussian seed(7) : tensor<16x2xf32>
  %z = ka.projection %x, %omega : (tensor<4x2xf32>, tensor<16x2xf32>) -> tensor<4x16xf32>
  %phi = ka.rff %z gamma(1.0) : tensor<4x16xf32> -> tensor<4x32xf32>
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
  %y = ka.readout %phi, %w, %c : (tensor<4x32xf32>, tensor<32x2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  %labels = ka.argmax %y : tensor<4x2xf32> -> tensor<4xi64>
  return %labels : tensor<4xi64>
}

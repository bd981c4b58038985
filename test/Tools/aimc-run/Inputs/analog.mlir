// A call of the analog runtime (errors.test: no backend provides it).
func.func private @aimc_rt_mvm(i64, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}

func.func @analog(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %tile = arith.constant 0 : i64
  %x_buf = bufferization.to_buffer %x : tensor<2x3xf32> to memref<2x3xf32>
  %y_buf = memref.alloc() : memref<2x3xf32>
  %x_dyn = memref.cast %x_buf : memref<2x3xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
  %y_dyn = memref.cast %y_buf : memref<2x3xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
  call @aimc_rt_mvm(%tile, %x_dyn, %y_dyn) : (i64, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) -> ()
  %y = bufferization.to_tensor %y_buf restrict : memref<2x3xf32> to tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

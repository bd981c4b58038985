//===- DenseWeights.cpp - Compile-time slicing of weight constants --------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/Transforms/DenseWeights.h"
#include "aimc/Support/Limits.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Matchers.h"

#include <cstring>

using namespace mlir;
using namespace aimc;

std::optional<DenseElementsAttr> aimc::getConstantWeights(Value value) {
  if (auto transpose = value.getDefiningOp<linalg::TransposeOp>()) {
    std::optional<DenseElementsAttr> input =
        getConstantWeights(transpose.getInput());
    if (!input)
      return std::nullopt;
    return permuteDims(*input, transpose.getPermutation());
  }
  if (auto cast = value.getDefiningOp<tensor::CastOp>()) {
    auto type = dyn_cast<RankedTensorType>(cast.getType());
    std::optional<DenseElementsAttr> input =
        getConstantWeights(cast.getSource());
    if (!input || !type || !type.hasStaticShape())
      return std::nullopt;
    return input->reshape(type);
  }
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  Type element = attr.getElementType();
  if (!isa<FloatType>(element) || element.getIntOrFloatBitWidth() % 8 != 0)
    return std::nullopt;
  return attr;
}

/// Row-major strides of `shape`.
static SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// Copies, for every index of `shape` in row-major order, the element at
/// `sum(index[i] * srcStrides[i]) + srcOffset` of `src` into `dst`.
static void gather(const char *src, char *dst, size_t elementBytes,
                   ArrayRef<int64_t> shape, ArrayRef<int64_t> srcStrides,
                   int64_t srcOffset) {
  size_t rank = shape.size();
  int64_t total = 1;
  for (int64_t d : shape)
    total *= d;
  if (total == 0)
    return;
  SmallVector<int64_t> index(rank, 0);
  // Copy innermost runs at once when they are contiguous in the source.
  int64_t inner = rank ? shape[rank - 1] : 1;
  bool contiguous = rank == 0 || srcStrides[rank - 1] == 1;
  for (int64_t done = 0; done < total; done += inner) {
    int64_t at = srcOffset;
    for (size_t i = 0; i + 1 < rank; ++i)
      at += index[i] * srcStrides[i];
    if (contiguous) {
      std::memcpy(dst, src + at * elementBytes, inner * elementBytes);
    } else {
      for (int64_t j = 0; j < inner; ++j)
        std::memcpy(dst + j * elementBytes,
                    src + (at + j * srcStrides[rank - 1]) * elementBytes,
                    elementBytes);
    }
    dst += inner * elementBytes;
    for (int64_t i = static_cast<int64_t>(rank) - 2; i >= 0; --i) {
      if (++index[i] < shape[i])
        break;
      index[i] = 0;
    }
  }
}

DenseElementsAttr aimc::permuteDims(DenseElementsAttr attr,
                                    ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(attr.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  if (attr.isSplat())
    return attr.resizeSplat(resultType);
  SmallVector<int64_t> inStrides = stridesOf(type.getShape());
  SmallVector<int64_t> srcStrides;
  for (int64_t p : perm)
    srcStrides.push_back(inStrides[p]);
  size_t bytes = type.getElementTypeBitWidth() / 8;
  std::vector<char> buffer(attr.getNumElements() * bytes);
  gather(attr.getRawData().data(), buffer.data(), bytes, shape, srcStrides, 0);
  return DenseElementsAttr::getFromRawBuffer(resultType, buffer);
}

DenseElementsAttr aimc::sliceBlock(DenseElementsAttr attr,
                                   ArrayRef<int64_t> offsets,
                                   ArrayRef<int64_t> sizes, unsigned dropDims) {
  auto type = cast<RankedTensorType>(attr.getType());
  auto resultType =
      RankedTensorType::get(sizes.drop_front(dropDims), type.getElementType());
  if (attr.isSplat())
    return attr.resizeSplat(resultType);
  SmallVector<int64_t> strides = stridesOf(type.getShape());
  int64_t offset = 0;
  for (size_t i = 0; i < offsets.size(); ++i)
    offset += offsets[i] * strides[i];
  size_t bytes = type.getElementTypeBitWidth() / 8;
  std::vector<char> buffer(resultType.getNumElements() * bytes);
  gather(attr.getRawData().data(), buffer.data(), bytes, sizes, strides,
         offset);
  return DenseElementsAttr::getFromRawBuffer(resultType, buffer);
}

uint64_t aimc::countConstantWeightBytes(Operation *root) {
  uint64_t total = 0;
  root->walk([&](Operation *op) {
    if (!op->hasTrait<OpTrait::ConstantLike>())
      return;
    for (NamedAttribute named : op->getAttrs()) {
      auto elements = dyn_cast<ElementsAttr>(named.getValue());
      if (!elements)
        continue;
      Type element = elements.getShapedType().getElementType();
      uint64_t bits = element.isIntOrFloat() ? element.getIntOrFloatBitWidth()
                                             : 8 * sizeof(void *);
      total = saturatingAdd(
          total, saturatingMul(static_cast<uint64_t>(elements.getNumElements()),
                               std::max<uint64_t>(1, bits / 8)));
    }
  });
  return total;
}

LogicalResult aimc::checkWeightBudget(Operation *root, StringRef pass) {
  std::string problem = aimc::checkWeightBudget(countConstantWeightBytes(root),
                                                "the module's constants");
  if (problem.empty())
    return success();
  return root->emitError() << pass << ": " << problem;
}

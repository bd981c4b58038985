//===- TileTable.cpp - Tile programming as a table-driven loop ------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "TileTable.h"

#include "aimc/Dialect/AIMC/IR/AIMCRuntime.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace aimc;

namespace {

/// Columns of the integer table.
enum Column : int64_t {
  Id,
  Core,
  Row,
  Col,
  Rows,
  Cols,
  Offset,
  Mode,
  CalibrationColumn,
  NumColumns
};

/// A private constant global holding `value`, named `name` (made unique).
memref::GlobalOp addGlobal(OpBuilder &globals, Location loc, StringRef name,
                           DenseElementsAttr value, SymbolTable &symbols) {
  auto shaped = cast<ShapedType>(value.getType());
  auto type = MemRefType::get(shaped.getShape(), shaped.getElementType());
  auto global = memref::GlobalOp::create(
      globals, loc, name, globals.getStringAttr("private"), type, value,
      /*constant=*/true, /*alignment=*/globals.getI64IntegerAttr(64));
  symbols.insert(global);
  return global;
}

} // namespace

void aimc::emitTileTable(OpBuilder &globals, OpBuilder &body, Location loc,
                         ArrayRef<TileEntry> tiles, SymbolTable &symbols) {
  // The tables.
  std::vector<float> weights;
  std::vector<int64_t> table;
  std::vector<double> params;
  size_t totalWeights = 0;
  for (const TileEntry &tile : tiles)
    totalWeights += tile.weights.getNumElements();
  weights.reserve(totalWeights);
  for (const TileEntry &tile : tiles) {
    auto type = cast<ShapedType>(tile.weights.getType());
    int64_t offset = static_cast<int64_t>(weights.size());
    if (tile.weights.isSplat()) {
      weights.resize(weights.size() + tile.weights.getNumElements(),
                     tile.weights.getSplatValue<float>());
    } else {
      // The f32 storage, copied as it is.
      const float *data =
          reinterpret_cast<const float *>(tile.weights.getRawData().data());
      weights.insert(weights.end(), data, data + tile.weights.getNumElements());
    }
    table.insert(table.end(), {tile.id, tile.core, tile.row, tile.col,
                               type.getDimSize(0), type.getDimSize(1), offset,
                               tile.fourPhase, tile.calibration});
    params.insert(params.end(),
                  {tile.percentile, tile.inputRange, tile.noiseScale});
  }
  int64_t count = static_cast<int64_t>(tiles.size());
  Type f32 = body.getF32Type(), i64 = body.getI64Type(),
       f64 = body.getF64Type();
  auto weightsGlobal = addGlobal(
      globals, loc, "aimc_tiles_weights",
      DenseElementsAttr::get(
          RankedTensorType::get({static_cast<int64_t>(weights.size())}, f32),
          ArrayRef<float>(weights)),
      symbols);
  auto tableGlobal = addGlobal(
      globals, loc, "aimc_tiles_table",
      DenseElementsAttr::get(RankedTensorType::get({count, NumColumns}, i64),
                             ArrayRef<int64_t>(table)),
      symbols);
  auto paramsGlobal =
      addGlobal(globals, loc, "aimc_tiles_params",
                DenseElementsAttr::get(RankedTensorType::get({count, 3}, f64),
                                       ArrayRef<double>(params)),
                symbols);

  // The loop.
  auto get = [&](memref::GlobalOp global) -> Value {
    return memref::GetGlobalOp::create(body, loc, global.getType(),
                                       global.getSymName());
  };
  Value weightsBuffer = get(weightsGlobal);
  Value tableBuffer = get(tableGlobal);
  Value paramsBuffer = get(paramsGlobal);
  Value zero = arith::ConstantIndexOp::create(body, loc, 0);
  Value one = arith::ConstantIndexOp::create(body, loc, 1);
  Value end = arith::ConstantIndexOp::create(body, loc, count);
  auto loop = scf::ForOp::create(body, loc, zero, end, one);
  OpBuilder b = OpBuilder::atBlockBegin(loop.getBody());
  Value i = loop.getInductionVar();
  auto entry = [&](int64_t column) -> Value {
    Value c = arith::ConstantIndexOp::create(b, loc, column);
    return memref::LoadOp::create(b, loc, tableBuffer, ValueRange{i, c});
  };
  auto param = [&](int64_t column) -> Value {
    Value c = arith::ConstantIndexOp::create(b, loc, column);
    return memref::LoadOp::create(b, loc, paramsBuffer, ValueRange{i, c});
  };
  auto index = [&](Value value) -> Value {
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), value);
  };
  Value id = entry(Id);
  func::CallOp::create(b, loc, runtime::kConfigureTile, TypeRange(),
                       ValueRange{id, entry(Mode), entry(CalibrationColumn),
                                  param(0), param(1), param(2)});
  Value cols = index(entry(Cols));
  Value block = memref::ReinterpretCastOp::create(
      b, loc,
      MemRefType::get({ShapedType::kDynamic, ShapedType::kDynamic}, f32,
                      StridedLayoutAttr::get(body.getContext(),
                                             ShapedType::kDynamic,
                                             {ShapedType::kDynamic, 1})),
      weightsBuffer, OpFoldResult(index(entry(Offset))),
      ArrayRef<OpFoldResult>{index(entry(Rows)), cols},
      ArrayRef<OpFoldResult>{cols, b.getIndexAttr(1)});
  Value matrix = memref::CastOp::create(
      b, loc, runtime::getMatrixType(body.getContext()), block);
  func::CallOp::create(
      b, loc, runtime::kProgramTile, TypeRange(),
      ValueRange{id, entry(Core), entry(Row), entry(Col), matrix});
}

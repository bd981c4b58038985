//===- ProgramTiles.cpp - Hoist tiles into the one-time programming code --===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Collects every placed tile of a module (weights, placement, the
// configuration of the MVMs reading it), emits the table-driven programming
// loop of TileTable.h into @aimc_program_tiles and records the module's
// analog ops (`aimc.analog_ops`). A tile on chip p, core c is programmed at
// the global core index p * cores + c.
//
//===----------------------------------------------------------------------===//

#include "aimc/Conversion/AIMCToRuntime/AIMCToRuntime.h"

#include "TileTable.h"

#include "aimc/Dialect/AIMC/IR/AIMCChip.h"
#include "aimc/Dialect/AIMC/IR/AIMCOps.h"
#include "aimc/Dialect/AIMC/IR/AIMCRuntime.h"
#include "aimc/Dialect/AIMC/Transforms/DenseWeights.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace aimc;

namespace {

/// One tile with everything its programming needs.
struct TileInfo {
  mutable TileOp op; // op accessors are non-const
  DenseElementsAttr weights;
  MVMConfigAttr config;
};

/// The weights as f32 (the runtime programs f32 blocks).
DenseElementsAttr toF32(DenseElementsAttr weights) {
  Type f32 = Float32Type::get(weights.getContext());
  if (weights.getElementType() == f32)
    return weights;
  auto floats = cast<DenseFPElementsAttr>(weights);
  return floats.mapValues(f32, [](const APFloat &value) {
    APFloat converted = value;
    bool losesInfo = false;
    converted.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                      &losesInfo);
    return converted.bitcastToAPInt();
  });
}

/// Checks a tile and collects its weights and the configuration of its MVMs.
FailureOr<TileInfo> inspectTile(TileOp tile) {
  if (!tile.getPlacement())
    return tile.emitOpError("has no placement; run aimc-place before "
                            "convert-aimc-to-runtime");
  std::optional<DenseElementsAttr> weights =
      getConstantWeights(tile.getWeights());
  if (!weights || !isa<FloatType>(weights->getElementType()))
    return tile.emitOpError(
        "needs dense floating-point constant weights to be programmed");
  TileInfo info{tile, toF32(*weights), MVMConfigAttr()};
  // In program order, so that a conflict is reported at the later MVM.
  SmallVector<Operation *> users(tile->getUsers());
  llvm::stable_sort(users, [](Operation *a, Operation *b) {
    return a->getBlock() == b->getBlock() && a->isBeforeInBlock(b);
  });
  for (Operation *user : users) {
    auto mvm = dyn_cast<MVMOp>(user);
    if (!mvm)
      return user->emitOpError("uses tile ")
             << tile.getId() << "; only aimc.mvm can read a tile";
    MVMConfigAttr config = mvm.getConfigOrDefault();
    if (info.config && info.config != config)
      return mvm.emitOpError("reads tile ")
             << tile.getId() << " with " << config
             << " but another MVM reads it with " << info.config
             << "; a tile has one configuration";
    info.config = config;
  }
  if (!info.config)
    info.config = MVMConfigAttr::getDefault(tile.getContext());
  return info;
}

/// "file:line:col" (file without directories) of a location, or "".
std::string shortLocation(Location loc) {
  if (auto name = loc->findInstanceOf<NameLoc>())
    return name.getName().str();
  if (auto file = loc->findInstanceOf<FileLineColLoc>())
    return (llvm::sys::path::filename(file.getFilename().getValue()) + ":" +
            llvm::Twine(file.getLine()) + ":" + llvm::Twine(file.getColumn()))
        .str();
  return "";
}

/// The `aimc.analog_ops` entries: the tiles of one analog op share their
/// function and source location (aimc-tile gives every block the location
/// of the product it came from).
ArrayAttr describeAnalogOps(ModuleOp module, ArrayRef<TileInfo> tiles) {
  using Key = std::pair<Operation *, const void *>;
  llvm::MapVector<Key, SmallVector<int64_t>> groups;
  for (const TileInfo &tile : tiles) {
    Operation *parent = tile.op->getParentOfType<FunctionOpInterface>();
    groups[{parent, tile.op.getLoc().getAsOpaquePointer()}].push_back(
        tile.op.getId());
  }
  Builder b(module.getContext());
  SmallVector<Attribute> entries;
  if (auto existing = module->getAttrOfType<ArrayAttr>(runtime::kAnalogOpsAttr))
    entries.append(existing.begin(), existing.end());
  llvm::StringSet<> names;
  for (Attribute entry : entries)
    if (auto dict = dyn_cast<DictionaryAttr>(entry))
      if (auto name = dict.getAs<StringAttr>("name"))
        names.insert(name.getValue());
  llvm::DenseMap<Operation *, int64_t> perFunction;
  for (auto &[key, ids] : groups) {
    auto [function, opaqueLoc] = key;
    std::string base = shortLocation(Location::getFromOpaquePointer(opaqueLoc));
    int64_t index = perFunction[function]++;
    if (base.empty()) {
      auto symbol = dyn_cast_or_null<SymbolOpInterface>(function);
      base = "@" + (symbol ? symbol.getName().str() : std::string("module")) +
             "#" + std::to_string(index);
    }
    std::string name = base;
    for (int64_t n = 2; names.contains(name); ++n)
      name = base + "#" + std::to_string(n);
    names.insert(name);
    llvm::sort(ids);
    entries.push_back(b.getDictionaryAttr(
        {b.getNamedAttr("name", b.getStringAttr(name)),
         b.getNamedAttr("tiles", b.getDenseI64ArrayAttr(ids))}));
  }
  return b.getArrayAttr(entries);
}

/// The function programming the tiles: the existing one, or a new public
/// `() -> ()` function with a C interface.
FailureOr<func::FuncOp> getOrCreateProgramFunction(ModuleOp module) {
  OpBuilder builder(module.getContext());
  if (Operation *existing = module.lookupSymbol(runtime::kProgramTilesFunc)) {
    auto func = dyn_cast<func::FuncOp>(existing);
    if (!func || func.isDeclaration() ||
        func.getFunctionType() != builder.getFunctionType({}, {}) ||
        !func.getBody().hasOneBlock())
      return existing->emitError("@")
             << runtime::kProgramTilesFunc
             << " is reserved for the generated tile programming function";
    return func;
  }
  builder.setInsertionPointToEnd(module.getBody());
  auto func =
      func::FuncOp::create(builder, module.getLoc(), runtime::kProgramTilesFunc,
                           builder.getFunctionType({}, {}));
  func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                builder.getUnitAttr());
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToEnd(body);
  func::ReturnOp::create(builder, module.getLoc());
  return func;
}

} // namespace

LogicalResult aimc::programTiles(ModuleOp module) {
  SmallVector<TileInfo> tiles;
  WalkResult walk = module.walk([&](TileOp tile) {
    FailureOr<TileInfo> info = inspectTile(tile);
    if (failed(info))
      return WalkResult::interrupt();
    tiles.push_back(*info);
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  if (tiles.empty())
    return success();

  for (StringRef name : {runtime::kConfigureTile, runtime::kProgramTile,
                         runtime::kMVM, runtime::kMVMAccumulate})
    if (failed(runtime::declareFunction(module, name)))
      return failure();
  FailureOr<func::FuncOp> program = getOrCreateProgramFunction(module);
  if (failed(program))
    return failure();

  ChipModel chip = getChipModel(module);
  SmallVector<TileEntry> entries;
  for (const TileInfo &tile : tiles) {
    PlacementAttr placement = *tile.op.getPlacement();
    MVMConfigAttr config = tile.config;
    TileEntry entry;
    entry.id = tile.op.getId();
    entry.core = placement.getChip() * chip.numCores + placement.getCore();
    entry.row = placement.getRow();
    entry.col = placement.getCol();
    entry.weights = tile.weights;
    entry.fourPhase = config.getMode() == MVMMode::FourPhase ? 1 : 0;
    entry.calibration = static_cast<int64_t>(config.getCalibration());
    entry.percentile = config.getPercentile().convertToDouble();
    entry.inputRange = config.getInputRange().convertToDouble();
    entry.noiseScale = config.getNoiseScale().convertToDouble();
    entries.push_back(entry);
  }
  SymbolTable symbols(module);
  OpBuilder globals = OpBuilder::atBlockBegin(module.getBody());
  OpBuilder body(program->getBody().front().getTerminator());
  emitTileTable(globals, body, program->getLoc(), entries, symbols);
  module->setAttr(runtime::kAnalogOpsAttr, describeAnalogOps(module, tiles));
  return success();
}

//===- Patterns.h - ka-lower pattern groups ---------------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_LIB_CONVERSION_KATOLINALG_PATTERNS_H
#define AIMC_LIB_CONVERSION_KATOLINALG_PATTERNS_H

#include "mlir/IR/PatternMatch.h"

namespace aimc::ka::lowering {

/// ka.sample_projection, ka.sample_phase and ka.projection.
void populateProjectionLoweringPatterns(mlir::RewritePatternSet &patterns);
/// ka.rff, ka.rff_cos, ka.arccos and ka.favor_plus.
void populateFeatureMapLoweringPatterns(mlir::RewritePatternSet &patterns);
/// ka.readout, ka.binary_decision and ka.argmax.
void populateReadoutLoweringPatterns(mlir::RewritePatternSet &patterns);
/// ka.linear_attention.
void populateAttentionLoweringPatterns(mlir::RewritePatternSet &patterns);

} // namespace aimc::ka::lowering

#endif // AIMC_LIB_CONVERSION_KATOLINALG_PATTERNS_H

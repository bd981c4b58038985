//===- KADialect.h - The ka dialect -----------------------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The `ka` dialect: hardware-independent kernel-approximation graphs on
// tensors (random projections, feature maps, readouts, linear attention).
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_KA_IR_KADIALECT_H
#define AIMC_DIALECT_KA_IR_KADIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Dialect.h"

#include "aimc/Dialect/KA/IR/KADialect.h.inc"

#endif // AIMC_DIALECT_KA_IR_KADIALECT_H

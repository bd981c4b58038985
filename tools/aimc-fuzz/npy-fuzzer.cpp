//===- npy-fuzzer.cpp - Fuzz the .npy reader ------------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// libFuzzer harness: the input is the bytes of an .npy file. A decoded
// array must re-encode and decode to the same shape and bytes.
//
//===----------------------------------------------------------------------===//

#include "aimc/Support/Npy.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string error;
  std::optional<aimc::NpyArray> array = aimc::parseNpy(
      std::string_view(reinterpret_cast<const char *>(data), size), error);
  if (!array)
    return 0;
  std::string bytes = aimc::serializeNpy(*array, error);
  if (bytes.empty())
    return 0;
  std::optional<aimc::NpyArray> again = aimc::parseNpy(bytes, error);
  if (!again || again->shape != array->shape || again->dtype != array->dtype ||
      again->bytes != array->bytes)
    std::abort();
  return 0;
}

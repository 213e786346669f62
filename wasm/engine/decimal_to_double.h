#pragma once
/// JSON number text to double, fast for the numbers a price feed sends.
#include <string_view>

namespace qd {

/// The double nearest to the decimal number `token`, bit-equal to std::strtod
/// in the C locale (so -0 stays -0, 1e-400 underflows to 0 and 1e400
/// overflows to inf). `token` must match JSON's number grammar
/// `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`; callers check it first.
///
/// Why not just strtod: musl's strtod (what Emscripten links) computes in
/// 128-bit long double, which wasm emulates in software; it was ~10% of the
/// whole ingest path and ~14 KB of the wasm. Prices, times and seqs have at
/// most 15 significant digits, where Clinger's fast path is exact (see the
/// .cc); anything else takes the digit-by-digit slow path (decimal_digits.h).
/// strtod stays the reference: the native tests and the fuzzer compare the
/// two bit for bit.
double decimalToDouble(std::string_view token);

}  // namespace qd

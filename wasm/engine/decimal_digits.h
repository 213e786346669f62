#pragma once
/// Any JSON number text to the nearest double, by "simple decimal
/// conversion" (as in Go's strconv and fast_float's fallback): the digits are
/// scaled by powers of two until they hold the 53-bit mantissa, then rounded
/// once, half to even. Bit-equal to std::strtod in the C locale for every
/// input (the native tests and the fuzzer compare the two).
///
/// It is decimalToDouble's slow path (decimal_to_double.h): a few passes over
/// up to 800 digits, taken only for more than 19 significant digits or an
/// exponent beyond 10^+-22, which a price feed never sends. A file of its
/// own so it is built for size while the fast path is built for speed
/// (bindings/CMakeLists.txt). Replaces musl's strtod, whose 128-bit long
/// double arithmetic cost ~14 KB of wasm.
#include <string_view>

namespace qd {

/// `token` must match JSON's number grammar (decimal_to_double.h).
double decimalDigitsToDouble(std::string_view token);

}  // namespace qd

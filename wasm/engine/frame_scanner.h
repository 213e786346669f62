#pragma once
/// The fast path of parseFrame (protocol.h): one pass over the bytes of a
/// snapshot / market_data_update / heartbeat / pong frame, straight into
/// Price values, with no JSON tree and no string copies but the symbols.
///
/// Why a hand-written scanner and not nlohmann's SAX interface: the SAX
/// parser still runs nlohmann's lexer, which copies every key, string and
/// number into a std::string one character at a time and reads numbers with
/// strtod; the SAX prototype (bench/native/sax_frame.h) only won 1.7x. This
/// scanner reads the frame in place and numbers with decimalToDouble.
///
/// It is deliberately narrow: it answers only for frames it can read exactly
/// as the full parser would, and says "not mine" for everything else
/// (malformed or deep JSON, escapes or non-ASCII bytes in strings, duplicate
/// keys, error or unknown frames, a missing or odd `type`/`data`). The caller
/// then runs the full parser (protocol.cc over json_text.h), which counts
/// and classifies the problem. So behaviour is the full parser's by construction; the
/// differential tests and the fuzzer check that both agree on what the
/// scanner does accept.
#include <string_view>

#include "protocol.h"

namespace qd {

/// Reads `text` into `out` and counts the dropped entries in `drops`, then
/// returns true; or returns false and leaves both untouched.
/// Size limits are the caller's (parseFrame checks them first).
bool scanFrame(std::string_view text, Frame& out, DropCounts& drops);

}  // namespace qd

#pragma once
/// JSON text for the rare paths, without a JSON library: REST bodies, the
/// frames the one-pass scanner (frame_scanner.h) does not take, and the
/// client's subscribe frames.
///
/// JsonDoc accepts exactly the documents nlohmann::json::parse() accepts
/// (RFC 8259, strict: UTF-8 checked, \u escapes paired, one leading UTF-8 BOM
/// skipped, a number that overflows a double refused; as in nlohmann, a NUL
/// byte after the value ends the input) and reads them the way
/// nlohmann's DOM would: the last of duplicate keys wins, members() lists an
/// object's keys in byte order (nlohmann keeps objects in a std::map), numbers
/// read as json_number.h says. It builds no tree: parse() checks the text
/// once and the accessors walk it again where asked, so a hostile 1 MB frame
/// costs no memory beyond the decoded keys a caller asks for.
///
/// Why not nlohmann/json here: it was about a third of the wasm (docs/
/// package.md has the numbers). nlohmann stays the reference: the native
/// tests and the fuzzer (tests/fuzz) hold this file to it on every input.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "json_number.h"

namespace qd {

class JsonDoc {
 public:
  enum class Kind : uint8_t { Absent, Null, Bool, Number, String, Array, Object };

  /// A value inside the parsed text: its kind and first byte.
  struct Value {
    Kind kind = Kind::Absent;
    const char* at = nullptr;
  };

  /// True when nlohmann::json::parse(text) would succeed. Nesting deeper than
  /// `maxDepth` is refused too (callers check depth first; this is a guard).
  /// `text` must outlive every Value read from it.
  bool parse(std::string_view text, int maxDepth);

  /// The top-level value (after parse() returned true).
  Value root() const { return root_; }
  /// The member `key` of an object (the last one when the key repeats);
  /// Absent when there is none or `object` is not an object.
  Value find(Value object, std::string_view key) const;
  /// An object's members by key, one per key (the last), in byte order.
  std::map<std::string, Value, std::less<>> members(Value object) const;
  /// The first element of an array (Absent when empty), and the one after
  /// `element` (Absent after the last).
  Value firstElement(Value array) const;
  Value nextElement(Value element) const;

  bool boolean(Value v) const { return v.kind == Kind::Bool && *v.at == 't'; }
  JsonNumber number(Value v) const;
  /// A string's text, escapes decoded.
  std::string string(Value v) const;

 private:
  const char* end_ = nullptr;
  Value root_;
};

/// Appends `s` as a JSON string (quotes included), escaped as nlohmann's
/// dump() does with error_handler_t::replace: `"`, `\` and control characters
/// escaped (\b \f \n \r \t, else \u00xx), UTF-8 copied, every invalid UTF-8
/// sequence replaced by U+FFFD.
void appendJsonString(std::string& out, std::string_view s);

}  // namespace qd

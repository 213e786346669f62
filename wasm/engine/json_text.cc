#include "json_text.h"

namespace qd {
namespace {

using Kind = JsonDoc::Kind;
using Value = JsonDoc::Value;

/// Depth for walking text that parse() already accepted (its depth is bounded).
constexpr int kWalk = 1 << 30;

uint8_t byte(char c) { return static_cast<uint8_t>(c); }

/// RFC 3629: how many continuation bytes follow `lead`, and the range of the
/// first one (E0, ED, F0 and F4 narrow it: no overlong forms, no UTF-16
/// surrogates, nothing above U+10FFFF); -1 for a byte that starts nothing.
int utf8Tail(uint8_t lead, uint8_t& lo, uint8_t& hi) {
  lo = 0x80;
  hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) return 1;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
    return 2;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
    return 3;
  }
  return -1;
}

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
    return;
  }
  const int tail = cp < 0x800 ? 1 : cp < 0x10000 ? 2 : 3;
  static const uint8_t kLead[] = {0, 0xC0, 0xE0, 0xF0};
  out += static_cast<char>(kLead[tail] | (cp >> (6 * tail)));
  for (int shift = 6 * (tail - 1); shift >= 0; shift -= 6) {
    out += static_cast<char>(0x80 | ((cp >> shift) & 0x3F));
  }
}

Kind kindAt(char c) {
  switch (c) {
    case '{': return Kind::Object;
    case '[': return Kind::Array;
    case '"': return Kind::String;
    case 't':
    case 'f': return Kind::Bool;
    case 'n': return Kind::Null;
    default: return Kind::Number;
  }
}

/// One pass over JSON text: checks and skips values, decodes a string when
/// asked. Every rule here is nlohmann's lexer's and parser's.
class Lexer {
 public:
  Lexer(const char* p, const char* end) : p_(p), end_(end) {}

  const char* pos() const { return p_; }

  /// Skips whitespace; the next byte, or 0 at the end.
  char peek() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
    return p_ == end_ ? 0 : *p_;
  }
  void advance() { ++p_; }

  /// A value at the next non-blank byte; containers at most `depth` deep.
  bool value(int depth) {
    switch (peek()) {
      case '{': return container('}', depth);
      case '[': return container(']', depth);
      case '"': return string(nullptr);
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: {
        JsonNumber n;
        return p_ != end_ && number(n) && finiteNumber(n);
      }
    }
  }

  /// *p_ == '"'. Decodes into *out unless out is null.
  bool string(std::string* out) {
    ++p_;
    while (p_ != end_) {
      const uint8_t c = byte(*p_++);
      if (c == '"') return true;
      if (c < 0x20) return false;  // control characters must be escaped
      if (c == '\\') {
        if (!escape(out)) return false;
      } else if (c < 0x80) {
        if (out) *out += static_cast<char>(c);
      } else {
        uint8_t lo;
        uint8_t hi;
        const int tail = utf8Tail(c, lo, hi);
        if (tail < 0 || end_ - p_ < tail) return false;
        for (int i = 0; i < tail; ++i, lo = 0x80, hi = 0xBF) {
          if (byte(p_[i]) < lo || byte(p_[i]) > hi) return false;
        }
        if (out) out->append(p_ - 1, static_cast<std::size_t>(tail) + 1);
        p_ += tail;
      }
    }
    return false;  // unterminated
  }

  /// A number token at p_; finiteness is the caller's.
  bool number(JsonNumber& n) { return readNumberToken(p_, end_, n); }

 private:
  // *p_ is '{' or '['; `close` the matching bracket.
  bool container(char close, int depth) {
    if (depth <= 0) return false;
    ++p_;
    if (peek() == close) {
      ++p_;
      return true;
    }
    for (;;) {
      if (close == '}') {
        if (peek() != '"' || !string(nullptr) || peek() != ':') return false;
        ++p_;
      }
      if (!value(depth - 1)) return false;
      const char c = peek();
      if (c != ',' && c != close) return false;
      ++p_;
      if (c == close) return true;
    }
  }

  bool escape(std::string* out) {
    if (p_ == end_) return false;
    char c = *p_++;
    switch (c) {
      case '"':
      case '\\':
      case '/': break;
      case 'b': c = '\b'; break;
      case 'f': c = '\f'; break;
      case 'n': c = '\n'; break;
      case 'r': c = '\r'; break;
      case 't': c = '\t'; break;
      case 'u': {
        uint32_t cp;
        if (!hex4(cp) || (cp >= 0xDC00 && cp <= 0xDFFF)) return false;  // a low surrogate alone
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          // A high surrogate must be followed by an escaped low one.
          uint32_t low;
          if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
          p_ += 2;
          if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (out) appendUtf8(*out, cp);
        return true;
      }
      default: return false;
    }
    if (out) *out += c;
    return true;
  }

  bool hex4(uint32_t& v) {
    if (end_ - p_ < 4) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = *p_++;
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        return false;
      }
      v = v << 4 | static_cast<uint32_t>(d);
    }
    return true;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  const char* p_;
  const char* end_;
};

/// Calls fn(key, value) for every member of an accepted object, in order.
template <class Fn>
void eachMember(Value object, const char* end, Fn&& fn) {
  Lexer lex(object.at + 1, end);
  if (lex.peek() == '}') return;
  std::string key;
  for (;;) {
    key.clear();
    lex.peek();
    lex.string(&key);
    lex.peek();
    lex.advance();  // ':'
    const char c = lex.peek();
    fn(key, Value{kindAt(c), lex.pos()});
    lex.value(kWalk);
    if (lex.peek() == '}') return;
    lex.advance();  // ','
  }
}

}  // namespace

bool JsonDoc::parse(std::string_view text, int maxDepth) {
  const char* p = text.data();
  end_ = p + text.size();
  root_ = Value{};
  // nlohmann skips a UTF-8 byte order mark at the very start and refuses a
  // partial one.
  if (p != end_ && byte(*p) == 0xEF) {
    if (end_ - p < 3 || byte(p[1]) != 0xBB || byte(p[2]) != 0xBF) return false;
    p += 3;
  }
  Lexer lex(p, end_);
  const char first = lex.peek();
  const char* start = lex.pos();
  // After the value, only blanks; nlohmann's lexer also takes a NUL byte for
  // the end of the input (peek() says 0 for both) and reads no further.
  if (!lex.value(maxDepth) || lex.peek() != 0) return false;
  root_ = Value{kindAt(first), start};
  return true;
}

JsonDoc::Value JsonDoc::find(Value object, std::string_view key) const {
  Value found;
  if (object.kind != Kind::Object) return found;
  eachMember(object, end_, [&](const std::string& k, Value v) {
    if (k == key) found = v;
  });
  return found;
}

std::map<std::string, JsonDoc::Value, std::less<>> JsonDoc::members(Value object) const {
  std::map<std::string, Value, std::less<>> out;
  if (object.kind != Kind::Object) return out;
  eachMember(object, end_, [&](const std::string& k, Value v) { out[k] = v; });
  return out;
}

JsonDoc::Value JsonDoc::firstElement(Value array) const {
  if (array.kind != Kind::Array) return Value{};
  Lexer lex(array.at + 1, end_);
  const char c = lex.peek();
  return c == ']' ? Value{} : Value{kindAt(c), lex.pos()};
}

JsonDoc::Value JsonDoc::nextElement(Value element) const {
  Lexer lex(element.at, end_);
  lex.value(kWalk);
  if (lex.peek() == ']') return Value{};
  lex.advance();  // ','
  const char c = lex.peek();
  return Value{kindAt(c), lex.pos()};
}

JsonNumber JsonDoc::number(Value v) const {
  JsonNumber n;
  if (v.kind == Kind::Number) Lexer(v.at, end_).number(n);
  return n;
}

std::string JsonDoc::string(Value v) const {
  std::string s;
  if (v.kind == Kind::String) Lexer(v.at, end_).string(&s);
  return s;
}

void appendJsonString(std::string& out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  static const char kReplacement[] = "\xEF\xBF\xBD";
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    const uint8_t c = byte(s[i]);
    if (c < 0x80) {
      ++i;
      const char* esc = nullptr;
      switch (c) {
        case '\b': esc = "\\b"; break;
        case '\t': esc = "\\t"; break;
        case '\n': esc = "\\n"; break;
        case '\f': esc = "\\f"; break;
        case '\r': esc = "\\r"; break;
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        default: break;
      }
      if (esc) {
        out += esc;
      } else if (c < 0x20) {
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
      } else {
        out += static_cast<char>(c);
      }
      continue;
    }
    uint8_t lo;
    uint8_t hi;
    const int tail = utf8Tail(c, lo, hi);
    if (tail < 0) {
      out += kReplacement;  // a byte that starts nothing: replaced, not read again
      ++i;
      continue;
    }
    std::size_t j = 1;
    for (; j <= static_cast<std::size_t>(tail) && i + j < s.size(); ++j, lo = 0x80, hi = 0xBF) {
      if (byte(s[i + j]) < lo || byte(s[i + j]) > hi) break;
    }
    if (j > static_cast<std::size_t>(tail)) {
      out.append(s.data() + i, j);
    } else {
      // A sequence cut short: one U+FFFD for it; the byte that cut it (if
      // any) starts again, as nlohmann's decoder does.
      out += kReplacement;
    }
    i += j;
  }
  out += '"';
}

}  // namespace qd

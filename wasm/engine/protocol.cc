#include "protocol.h"

#include "entry_rules.h"
#include "frame_scanner.h"
#include "json_text.h"

namespace qd {
namespace {

using Kind = JsonDoc::Kind;
using Value = JsonDoc::Value;

// Reads an optional non-negative integer up to 2^53 (a float with no fraction
// is fine); null = absent.
Field readInteger(const JsonDoc& doc, Value obj, std::string_view key, int64_t& out) {
  const Value v = doc.find(obj, key);
  if (v.kind == Kind::Absent || v.kind == Kind::Null) return Field::Absent;
  if (v.kind != Kind::Number) return Field::Bad;
  return integerField(doc.number(v), out);
}

// Reads an optional number (the parse refused NaN, inf and overflow already).
Field readNumber(const JsonDoc& doc, Value obj, std::string_view key, double& out) {
  const Value v = doc.find(obj, key);
  if (v.kind == Kind::Absent || v.kind == Kind::Null) return Field::Absent;
  if (v.kind != Kind::Number) return Field::Bad;  // booleans are not numbers
  out = numberValue(doc.number(v));
  return Field::Ok;
}

// One entry of a snapshot/update `data`, read into the shared RawEntry;
// `symbol` holds the decoded symbol the entry points at.
RawEntry rawEntry(const JsonDoc& doc, Value e, std::string& symbol) {
  RawEntry r;
  r.isObject = e.kind == Kind::Object;
  if (!r.isObject) return r;
  const Value sym = doc.find(e, "symbol");
  if (sym.kind == Kind::String) {
    r.symbolIsString = true;
    symbol = doc.string(sym);
    r.symbol = symbol;
  }
  r.price = readNumber(doc, e, "price", r.priceValue);
  r.confidence = readNumber(doc, e, "confidence", r.confidenceValue);
  r.time = readInteger(doc, e, "publishTime", r.timeValue);
  r.seq = readInteger(doc, e, "seq", r.seqValue);
  return r;
}

void readEntries(const JsonDoc& doc, Value data, int64_t fallbackTime, Frame& f, DropCounts& drops) {
  auto one = [&](Value e) {
    ++f.entries;
    std::string symbol;
    Price p;
    Drop why;
    if (readEntry(rawEntry(doc, e, symbol), fallbackTime, p, why)) {
      f.prices.push_back(std::move(p));
    } else {
      drops.add(why);
    }
  };
  if (data.kind == Kind::Array) {
    for (Value e = doc.firstElement(data); e.kind != Kind::Absent; e = doc.nextElement(e)) one(e);
  } else {
    one(data);
  }
}

// Shared front door: size and depth limits, then the parse.
bool parseJson(std::string_view text, int64_t maxBytes, DropCounts& drops, JsonDoc& doc) {
  if (maxBytes >= 0 && static_cast<int64_t>(text.size()) > maxBytes) {
    drops.add(Drop::Oversized);
    return false;
  }
  if (nestsDeeperThan(text, kMaxJsonDepth)) {
    drops.add(Drop::TooDeep);
    return false;
  }
  if (!doc.parse(text, kMaxJsonDepth)) {
    drops.add(Drop::MalformedJson);
    return false;
  }
  return true;
}

// {"channel":"market_data",...,"type":...}: keys in byte order, as the
// frames were always written (nlohmann's std::map order).
std::string symbolsFrame(const char* type, const std::vector<std::string>& symbols) {
  std::string out = R"({"channel":"market_data","symbols":[)";
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    if (i != 0) out += ',';
    appendJsonString(out, symbols[i]);
  }
  out += R"(],"type":")";
  out += type;
  out += "\"}";
  return out;
}

}  // namespace

bool nestsDeeperThan(std::string_view text, int maxDepth) {
  int depth = 0;
  bool inString = false;
  bool escaped = false;
  for (char c : text) {
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        inString = false;
      }
      continue;
    }
    if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > maxDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

Frame parseFrameFull(std::string_view text, int64_t maxBytes, DropCounts& drops) {
  Frame f;
  JsonDoc doc;
  if (!parseJson(text, maxBytes, drops, doc)) return f;
  const Value root = doc.root();
  const Value type = doc.find(root, "type");
  if (type.kind != Kind::String) {
    drops.add(Drop::BadFrame);
    return f;
  }
  int64_t ts = -1;
  if (readInteger(doc, root, "timestamp", ts) == Field::Ok) f.timestamp = ts;
  const std::string t = doc.string(type);
  if (t == "snapshot" || t == "market_data_update") {
    const Value data = doc.find(root, "data");
    if (data.kind != Kind::Array && data.kind != Kind::Object) {
      drops.add(Drop::BadFrame);
      return f;
    }
    f.type = t == "snapshot" ? FrameType::Snapshot : FrameType::Update;
    readEntries(doc, data, f.timestamp, f, drops);
  } else if (t == "heartbeat") {
    f.type = FrameType::Heartbeat;
  } else if (t == "pong") {
    f.type = FrameType::Pong;
  } else if (t == "error") {
    f.type = FrameType::Error;
    const Value code = doc.find(root, "code");
    if (code.kind == Kind::String) f.errorCode = doc.string(code);
    const Value msg = doc.find(root, "message");
    if (msg.kind == Kind::String) f.errorMessage = doc.string(msg);
  } else {
    f.type = FrameType::Unknown;
    drops.add(Drop::UnknownType);
  }
  return f;
}

RestBody parseRestBody(const std::string& text, int64_t maxBytes, DropCounts& drops) {
  RestBody b;
  JsonDoc doc;
  if (!parseJson(text, maxBytes, drops, doc)) return b;
  const Value root = doc.root();
  if (root.kind != Kind::Object) {
    drops.add(Drop::BadBody);
    return b;
  }
  const Value success = doc.find(root, "success");
  if (success.kind != Kind::Absent && !doc.boolean(success)) {
    drops.add(Drop::BadBody);
    return b;
  }
  const Value data = doc.find(root, "data");
  if (data.kind != Kind::Object) {
    drops.add(Drop::BadBody);
    return b;
  }
  int64_t ts = -1;
  if (readInteger(doc, root, "timestamp", ts) == Field::Ok) b.timestamp = ts;
  const auto meta = doc.members(doc.find(root, "meta"));  // empty unless an object

  b.ok = true;
  for (const auto& [symbol, price] : doc.members(data)) {
    // `data` maps symbols to bare numbers; `meta` carries the rest of the entry.
    RawEntry r;
    r.symbolIsString = true;
    r.symbol = symbol;
    if (price.kind == Kind::Number) {
      r.price = Field::Ok;
      r.priceValue = numberValue(doc.number(price));
    } else {
      r.price = Field::Bad;
    }
    const auto m = meta.find(symbol);
    if (m != meta.end()) {
      if (m->second.kind != Kind::Object) {
        drops.add(Drop::BadMeta);
        continue;
      }
      r.time = readInteger(doc, m->second, "publishTime", r.timeValue);
      r.seq = readInteger(doc, m->second, "seq", r.seqValue);
      r.confidence = readNumber(doc, m->second, "confidence", r.confidenceValue);
    }
    Price p;
    Drop why;
    if (!readEntry(r, b.timestamp, p, why)) {
      drops.add(why);
      continue;
    }
    p.timeFromResponse = r.time != Field::Ok;
    b.prices.push_back(std::move(p));
  }
  return b;
}

std::string subscribeAllFrame() { return R"({"channel":"market_data","type":"subscribe"})"; }

std::string subscribeFrame(const std::vector<std::string>& symbols) {
  return symbolsFrame("subscribe", symbols);
}

std::string unsubscribeFrame(const std::vector<std::string>& symbols) {
  return symbolsFrame("unsubscribe", symbols);
}

}  // namespace qd

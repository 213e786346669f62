// The protocol as it was read and written with nlohmann/json, kept as the
// oracle for the engine's own JSON code (wasm/engine/json_text.h,
// protocol.cc): the native tests and the fuzzer hold the engine to it on
// every input they make. This is the code the wasm shipped before issue 13,
// unchanged but for its namespace.
#include "nlohmann_oracle.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "entry_rules.h"

namespace qd::oracle {
namespace {

using json = nlohmann::json;

constexpr double kMaxIntegerDouble = static_cast<double>(kMaxInteger);

// Reads an optional non-negative integer up to 2^53 (a float with no fraction
// is fine); null = absent.
Field readInteger(const json& obj, const char* key, int64_t& out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Field::Absent;
  if (it->is_number_unsigned()) {
    const auto v = it->get<uint64_t>();
    if (v > static_cast<uint64_t>(kMaxInteger)) return Field::Bad;
    out = static_cast<int64_t>(v);
    return Field::Ok;
  }
  if (it->is_number_integer()) {
    const auto v = it->get<int64_t>();
    if (v < 0 || v > kMaxInteger) return Field::Bad;
    out = v;
    return Field::Ok;
  }
  if (it->is_number_float()) {
    const double v = it->get<double>();
    if (!std::isfinite(v) || v < 0 || v > kMaxIntegerDouble || std::floor(v) != v) return Field::Bad;
    out = static_cast<int64_t>(v);
    return Field::Ok;
  }
  return Field::Bad;
}

// Reads an optional number (NaN/inf are left for checkPrice to refuse).
Field readNumber(const json& obj, const char* key, double& out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Field::Absent;
  if (!it->is_number()) return Field::Bad;  // is_number() is false for booleans
  out = it->get<double>();
  return Field::Ok;
}

// One entry of a snapshot/update `data`, read into the shared RawEntry.
RawEntry rawEntry(const json& e) {
  RawEntry r;
  r.isObject = e.is_object();
  if (!r.isObject) return r;
  auto sym = e.find("symbol");
  if (sym != e.end() && sym->is_string()) {
    r.symbolIsString = true;
    r.symbol = sym->get_ref<const std::string&>();
  }
  r.price = readNumber(e, "price", r.priceValue);
  r.confidence = readNumber(e, "confidence", r.confidenceValue);
  r.time = readInteger(e, "publishTime", r.timeValue);
  r.seq = readInteger(e, "seq", r.seqValue);
  return r;
}

void readEntries(const json& data, int64_t fallbackTime, Frame& f, DropCounts& drops) {
  auto one = [&](const json& e) {
    ++f.entries;
    Price p;
    Drop why;
    if (readEntry(rawEntry(e), fallbackTime, p, why)) {
      f.prices.push_back(std::move(p));
    } else {
      drops.add(why);
    }
  };
  if (data.is_array()) {
    for (const auto& e : data) one(e);
  } else {
    one(data);
  }
}

// Shared front door: size and depth limits, then a non-throwing parse.
bool parseJson(std::string_view text, int64_t maxBytes, DropCounts& drops, json& out) {
  if (maxBytes >= 0 && static_cast<int64_t>(text.size()) > maxBytes) {
    drops.add(Drop::Oversized);
    return false;
  }
  if (nestsDeeperThan(text, kMaxJsonDepth)) {
    drops.add(Drop::TooDeep);
    return false;
  }
  out = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (out.is_discarded()) {
    drops.add(Drop::MalformedJson);
    return false;
  }
  return true;
}

std::string dump(const json& j) {
  // Replace invalid UTF-8 instead of throwing (dump() would abort otherwise).
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string symbolsFrame(const char* type, const std::vector<std::string>& symbols) {
  return dump(json{{"type", type}, {"channel", "market_data"}, {"symbols", symbols}});
}

}  // namespace

Frame parseFrame(std::string_view text, int64_t maxBytes, DropCounts& drops) {
  Frame f;
  json j;
  if (!parseJson(text, maxBytes, drops, j)) return f;
  auto type = j.is_object() ? j.find("type") : j.end();
  if (!j.is_object() || type == j.end() || !type->is_string()) {
    drops.add(Drop::BadFrame);
    return f;
  }
  int64_t ts = -1;
  if (readInteger(j, "timestamp", ts) == Field::Ok) f.timestamp = ts;
  const std::string& t = type->get_ref<const std::string&>();
  if (t == "snapshot" || t == "market_data_update") {
    auto data = j.find("data");
    if (data == j.end() || !(data->is_array() || data->is_object())) {
      drops.add(Drop::BadFrame);
      return f;
    }
    f.type = t == "snapshot" ? FrameType::Snapshot : FrameType::Update;
    readEntries(*data, f.timestamp, f, drops);
  } else if (t == "heartbeat") {
    f.type = FrameType::Heartbeat;
  } else if (t == "pong") {
    f.type = FrameType::Pong;
  } else if (t == "error") {
    f.type = FrameType::Error;
    auto code = j.find("code");
    if (code != j.end() && code->is_string()) f.errorCode = code->get<std::string>();
    auto msg = j.find("message");
    if (msg != j.end() && msg->is_string()) f.errorMessage = msg->get<std::string>();
  } else {
    f.type = FrameType::Unknown;
    drops.add(Drop::UnknownType);
  }
  return f;
}

RestBody parseRestBody(const std::string& text, int64_t maxBytes, DropCounts& drops) {
  RestBody b;
  json j;
  if (!parseJson(text, maxBytes, drops, j)) return b;
  if (!j.is_object()) {
    drops.add(Drop::BadBody);
    return b;
  }
  auto success = j.find("success");
  if (success != j.end() && !(success->is_boolean() && success->get<bool>())) {
    drops.add(Drop::BadBody);
    return b;
  }
  auto data = j.find("data");
  if (data == j.end() || !data->is_object()) {
    drops.add(Drop::BadBody);
    return b;
  }
  int64_t ts = -1;
  if (readInteger(j, "timestamp", ts) == Field::Ok) b.timestamp = ts;
  auto metaIt = j.find("meta");
  const json* meta = (metaIt != j.end() && metaIt->is_object()) ? &*metaIt : nullptr;

  b.ok = true;
  for (auto it = data->begin(); it != data->end(); ++it) {
    // `data` maps symbols to bare numbers; `meta` carries the rest of the entry.
    RawEntry r;
    r.symbolIsString = true;
    r.symbol = it.key();
    if (it.value().is_number()) {
      r.price = Field::Ok;
      r.priceValue = it.value().get<double>();
    } else {
      r.price = Field::Bad;
    }
    auto m = meta ? meta->find(it.key()) : json::const_iterator{};
    const bool hasMeta = meta && m != meta->end();
    if (hasMeta && !m->is_object()) {
      drops.add(Drop::BadMeta);
      continue;
    }
    if (hasMeta) {
      r.time = readInteger(*m, "publishTime", r.timeValue);
      r.seq = readInteger(*m, "seq", r.seqValue);
      r.confidence = readNumber(*m, "confidence", r.confidenceValue);
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

std::string jsonString(std::string_view s) { return dump(json(std::string(s))); }

std::string subscribeAllFrame() { return dump(json{{"type", "subscribe"}, {"channel", "market_data"}}); }

std::string subscribeFrame(const std::vector<std::string>& symbols) {
  return symbolsFrame("subscribe", symbols);
}

std::string unsubscribeFrame(const std::vector<std::string>& symbols) {
  return symbolsFrame("unsubscribe", symbols);
}

}  // namespace qd::oracle

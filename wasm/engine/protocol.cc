#include "protocol.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "frame_scanner.h"

namespace qd {
namespace {

using json = nlohmann::json;

// Times and seqs are integers in [0, 2^53]: exact in a JS number, and the
// range check keeps a huge double from an undefined conversion to int64.
constexpr double kMaxInteger = 9007199254740992.0;

enum class Field { Absent, Ok, Bad };

// Reads an optional non-negative integer (a float with no fraction is fine).
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
    if (v < 0 || v > static_cast<int64_t>(kMaxInteger)) return Field::Bad;
    out = v;
    return Field::Ok;
  }
  if (it->is_number_float()) {
    const double v = it->get<double>();
    if (!std::isfinite(v) || v < 0 || v > kMaxInteger || std::floor(v) != v) return Field::Bad;
    out = static_cast<int64_t>(v);
    return Field::Ok;
  }
  return Field::Bad;
}

// Reads an optional number (NaN/inf are left for the book to refuse).
Field readNumber(const json& obj, const char* key, double& out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Field::Absent;
  if (!it->is_number()) return Field::Bad;  // is_number() is false for booleans
  out = it->get<double>();
  return Field::Ok;
}

// One entry of a snapshot/update `data`. Returns "" or the drop reason.
const char* readEntry(const json& e, int64_t fallbackTime, Price& p) {
  if (!e.is_object()) return "bad_entry";
  auto sym = e.find("symbol");
  if (sym == e.end() || !sym->is_string()) return "missing_symbol";
  p.symbol = sym->get_ref<const std::string&>();
  if (p.symbol.empty()) return "missing_symbol";
  if (p.symbol.size() > kMaxSymbolLength) return "bad_symbol";
  if (readNumber(e, "price", p.price) != Field::Ok) return "bad_price";
  if (readNumber(e, "confidence", p.confidence) == Field::Bad) return "bad_confidence";
  Field t = readInteger(e, "publishTime", p.publishTime);
  if (t == Field::Bad) return "bad_time";
  if (t == Field::Absent) {
    if (fallbackTime < 0) return "missing_time";
    p.publishTime = fallbackTime;
  }
  if (readInteger(e, "seq", p.seq) == Field::Bad) return "bad_seq";
  return "";
}

void readEntries(const json& data, int64_t fallbackTime, std::vector<Price>& out,
                 DropCounts& drops) {
  auto one = [&](const json& e) {
    Price p;
    const char* bad = readEntry(e, fallbackTime, p);
    if (*bad) {
      ++drops[bad];
    } else {
      out.push_back(std::move(p));
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
    ++drops["oversized"];
    return false;
  }
  if (nestsDeeperThan(text, kMaxJsonDepth)) {
    ++drops["too_deep"];
    return false;
  }
  out = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (out.is_discarded()) {
    ++drops["malformed_json"];
    return false;
  }
  return true;
}

std::string symbolsFrame(const char* type, const std::vector<std::string>& symbols) {
  json j = {{"type", type}, {"channel", "market_data"}};
  if (!symbols.empty()) j["symbols"] = symbols;
  // Replace invalid UTF-8 instead of throwing (dump() would abort otherwise).
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
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

Frame parseFrame(std::string_view text, int64_t maxBytes, DropCounts& drops) {
  if (maxBytes >= 0 && static_cast<int64_t>(text.size()) > maxBytes) {
    ++drops["oversized"];
    return Frame{};
  }
  Frame f;
  if (scanFrame(text, f, drops)) return f;
  return parseFrameFull(text, maxBytes, drops);
}

Frame parseFrameFull(std::string_view text, int64_t maxBytes, DropCounts& drops) {
  Frame f;
  json j;
  if (!parseJson(text, maxBytes, drops, j)) return f;
  auto type = j.is_object() ? j.find("type") : j.end();
  if (!j.is_object() || type == j.end() || !type->is_string()) {
    ++drops["bad_frame"];
    return f;
  }
  int64_t ts = -1;
  if (readInteger(j, "timestamp", ts) == Field::Ok) f.timestamp = ts;
  const std::string& t = type->get_ref<const std::string&>();
  if (t == "snapshot" || t == "market_data_update") {
    auto data = j.find("data");
    if (data == j.end() || !(data->is_array() || data->is_object())) {
      ++drops["bad_frame"];
      return f;
    }
    f.type = t == "snapshot" ? FrameType::Snapshot : FrameType::Update;
    readEntries(*data, f.timestamp, f.prices, drops);
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
    ++drops["unknown_type"];
  }
  return f;
}

RestBody parseRestBody(const std::string& text, int64_t maxBytes, DropCounts& drops) {
  RestBody b;
  json j;
  if (!parseJson(text, maxBytes, drops, j)) return b;
  if (!j.is_object()) {
    ++drops["bad_body"];
    return b;
  }
  auto success = j.find("success");
  if (success != j.end() && !(success->is_boolean() && success->get<bool>())) {
    ++drops["bad_body"];
    return b;
  }
  auto data = j.find("data");
  if (data == j.end() || !data->is_object()) {
    ++drops["bad_body"];
    return b;
  }
  int64_t ts = -1;
  if (readInteger(j, "timestamp", ts) == Field::Ok) b.timestamp = ts;
  auto metaIt = j.find("meta");
  const json* meta = (metaIt != j.end() && metaIt->is_object()) ? &*metaIt : nullptr;

  b.ok = true;
  for (auto it = data->begin(); it != data->end(); ++it) {
    Price p;
    p.symbol = it.key();
    if (p.symbol.empty()) {
      ++drops["missing_symbol"];
      continue;
    }
    if (p.symbol.size() > kMaxSymbolLength) {
      ++drops["bad_symbol"];
      continue;
    }
    if (!it.value().is_number()) {
      ++drops["bad_price"];
      continue;
    }
    p.price = it.value().get<double>();
    p.publishTime = b.timestamp;
    const char* bad = "";
    if (meta) {
      auto m = meta->find(p.symbol);
      if (m != meta->end()) {
        if (!m->is_object()) {
          bad = "bad_meta";
        } else if (readInteger(*m, "publishTime", p.publishTime) == Field::Bad) {
          bad = "bad_time";
        } else if (readInteger(*m, "seq", p.seq) == Field::Bad) {
          bad = "bad_seq";
        } else if (readNumber(*m, "confidence", p.confidence) == Field::Bad) {
          bad = "bad_confidence";
        }
      }
    }
    if (!*bad && p.publishTime < 0) bad = "missing_time";
    if (*bad) {
      ++drops[bad];
      continue;
    }
    b.prices.push_back(std::move(p));
  }
  return b;
}

std::string subscribeFrame(const std::vector<std::string>& symbols) {
  return symbolsFrame("subscribe", symbols);
}

std::string unsubscribeFrame(const std::vector<std::string>& symbols) {
  return symbolsFrame("unsubscribe", symbols);
}

std::string pingFrame(int64_t timestamp) {
  return json{{"type", "ping"}, {"timestamp", timestamp}}.dump();
}

}  // namespace qd

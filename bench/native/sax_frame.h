#pragma once
/// A prototype for the report, not product code: the update frame parsed with
/// nlohmann's SAX interface straight into Price values, no DOM. It shows how
/// much of protocol.cc's cost is the DOM (allocating a json tree per frame).
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "price.h"

namespace qd::bench {

/// Fills `out` with the entries of a market_data_update/snapshot frame.
/// Returns false for anything else or malformed JSON.
class FrameSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit FrameSax(std::vector<Price>& out) : out_(out) {}
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t v) override { return num(static_cast<double>(v)); }
  bool number_unsigned(number_unsigned_t v) override { return num(static_cast<double>(v)); }
  bool number_float(number_float_t v, const string_t&) override { return num(v); }
  bool string(string_t& s) override {
    if (depth_ == 1 && key_ == "type") isPrices_ = (s == "market_data_update" || s == "snapshot");
    else if (inEntry() && key_ == "symbol") cur_.symbol = std::move(s);
    return true;
  }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    if (depth_ == 1 && key_ == "data") entryOpen_ = true;  // `data` is one update
    depth_++;
    if (inEntry()) cur_ = Price{};
    return true;
  }
  bool key(string_t& k) override { key_ = std::move(k); return true; }
  bool end_object() override {
    if (inEntry()) out_.push_back(std::move(cur_));
    if (depth_ == 2) entryOpen_ = false;
    depth_--;
    return true;
  }
  bool start_array(std::size_t) override { if (depth_ == 1 && key_ == "data") inArray_ = true; arrDepth_ = depth_; return true; }
  bool end_array() override { if (depth_ == arrDepth_) inArray_ = false; return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
  bool isPrices() const { return isPrices_; }

 private:
  // An entry is `data` itself (one update) or an element of the `data` array.
  bool inEntry() const { return depth_ == 2 && (inArray_ || entryOpen_); }
  bool num(double v) {
    if (depth_ == 2) {
      if (key_ == "price") cur_.price = v;
      else if (key_ == "confidence") cur_.confidence = v;
      else if (key_ == "publishTime") cur_.publishTime = static_cast<int64_t>(v);
      else if (key_ == "seq") cur_.seq = static_cast<int64_t>(v);
    }
    return true;
  }
  std::vector<Price>& out_;
  Price cur_;
  std::string key_;
  int depth_ = 0;
  int arrDepth_ = -1;
  bool inArray_ = false;
  bool entryOpen_ = false;
  bool isPrices_ = false;
};

inline bool parseFrameSax(const std::string& text, std::vector<Price>& out) {
  FrameSax sax(out);
  return nlohmann::json::sax_parse(text, &sax, nlohmann::json::input_format_t::json, false) && sax.isPrices();
}

}  // namespace qd::bench

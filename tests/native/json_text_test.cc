#include "json_text.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "nlohmann_oracle.h"
#include "parser_checks.h"

namespace qd {
namespace {

using json = nlohmann::json;
using Kind = JsonDoc::Kind;
using Value = JsonDoc::Value;

constexpr int kDepth = 16;

/// The tree JsonDoc reads, rebuilt as nlohmann's DOM would hold it: numbers
/// typed the way nlohmann types them (unsigned, then signed, then double).
json toNlohmann(const JsonDoc& doc, Value v) {
  switch (v.kind) {
    case Kind::Absent: ADD_FAILURE() << "absent value"; return json();
    case Kind::Null: return json(nullptr);
    case Kind::Bool: return json(doc.boolean(v));
    case Kind::String: return json(doc.string(v));
    case Kind::Number: {
      const JsonNumber n = doc.number(v);
      const std::string token(n.token);
      if (n.integerForm) {
        errno = 0;
        char* end = nullptr;
        if (!n.negative) {
          const unsigned long long u = std::strtoull(token.c_str(), &end, 10);
          if (errno == 0) return json(static_cast<uint64_t>(u));
        } else {
          const long long i = std::strtoll(token.c_str(), &end, 10);
          if (errno == 0) return json(static_cast<int64_t>(i));
        }
      }
      return json(numberValue(n));
    }
    case Kind::Array: {
      json a = json::array();
      for (Value e = doc.firstElement(v); e.kind != Kind::Absent; e = doc.nextElement(e)) {
        a.push_back(toNlohmann(doc, e));
      }
      return a;
    }
    case Kind::Object: {
      json o = json::object();
      for (const auto& [key, member] : doc.members(v)) {
        o[key] = toNlohmann(doc, member);
        EXPECT_EQ(doc.find(v, key).at, member.at) << key;  // find() = the member members() keeps
      }
      return o;
    }
  }
  return json();
}

std::string dumped(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

/// JsonDoc accepts `text` exactly when nlohmann does, and reads the same tree.
void expectSameAsNlohmann(const std::string& text) {
  JsonDoc doc;
  const bool mine = doc.parse(text, kDepth);
  const json ref = json::parse(text, nullptr, /*allow_exceptions=*/false);
  ASSERT_EQ(mine, !ref.is_discarded()) << "[" << text << "]";
  if (mine) {
    ASSERT_EQ(dumped(toNlohmann(doc, doc.root())), dumped(ref)) << "[" << text << "]";
  }
}

TEST(JsonText, AcceptsAndReadsWhatNlohmannDoes) {
  const char* cases[] = {
      "{}", "[]", "0", "-0", "-0.0", "1.5e3", "1E-2", "true", "false", "null", "\"\"", " \t\r\n{ } \n",
      R"({"a":1,"b":[true,false,null],"c":{"d":"e"}})",
      R"({"k":1,"k":2})",                        // the last duplicate wins
      R"({"b":1,"a":2,"B":3,"\u00e9":4,"":5})",  // byte order
      R"(["\"\\\/\b\f\n\r\t\u0041\u00e9\u20ac\ud83d\ude00\u0000"])",
      "[\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\x7f\"]",
      "\xEF\xBB\xBF{\"bom\":true}",
      "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809",
      "123456789012345678901234567890", "1e308", "2.2250738585072014e-308", "4e-400", "-4e-400",
      "[1,2,3,[4,[5,[6]]]]",
  };
  for (const char* c : cases) expectSameAsNlohmann(c);
}

TEST(JsonText, RefusesWhatNlohmannRefuses) {
  const char* cases[] = {
      "", " ", "{", "}", "[1,]", "[,1]", "{\"a\"}", "{\"a\":}", "{a:1}", "{'a':1}", "{\"a\":1,}", "[1 2]",
      "01", "1.", ".5", "+1", "-", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity", "1e400", "-1e400",
      "tru", "nul", "truex", "[true false]", "\"abc", "\"a\\x\"", "\"\\u12\"", "\"\\uD800\"", "\"\\uDC00\"",
      "\"\\uD800\\u0041\"", "\"\\uD800x\"", "\"a\tb\"", "\"\x01\"",
      "\"\xc0\xaf\"", "\"\xe0\x80\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "\"\xf5\x80\x80\x80\"",
      "\"\xc3\"", "\"\xe2\x82\"", "\"\x80\"", "\"\xff\"",
      "\xEF\xBB{}", "\xEF{}", " \xEF\xBB\xBF{}", "{}\xEF\xBB\xBF", "{} x", "{}{}",
  };
  for (const char* c : cases) expectSameAsNlohmann(c);
  // nlohmann's lexer reads a NUL byte as the end of the input: after the
  // value it ends the document (whatever follows), anywhere else it is an error.
  for (const std::string& s : {std::string("{}\0", 3), std::string("{} \0{", 5), std::string("1\0x", 3),
                               std::string("\0", 1), std::string("[1,\0]", 5), std::string("[\"a\0b\"]", 7)}) {
    expectSameAsNlohmann(s);
  }
}

TEST(JsonText, DepthGuardRefusesDeeperNesting) {
  JsonDoc doc;
  EXPECT_TRUE(doc.parse(std::string(16, '[') + std::string(16, ']'), 16));
  EXPECT_FALSE(doc.parse(std::string(17, '[') + std::string(17, ']'), 16));
}

TEST(JsonText, WalksArraysAndFindsMembers) {
  const std::string text = R"({"data":[{"s":"A"},7,"x"],"s":"first","s":"last","esc\u0061ped":1})";
  JsonDoc doc;
  ASSERT_TRUE(doc.parse(text, kDepth));
  const Value data = doc.find(doc.root(), "data");
  ASSERT_EQ(data.kind, Kind::Array);
  Value e = doc.firstElement(data);
  EXPECT_EQ(e.kind, Kind::Object);
  EXPECT_EQ(doc.string(doc.find(e, "s")), "A");
  e = doc.nextElement(e);
  EXPECT_EQ(e.kind, Kind::Number);
  EXPECT_EQ(numberValue(doc.number(e)), 7.0);
  e = doc.nextElement(e);
  EXPECT_EQ(doc.string(e), "x");
  EXPECT_EQ(doc.nextElement(e).kind, Kind::Absent);
  EXPECT_EQ(doc.string(doc.find(doc.root(), "s")), "last");
  EXPECT_EQ(doc.find(doc.root(), "escaped").kind, Kind::Number);
  EXPECT_EQ(doc.find(doc.root(), "nope").kind, Kind::Absent);
  EXPECT_EQ(doc.find(data, "s").kind, Kind::Absent);  // not an object
  EXPECT_EQ(doc.firstElement(doc.root()).kind, Kind::Absent);  // not an array
}

// Random edits of JSON seeds, bytes JSON cares about included (escapes,
// UTF-8 leads and continuations, a BOM): acceptance and the tree read must
// be nlohmann's on every one. Deterministic, so a failure reproduces.
TEST(JsonText, AgreesWithNlohmannOnMutatedDocuments) {
  const char* seeds[] = {
      R"({"type":"snapshot","data":[{"symbol":"BTC","price":67012.3,"seq":1}],"timestamp":1730340000200})",
      R"({"success":true,"data":{"BTC":1.5,"ETH":2},"meta":{"BTC":{"seq":3,"publishTime":9}},"timestamp":10})",
      R"(["a\u00e9\ud83d\ude00b",-0,1e-5,18446744073709551616,true,null,{"k":{"k":[]}}])",
      "{\"\xc3\xa9\":\"\xe2\x82\xac\",\"x\":\"\\\"\\\\\\/\\b\"}",
  };
  const std::string alphabet = "{}[]\":,.-+eE0123456789 \\/tnulfrsabu\x7f\xc3\xa9\xe2\x82\xac\xf0\x9f\xed\xa0\xef\xbb\xbf\x80";
  const std::string alphabetWithNul = alphabet + std::string(1, '\0');
  const std::vector<std::string> tokens = {"\\u", "\\ud800", "\\udc00", "\\u00e9", "1e400", "-0", "\"k\":", "null", ",", "\xEF\xBB\xBF"};
  std::mt19937_64 rng(11);
  int accepted = 0;
  int total = 0;
  for (const char* seed : seeds) {
    for (int i = 0; i < 6000; ++i) {
      const std::string text = mutate(seed, rng, alphabetWithNul, tokens);
      expectSameAsNlohmann(text);
      JsonDoc doc;
      accepted += doc.parse(text, kDepth) ? 1 : 0;
      ++total;
      if (HasFailure()) return;
    }
  }
  EXPECT_GT(accepted, total / 20);  // both sides of the line were exercised
  EXPECT_LT(accepted, total);
}

TEST(JsonText, WritesStringsAsNlohmannDumpsThem) {
  const std::string cases[] = {
      "", "BTC", "a\"b\\c", std::string("\0\x01\x1f\x7f", 4), "\b\f\n\r\t", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
      "\xff", "a\x80z", "\xc3", "\xc3(", "\xe2\x82", "\xe2\x82(", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf",
      "\xf0\x9f\x98", "\xf0\x9f\x98\xc3\xa9",
  };
  for (const auto& c : cases) {
    std::string mine;
    appendJsonString(mine, c);
    EXPECT_EQ(mine, oracle::jsonString(c)) << c;
  }
  std::mt19937_64 rng(5);
  for (int i = 0; i < 50000; ++i) {
    std::string s(rng() % 12, '\0');
    for (char& ch : s) {
      const uint64_t r = rng();
      // Mostly the bytes UTF-8 is made of, so valid sequences happen too.
      ch = static_cast<char>(r % 3 == 0 ? 0x80 + (r >> 8) % 0x40 : r % 3 == 1 ? 0xC0 + (r >> 8) % 0x40 : (r >> 8) % 0x80);
    }
    std::string mine;
    appendJsonString(mine, s);
    ASSERT_EQ(mine, oracle::jsonString(s)) << i;
  }
}

}  // namespace
}  // namespace qd

#pragma once
/// JS <-> C++ conversions for the Embind layer. JavaScript has already
/// validated every option (bindings/js/options.js); these only copy.
#include <emscripten/val.h>

#include <string>
#include <vector>

#include "feed_controller.h"

namespace qd::bindings {

/// Copies the options present on `o` over the engine's defaults.
FeedOptions optionsFromJs(const emscripten::val& o);
std::vector<std::string> stringsFromJs(const emscripten::val& array);

emscripten::val priceToJs(const Price& p);
emscripten::val pricesToJs(const std::vector<Price>& prices);
emscripten::val statusToJs(const StatusEvent& s);
emscripten::val countersToJs(const Counters& c);
/// -1 means "none" in the engine (no retry scheduled, no message yet); JavaScript gets null.
emscripten::val msOrNull(int64_t ms);
/// o[key] = v (one function per type: smaller than val::set per call site).
void put(emscripten::val& o, const char* key, double v);
void put(emscripten::val& o, const char* key, bool v);
void put(emscripten::val& o, const char* key, const char* v);
void put(emscripten::val& o, const char* key, const std::string& v);
void put(emscripten::val& o, const char* key, const emscripten::val& v);
const char* levelName(LogLevel level);
/// The JS layer's name for a subscription change ("applied", "too_many", ...).
const char* changeName(Subscription::Change c);

}  // namespace qd::bindings

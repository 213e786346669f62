#include "fetch_adapter.h"

#include <emscripten/fetch.h>

#include <cctype>
#include <cstring>

namespace qd::platform {

struct FetchAdapter::Context {
  FetchAdapter* owner;  ///< nullptr once orphaned
  PollId id;
};

namespace {
size_t g_orphans = 0;

std::string responseHeaders(emscripten_fetch_t* fetch) {
  const size_t n = emscripten_fetch_get_response_headers_length(fetch);
  if (n == 0) return {};
  std::string raw(n, '\0');
  emscripten_fetch_get_response_headers(fetch, raw.data(), n);
  raw.resize(std::strlen(raw.c_str()));
  return raw;
}
}  // namespace

struct FetchCallbacks {
  /// Success and failure both land here: a 500 or 429 is an answer too.
  static void onDone(emscripten_fetch_t* fetch) {
    auto* ctx = static_cast<FetchAdapter::Context*>(fetch->userData);
    PollResult result;
    // Only a real HTTP answer has a status; 0 is a network error or time-out.
    result.status = fetch->status;
    if (fetch->data && fetch->numBytes > 0) result.body.assign(fetch->data, static_cast<size_t>(fetch->numBytes));
    if (result.status == 429 || result.status == 503) result.retryAfterMs = parseRetryAfterMs(responseHeaders(fetch));
    // close() calls onerror again when it thinks the fetch is unfinished
    // (readyState is not written on time-outs): unhook first.
    fetch->__attributes.onsuccess = nullptr;
    fetch->__attributes.onerror = nullptr;
    emscripten_fetch_close(fetch);

    FetchAdapter* owner = ctx->owner;
    const PollId id = ctx->id;
    if (owner) {
      owner->polls_.erase(id);
    } else {
      --g_orphans;
    }
    delete ctx;
    if (owner) owner->listener_.onPollResult(id, result);
  }
};

FetchAdapter::~FetchAdapter() { abandonAll(); }

size_t FetchAdapter::orphans() { return g_orphans; }

void FetchAdapter::start(PollId id, const std::string& url, int64_t transportTimeoutMs) {
  abandon(id);
  auto* ctx = new Context{this, id};
  polls_[id] = ctx;
  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strcpy(attr.requestMethod, "GET");
  // REPLACE: straight to the network, never Emscripten's IndexedDB cache.
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY | EMSCRIPTEN_FETCH_REPLACE;
  attr.timeoutMSecs = transportTimeoutMs > 0 ? static_cast<unsigned long>(transportTimeoutMs) : 0;
  attr.userData = ctx;
  attr.onsuccess = &FetchCallbacks::onDone;
  attr.onerror = &FetchCallbacks::onDone;
  static const char* const headers[] = {"Accept", "application/json", nullptr};
  attr.requestHeaders = headers;
  // A send() that throws completes through onerror synchronously, inside this
  // call; the context is registered first so that path finds it. A null
  // return (out of memory) started nothing and called nothing back.
  if (!emscripten_fetch(&attr, url.c_str())) {
    polls_.erase(id);
    delete ctx;
    listener_.onPollResult(id, PollResult{});
  }
}

void FetchAdapter::abandon(PollId id) {
  auto it = polls_.find(id);
  if (it == polls_.end()) return;
  it->second->owner = nullptr;
  ++g_orphans;
  polls_.erase(it);
}

void FetchAdapter::abandonAll() {
  while (!polls_.empty()) abandon(polls_.begin()->first);
}

int64_t parseRetryAfterMs(const std::string& raw) {
  static const char kName[] = "retry-after";
  size_t lineStart = 0;
  while (lineStart < raw.size()) {
    size_t lineEnd = raw.find('\n', lineStart);
    if (lineEnd == std::string::npos) lineEnd = raw.size();
    const size_t colon = raw.find(':', lineStart);
    if (colon != std::string::npos && colon < lineEnd && colon - lineStart == sizeof kName - 1) {
      bool match = true;
      for (size_t i = 0; i < sizeof kName - 1; ++i) {
        if (std::tolower(static_cast<unsigned char>(raw[lineStart + i])) != kName[i]) match = false;
      }
      if (match) {
        size_t p = colon + 1;
        while (p < lineEnd && (raw[p] == ' ' || raw[p] == '\t')) ++p;
        int64_t seconds = 0;
        size_t digits = 0;
        for (; p < lineEnd && std::isdigit(static_cast<unsigned char>(raw[p])); ++p, ++digits) {
          if (seconds > 86400) break;  // a day is plenty; keeps the product small
          seconds = seconds * 10 + (raw[p] - '0');
        }
        if (digits == 0) return -1;
        return seconds * 1000;
      }
    }
    lineStart = lineEnd + 1;
  }
  return -1;
}

}  // namespace qd::platform

#pragma once
/// REST polls on emscripten_fetch, keyed by the engine's PollId.
///
/// Emscripten 3.1.6's emscripten_fetch_close() does not abort a request in
/// flight: the request's completion later writes into the freed fetch. So an
/// in-flight fetch is never closed here. Abandoning a poll (the engine's
/// AbandonPoll, or dispose) only orphans its context; the completion callback
/// finds the orphan, drops the result and closes the fetch itself.
#include <cstdint>
#include <map>
#include <string>

#include "actions.h"
#include "feed_controller.h"

namespace qd::platform {

class FetchAdapter {
 public:
  class Listener {
   public:
    virtual ~Listener() = default;
    virtual void onPollResult(PollId id, const PollResult& result) = 0;
  };

  explicit FetchAdapter(Listener& listener) : listener_(listener) {}
  /// Orphans every poll still in flight.
  ~FetchAdapter();
  FetchAdapter(const FetchAdapter&) = delete;
  FetchAdapter& operator=(const FetchAdapter&) = delete;

  /// GET `url`. `transportTimeoutMs` bounds how long an abandoned request can
  /// stay in flight (the engine abandons it earlier, on its own clock).
  void start(PollId id, const std::string& url, int64_t transportTimeoutMs);
  /// Forget the poll: its completion is dropped, never delivered.
  void abandon(PollId id);
  void abandonAll();

  size_t inFlight() const { return polls_.size(); }
  /// Requests abandoned but not completed yet (process-wide).
  static size_t orphans();

  struct Context;  // handed to emscripten_fetch as userData

 private:
  Listener& listener_;
  std::map<PollId, Context*> polls_;

  friend struct FetchCallbacks;
};

/// Parses a Retry-After header out of an XHR's raw header block
/// ("name: value\r\n..."). Delay-seconds only; -1 when absent or an HTTP date.
int64_t parseRetryAfterMs(const std::string& rawHeaders);

}  // namespace qd::platform

#pragma once
// A scripted price server for FakePlatform: a market whose symbols tick with
// seq/publishTime, a WebSocket endpoint and a REST endpoint whose behaviour
// tests set (and change at any virtual time with platform.at()).
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "fake_platform.h"

namespace qd::test {

/// Per-symbol prices with seq and publishTime, as the reference server keeps.
class FakeMarket {
 public:
  explicit FakeMarket(std::vector<std::string> symbols = {"BTC", "ETH"}) {
    double base = 100;
    for (const auto& s : symbols) {
      Price p;
      p.symbol = s;
      p.price = base;
      p.confidence = 1;
      p.publishTime = 0;
      p.seq = 1;
      prices_[s] = p;
      base *= 10;
    }
  }

  /// Every symbol moves: seq + 1, price + 0.5, publishTime = now.
  void tick(int64_t now) {
    for (auto& [s, p] : prices_) {
      p.seq += 1;
      p.price += 0.5;
      p.publishTime = now;
    }
  }
  /// The server restarted: seq starts again at 1, publishTime moves on.
  void restartSeq(int64_t now) {
    for (auto& [s, p] : prices_) {
      p.seq = 1;
      p.publishTime = now;
    }
  }
  const std::map<std::string, Price>& prices() const { return prices_; }

  static std::string entry(const Price& p) {
    return "{\"symbol\":\"" + p.symbol + "\",\"price\":" + num(p.price) +
           ",\"confidence\":" + num(p.confidence) +
           ",\"publishTime\":" + std::to_string(p.publishTime) + ",\"seq\":" + std::to_string(p.seq) +
           "}";
  }
  std::string entries() const {
    std::string out = "[";
    for (const auto& [s, p] : prices_) out += (out.size() > 1 ? "," : "") + entry(p);
    return out + "]";
  }
  std::string snapshot(int64_t now) const {
    return "{\"type\":\"snapshot\",\"channel\":\"market_data\",\"data\":" + entries() +
           ",\"timestamp\":" + std::to_string(now) + "}";
  }
  std::string update(int64_t now) const {
    return "{\"type\":\"market_data_update\",\"data\":" + entries() +
           ",\"timestamp\":" + std::to_string(now) + "}";
  }
  std::string restBody(int64_t now, bool withMeta = true) const {
    std::string data, meta;
    for (const auto& [s, p] : prices_) {
      data += (data.empty() ? "" : ",") + ("\"" + s + "\":" + num(p.price));
      meta += (meta.empty() ? "" : ",") +
              ("\"" + s + "\":{\"publishTime\":" + std::to_string(p.publishTime) +
               ",\"seq\":" + std::to_string(p.seq) + ",\"confidence\":" + num(p.confidence) + "}");
    }
    std::string body = "{\"success\":true,\"data\":{" + data + "}";
    if (withMeta) body += ",\"meta\":{" + meta + "}";
    return body + ",\"timestamp\":" + std::to_string(now) + ",\"source\":\"simulated\"}";
  }

 private:
  static std::string num(double v) {
    std::string s = std::to_string(v);  // 6 decimals: exact for the .5 steps used here
    return s;
  }
  std::map<std::string, Price> prices_;
};

class FakeServer {
 public:
  enum class Ws {
    Refuse,       ///< error + close 1006 before open (connection refused)
    Hang,         ///< the handshake never completes
    Accept,       ///< open, then snapshot after subscribe (if sendSnapshot)
    AcceptClose,  ///< open, optional snapshot, then close with `closeCode` at once
  };
  enum class Poll { Ok, Fail, Status, Hang };

  Ws ws = Ws::Refuse;
  int64_t wsLatencyMs = 0;
  bool sendSnapshot = true;
  int closeCode = 1006;
  /// Sends an `error` frame before an AcceptClose close (the auth refusal).
  std::string errorFrameCode;
  /// Accept: answers every subscribe with an `error` frame of this code
  /// instead of the snapshot, and keeps the socket open (and beating).
  std::string refuseSubscribeCode;
  /// Accept: the snapshot's entries are all invalid (price -1).
  bool invalidSnapshot = false;
  /// Heartbeat period on open sockets; 0 = a silent (half-open) socket.
  int64_t heartbeatMs = 5000;

  Poll poll = Poll::Fail;
  int pollStatus = 503;
  int64_t retryAfterMs = -1;
  int64_t pollLatencyMs = 0;
  bool withMeta = true;
  /// The REST answer's `timestamp` runs this far ahead of the market's
  /// publishTime (the API server's clock is not the source's).
  int64_t restClockSkewMs = 0;

  FakeMarket market;
  std::vector<std::string> received;  ///< frames the client sent
  std::set<SocketId> open;

  explicit FakeServer(FakePlatform& p, FakeMarket m = FakeMarket()) : market(std::move(m)), p_(p) {
    p_.onOpenSocket = [this](SocketId id, const std::string&) { handleOpen(id); };
    p_.onSend = [this](SocketId id, const std::string& text) { handleSend(id, text); };
    p_.onEngineClose = [this](SocketId id, int) {
      open.erase(id);
      // The browser reports the close the engine asked for; the engine must
      // ignore it (the id is already let go).
      p_.after(0, [this, id] { p_.socketClose(id, 1005); });
    };
    p_.onStartPoll = [this](PollId id, const std::string&) { handlePoll(id); };
  }

  /// Market ticks every `everyMs` from `start`; open sockets get an update.
  void tickEvery(int64_t everyMs, int64_t start, int64_t until) {
    for (int64_t t = start; t <= until; t += everyMs) {
      p_.at(t, [this, t] {
        market.tick(t);
        for (SocketId id : std::set<SocketId>(open)) p_.socketMessage(id, market.update(t));
      });
    }
  }
  /// The server closes every open socket now with `code`.
  void dropAll(int code) {
    for (SocketId id : std::set<SocketId>(open)) {
      open.erase(id);
      p_.socketClose(id, code);
    }
  }

 private:
  void handleOpen(SocketId id) {
    const Ws mode = ws;
    p_.after(wsLatencyMs, [this, id, mode] {
      switch (mode) {
        case Ws::Refuse:
          p_.socketError(id);
          p_.socketClose(id, 1006);
          break;
        case Ws::Hang:
          break;
        case Ws::Accept:
        case Ws::AcceptClose:
          open.insert(id);
          p_.socketOpen(id);
          if (mode == Ws::AcceptClose) {
            if (sendSnapshot) p_.socketMessage(id, market.snapshot(p_.now()));
            if (!errorFrameCode.empty()) {
              p_.socketMessage(id, "{\"type\":\"error\",\"code\":\"" + errorFrameCode +
                                       "\",\"message\":\"refused\"}");
            }
            open.erase(id);
            p_.socketClose(id, closeCode);
          } else if (heartbeatMs > 0) {
            beat(id);
          }
          break;
      }
    });
  }

  void beat(SocketId id) {
    p_.after(heartbeatMs, [this, id] {
      if (!open.count(id)) return;
      p_.socketMessage(id, "{\"type\":\"heartbeat\",\"timestamp\":" + std::to_string(p_.now()) + "}");
      beat(id);
    });
  }

  void handleSend(SocketId id, const std::string& text) {
    received.push_back(text);
    if (ws != Ws::Accept || text.find("\"subscribe\"") == std::string::npos) return;
    if (!refuseSubscribeCode.empty()) {
      p_.after(0, [this, id] {
        if (open.count(id)) {
          p_.socketMessage(id, "{\"type\":\"error\",\"code\":\"" + refuseSubscribeCode +
                                   "\",\"message\":\"subscribe refused\"}");
        }
      });
    } else if (invalidSnapshot) {
      p_.after(0, [this, id] {
        if (open.count(id)) {
          p_.socketMessage(id, R"({"type":"snapshot","data":[{"symbol":"BTC","price":-1,"publishTime":1},{"symbol":"ETH","price":0,"publishTime":1}]})");
        }
      });
    } else if (sendSnapshot) {
      p_.after(0, [this, id] {
        if (open.count(id)) p_.socketMessage(id, market.snapshot(p_.now()));
      });
    }
  }

  void handlePoll(PollId id) {
    const Poll mode = poll;
    if (mode == Poll::Hang) return;
    p_.after(pollLatencyMs, [this, id, mode] {
      PollResult r;
      if (mode == Poll::Ok) {
        r.status = 200;
        r.body = market.restBody(p_.now() + restClockSkewMs, withMeta);
      } else if (mode == Poll::Fail) {
        r.status = 0;
      } else {
        r.status = pollStatus;
        r.retryAfterMs = retryAfterMs;
      }
      p_.pollResult(id, r);
    });
  }

  FakePlatform& p_;
};

}  // namespace qd::test

namespace qd::test {

/// The usual test setup: a controller with jitter-0 options (unless given),
/// the virtual-time platform and the scripted server, wired together.
struct Rig {
  FixedRandom random{0};
  FeedController feed;
  FakePlatform platform{feed};
  FakeServer server{platform};

  explicit Rig(FeedOptions o = exactOptions()) : feed(std::move(o), random) {}

  void connect() { platform.call([](FeedController& f, int64_t t) { f.connect(t); }); }
  void run(int64_t until) { platform.runUntil(until); }
  void at(int64_t t, std::function<void()> fn) { platform.at(t, std::move(fn)); }
  /// Calls a controller method at virtual time `t`.
  void callAt(int64_t t, std::function<void(FeedController&, int64_t)> fn) {
    platform.at(t, [this, fn] { platform.call(fn); });
  }
  std::vector<int64_t> opens(int64_t from = 0, int64_t to = INT64_MAX) const {
    return platform.timesOf(Action::Kind::OpenSocket, from, to);
  }
  std::vector<int64_t> polls(int64_t from = 0, int64_t to = INT64_MAX) const {
    return platform.timesOf(Action::Kind::StartPoll, from, to);
  }
};

using Times = std::vector<int64_t>;
using Strings = std::vector<std::string>;

}  // namespace qd::test

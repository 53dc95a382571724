// RFC 3261 §17.2 server transactions for non-INVITE requests over an unreliable transport, as a
// pure table: no I/O, no threads, the clock injected (µs). A UDP listener asks it, for every
// request datagram, whether it starts a new transaction or retransmits one (then the last
// response is sent again, or nothing while the transaction user is still working, §17.2.2), and
// tells it every response it sends (a final response completes the transaction, which is kept
// for Timer J = 64*T1 to absorb retransmissions, then forgotten). The table is bounded: when it
// is full of transactions still waiting for their transaction user, new requests are refused
// (the caller answers 503, RFC 3261 §21.5.4); completed transactions are forgotten before that
// happens, oldest first, those answered 401/407/503 (the client sends a new request anyway)
// before the others. No timers per transaction: two FIFOs swept by the caller.
#pragma once

#include "protocols/common/result.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ngn::sip {

/// What the transaction layer needs of a datagram, read without a full parse.
struct transaction_info {
  bool is_request = true;
  std::string method;       ///< request method (requests) or CSeq method (responses)
  int status = 0;           ///< responses
  /// RFC 3261 §17.2.3: top Via branch + sent-by + method when the branch has the magic cookie
  /// "z9hG4bK"; otherwise (RFC 2543 peers) Call-ID, From tag, CSeq and the top Via. The Request-
  /// URI and To tag of the RFC 2543 rule are left out so that a response (which carries neither
  /// unchanged) yields the key of its request.
  std::string key;
  /// Via, From, To, Call-ID and CSeq are all present: a response can be built (§8.2.6.2).
  bool answerable = false;
  std::string call_id;      ///< empty when absent
  /// REGISTER requests: the lifetime asked for (RFC 3261 §10.2.1.1), the first Contact's
  /// expires parameter, else the Expires header; 0 for "Contact: *" (§10.2.2); -1 when neither.
  std::int64_t expires = -1;
  /// Requests: an Authorization header is present (the answer to a challenge, RFC 3261 §22.2):
  /// overload control admits these before new registrations (work already invested).
  bool has_credentials = false;
};

/// Reads the start line, the top Via, CSeq, Call-ID and From of `datagram`. Errors (malformed,
/// unsupported version, incomplete header block, missing Via or CSeq, a CSeq method that differs
/// from the request method) mean: no transaction can be matched.
result<transaction_info> inspect_transaction(std::string_view datagram);

/// A response to `request` built from its raw Via, From, To, Call-ID and CSeq lines (RFC 3261
/// §8.2.6.2), a To tag added when absent, `extra` header lines (each ending in CRLF) and
/// Content-Length: 0. Empty if `request` is not an answerable request.
std::string stateless_response(std::string_view request, int status, std::string_view reason,
                               std::string_view extra = {});
/// The same for a request already inspected (`info` = inspect_transaction(request)): the
/// listener's refusals under overload read the datagram once.
std::string stateless_response(std::string_view request, const transaction_info& info, int status,
                               std::string_view reason, std::string_view extra = {});

struct transaction_config {
  std::int64_t t1 = 500'000;                 ///< RFC 3261 §17.1.1.1 T1, µs
  std::int64_t timer_j = 64 * 500'000;       ///< §17.2.2: 64*T1 for unreliable transports
  /// A transaction whose user never answers is forgotten after this (as its client gives up
  /// after Timer F = 64*T1, §17.1.2.2).
  std::int64_t trying_timeout = 64 * 500'000;
  std::size_t max_transactions = 65536;      ///< whole table (memory bound)
  std::size_t max_trying_per_source = 16384; ///< transactions waiting for the TU, per source
};

struct transaction_stats {
  std::uint64_t created = 0;         ///< new transactions
  std::uint64_t absorbed = 0;        ///< retransmitted requests not passed on
  std::uint64_t resent = 0;          ///< of those, answered with the last response again
  std::uint64_t completed = 0;       ///< final responses recorded
  std::uint64_t unanswered = 0;      ///< forgotten without a response (trying_timeout)
  std::uint64_t expired = 0;         ///< completed transactions forgotten after Timer J
  std::uint64_t evicted = 0;         ///< completed transactions forgotten early (table full)
  std::uint64_t refused = 0;         ///< requests refused: table, source or trying limit
  std::uint64_t stray_responses = 0; ///< responses without a transaction (sent statelessly)
  std::uint64_t late_responses = 0;  ///< final responses for a completed transaction (dropped)
};

class server_transactions {
public:
  using micros = std::int64_t;

  enum class verdict : std::uint8_t {
    created,        ///< new: pass the request to the transaction user
    retransmission, ///< absorb; send `resend` if not empty
    refused,        ///< table or source limit reached: answer 503, do not pass on
  };
  /// Which bound refused a request.
  enum class bound : std::uint8_t {
    none,   ///< not refused
    trying, ///< the caller's trying_limit (requests waiting for the transaction user)
    source, ///< max_trying_per_source
    table,  ///< max_transactions, with no completed transaction to forget
  };
  struct request_result {
    verdict v = verdict::created;
    std::string_view resend; ///< valid until the next call on the table
    bound refused_by = bound::none;
  };
  enum class response_result : std::uint8_t {
    recorded,       ///< send it
    late,           ///< a second final response (§17.2.2: discarded in Completed)
    no_transaction, ///< unknown (evicted, expired or never seen): send it statelessly
  };

  explicit server_transactions(transaction_config cfg = {});

  /// A request with transaction key `key` from `source` (any id of the sender). A new one is
  /// refused too when `trying_limit` transactions already wait for their user (overload
  /// control: the caller's bound on requests queued at the element), or when its source has
  /// `source_limit` waiting (0: max_trying_per_source).
  request_result on_request(std::string_view key, std::uint64_t source, micros now,
                            std::size_t trying_limit = static_cast<std::size_t>(-1),
                            std::size_t source_limit = 0);
  /// The transaction user answers with `status`; `bytes` is what is sent.
  response_result on_response(std::string_view key, int status, std::string_view bytes,
                              micros now);
  /// Forgets what timed out.
  void sweep(micros now);

  std::size_t size() const noexcept { return index_.size(); }
  std::size_t trying() const noexcept { return trying_; }
  const transaction_stats& stats() const noexcept { return stats_; }
  const transaction_config& config() const noexcept { return cfg_; }

private:
  enum class state : std::uint8_t { free, trying, proceeding, completed };
  struct slot {
    std::string key;
    std::string response; ///< last response sent (empty in trying)
    std::uint64_t source = 0;
    std::uint32_t generation = 0;
    state st = state::free;
  };
  struct timer {
    micros deadline;
    std::uint32_t index;
    std::uint32_t generation;
  };

  std::uint32_t allocate();
  void release(std::uint32_t index);
  void leave_trying(slot& s);
  /// Forgets the oldest completed transaction (retryable ones first); false if there is none.
  bool evict_one();
  bool evict_from(std::deque<timer>& fifo);
  void expire(std::deque<timer>& fifo, micros now);
  void compact_trying_timers();

  transaction_config cfg_;
  std::deque<slot> slots_;  ///< stable addresses: index_ keys view slot::key
  std::deque<std::uint32_t> free_;
  std::unordered_map<std::string_view, std::uint32_t> index_;
  std::unordered_map<std::uint64_t, std::uint32_t> trying_by_source_;
  /// FIFOs = deadline order. Completed transactions whose final response asked the client for a
  /// new request (401/407 challenge, 503 retry later) are `retryable`: forgotten first when the
  /// table is full, since a late retransmission passed on again is answered the same way (the
  /// soft switch re-sends the open challenge); one that ended with another final response (200
  /// for an answered challenge) is kept longest: passed on again, its request would be refused
  /// as a replay.
  std::deque<timer> trying_timers_, completed_timers_, retryable_timers_;
  std::size_t trying_ = 0;
  transaction_stats stats_;
};

} // namespace ngn::sip

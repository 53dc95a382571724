// The authentication center (AuC) of DESIGN.md §1 as a pure state machine: it answers
// authentication requests with a Milenage challenge, the first verification word and SK wrapped
// for the terminal and for the security edge (DESIGN.md §2), resynchronises SQN from AUTS, and
// records every session. Storage is reached through session_sink; a challenge is released only
// once the write batch holding its SQN is committed (DESIGN.md §4).
#pragma once

#include "elements/common.hpp"
#include "elements/hash_map.hpp"
#include "elements/refusal_meter.hpp"
#include "protocols/auc/messages.hpp"
#include "crypto/key_distribution.hpp"
#include "crypto/secret.hpp"
#include "storage/writer.hpp"

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace ngn::elements {

/// Where the AuC's writes go: storage::writer in production, a recorder in tests.
class session_sink {
public:
  virtual ~session_sink() = default;
  /// Queues `ops` for one transaction; returns its ticket (monotonic).
  virtual std::uint64_t submit(std::vector<storage::write_op> ops) = 0;
  virtual std::int64_t next_session_id() = 0;
};

struct auc_config {
  std::string name = "auc1";
  std::string node = "local";
  micros challenge_expiry = 120 * seconds; ///< challenged sessions without an outcome → expired
  /// Refusals without an AuC session (unknown identity, malformed, replayed, …) that get a
  /// session row each, per reason and second; the rest are counted in `refusals`
  /// (elements/refusal_meter.hpp).
  std::uint32_t refusal_rows_per_second = 10;
};

struct auc_subscriber {
  crypto::key128 k;
  crypto::key128 opc;
  std::array<std::uint8_t, 2> amf{0x80, 0x00};
  std::uint64_t sqn = 0;  ///< highest SQN issued; its SEQ is SEQ_HE (TS 33.102 Annex C.1.1)
  std::uint32_t flags = 0;
};

struct auc_stats {
  std::uint64_t requests = 0, challenges = 0, resyncs = 0, established = 0, failed = 0,
                expired = 0, unknown = 0, held_max = 0;
  /// Registration ends received (DESIGN.md §1.2; a re-sent one counts again).
  std::uint64_t ends = 0;
  /// Requests refused and held challenges withdrawn because storage failed (issue 12 item 5).
  std::uint64_t storage_refused = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, auc_stats& x) {
  return f(x.requests, x.challenges, x.resyncs, x.established, x.failed, x.expired, x.unknown,
           x.held_max, x.ends, x.storage_refused);
}

class auc_fsm {
public:
  auc_fsm(auc_config cfg, random_source& rng, session_sink& sink);

  void add_subscriber(std::string identity, auc_subscriber s);
  /// Ksp / Kss of a proxy or soft switch (`kind` "proxy" or "softswitch").
  void add_element(std::string name, std::string kind, const crypto::key128& key);
  std::size_t subscriber_count() const noexcept { return subscribers_.size(); }
  const auc_subscriber* find_subscriber(const std::string& identity) const;

  void on_envelope(const envelope& e, micros now, outbox& out);
  void on_message(element_id from, const auc::message& m, micros now, outbox& out);
  /// The writer committed every batch up to `ticket`: release the held replies.
  void on_committed(std::uint64_t ticket, outbox& out);
  /// The database refused the write batch of `ticket` (its SQN was not saved): the challenge it
  /// would have released is answered `unavailable` instead.
  void on_rejected(std::uint64_t ticket, const std::string& reason, outbox& out);
  /// The writer reports a failure it keeps retrying (a full disk, an I/O error; `error` is
  /// SQLite's): no challenge may leave on an SQN that is not committed, so the held challenges
  /// are answered `unavailable` and so is every request until a commit succeeds again
  /// (on_committed) — issue 12 item 5.
  void on_storage_failed(const std::string& error, micros now, outbox& out);
  /// Why storage is failing now; empty when it works.
  const std::string& storage_failure() const noexcept { return storage_failure_; }
  void on_tick(micros now, outbox& out);
  /// The emulation ends: every open challenge is recorded as expired.
  void close_open(micros now);

  const auc_stats& stats() const noexcept { return stats_; }
  std::size_t held() const noexcept { return held_.size(); }
  std::size_t open_sessions() const noexcept { return open_.size(); }
  /// Refusals counted in the refusals table instead of a session row each.
  std::uint64_t refusals_counted() const noexcept { return refusals_.counted(); }

private:
  struct element_key {
    std::string kind;
    crypto::key128 key;
  };
  struct open_session {
    std::string identity;
    std::string edge;           ///< element whose key wraps the edge copy of SK
    crypto::kek_role edge_role = crypto::kek_role::softswitch;
    micros t_challenge = 0;
    std::string by_softswitch;  ///< its key in by_softswitch_
    protocol proto = protocol::sip;
  };
  struct held_reply {
    std::uint64_t ticket;
    element_id to;
    auc::message reply; ///< an auth_vector, or a report_ack
  };

  void on_request(element_id from, const auc::auth_request& r, micros now, outbox& out);
  void on_resync(element_id from, const auc::resync_request& r, micros now, outbox& out);
  void on_report(element_id from, const auc::auth_report& r, micros now);
  void on_end(element_id from, const auc::registration_end& e);
  void reply(element_id to, const auc::message& m, outbox& out);
  /// Closes open session `db_id` (no longer expired by the sweep); true if it was open.
  bool close(std::int64_t db_id);
  /// Fills a fresh challenge for `sub` with `sqn` (then its highest issued) into `v`; returns
  /// the SK fingerprint.
  std::array<std::uint8_t, 32> make_challenge(const std::string& identity, auc_subscriber& sub,
                                              std::uint64_t sqn,
                                              const crypto::key128& edge_key,
                                              crypto::kek_role edge_role, auc::auth_vector& v);
  void hold(std::uint64_t ticket, element_id to, auc::message reply);
  /// "AuC unavailable: storage failed: " and SQLite's reason.
  std::string storage_reason() const;
  /// Records open session `db_id` failed for storage_reason() and closes it.
  void withdraw(std::int64_t db_id, micros now);
  /// Writes the refusal counts of the seconds that ended (all of them when `all`).
  void flush_refusals(micros now, bool all);
  /// Records the open sessions challenged at or before `challenged_before` as expired.
  void expire(micros now, micros challenged_before, const std::string& reason);

  auc_config cfg_;
  random_source* rng_;
  session_sink* sink_;
  node_map<std::string, auc_subscriber> subscribers_;
  node_map<std::string, element_key> elements_;
  node_map<std::int64_t, open_session> open_;
  /// Open sessions by (soft switch, its session id): a soft switch that gave up waiting for the
  /// AuC reports the failure by its own session id, and the row the AuC opened is the one closed.
  flat_map<std::string, std::int64_t> by_softswitch_;
  std::deque<held_reply> held_;
  /// Session ids below this one are of an earlier run of this AuC (before a restart); their
  /// reports, re-sent by the soft switch, are counted once (closed_earlier_).
  std::int64_t first_own_id_ = 0;
  std::unordered_set<std::int64_t> closed_earlier_;
  std::uint64_t committed_ = 0;
  std::string storage_failure_; ///< set by on_storage_failed, cleared by the next commit
  bool closed_ = false;          ///< close_open ran: the emulation ended, no new challenge
  micros last_sweep_ = 0;
  auc_stats stats_;
  refusal_meter refusals_;
};

} // namespace ngn::elements

// The signaling proxy (SP) of DESIGN.md §1 (4 elements) as a pure state machine. Every T↔SS
// message passes through it. It chooses the mechanism (RFC 3329 style, its own list with
// priorities), checks the Security-Verify mirror (anti bidding-down), and on the success
// response unwraps its copy of SK with Ksp, computes the message verification word, strips its
// copy and forwards E_Kc(SK) + MAC. It is then the security edge: it shares SK with T.
#pragma once

#include "protocols/auc/codec.hpp"
#include "actors/common.hpp"
#include "crypto/secret.hpp"
#include "protocols/dialogue/binding.hpp"

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ngn::actors {

struct proxy_config {
  std::string name = "sp1";
  std::string node = "local";
  crypto::key128 ksp;                       ///< shared with the AuC
  ngn::mechanism_list supported;       ///< with priorities
  dialogue::address self;
  element_id softswitch = no_element;
  micros session_timeout = 64 * seconds;    ///< forget a registration in progress after this
};

struct proxy_output {
  std::vector<datagram> sends;
  /// Failures met before the soft switch saw anything (malformed messages from terminals): for
  /// the soft switch, which records them with its AuC (the proxy knows no AuC).
  std::vector<auc::auth_report> reports;
  void clear() {
    sends.clear();
    reports.clear();
  }
};

struct proxy_stats {
  std::uint64_t relayed_up = 0, relayed_down = 0, established = 0, malformed = 0,
                unroutable = 0, sec_agree_mismatches = 0, unwrap_failures = 0;
};

class proxy_fsm {
public:
  explicit proxy_fsm(proxy_config cfg);

  void on_from_terminal(element_id from, ngn::protocol proto, std::string_view bytes,
                        micros now, proxy_output& out);
  void on_from_softswitch(ngn::protocol proto, std::string_view bytes, micros now,
                          proxy_output& out);
  void on_tick(micros now, proxy_output& out);

  const proxy_stats& stats() const noexcept { return stats_; }
  std::size_t in_progress() const noexcept { return pending_.size(); }
  std::size_t registered() const noexcept { return registered_.size(); }
  const proxy_config& config() const noexcept { return cfg_; }
  /// The SK shared with `identity` once registered (security edge), or nullptr.
  const crypto::key128* session_key(const std::string& identity) const;

private:
  struct pending {
    element_id terminal = no_element;
    ngn::mechanism_list offered;  ///< T's list as received from T
    std::string chosen;
    std::uint32_t session_id = 0;
    dialogue::rand_t rand{};
    micros deadline = 0;
  };
  struct hop_transaction {
    element_id terminal = no_element;
    std::string original_tid;
    micros deadline = 0;
  };
  /// The security edge's state of a registered terminal (compact: one per idle terminal).
  struct registration {
    crypto::key128 sk;
    std::uint8_t mechanism = 0; ///< into mechanisms_
  };

  /// Our transaction id on the hop to the soft switch: the key of transactions_ and its text.
  std::pair<std::uint64_t, std::string> new_tid(ngn::protocol proto);
  /// The key of a tid we issued (its trailing decimal number).
  static std::uint64_t tid_key(std::string_view tid);
  /// The key of transactions_: a tid's number within its protocol.
  static std::uint64_t hop_key(ngn::protocol proto, std::uint64_t number);
  std::uint8_t intern_mechanism(const std::string& name);
  void relay_down(const dialogue::inbound& in, element_id to, ngn::protocol proto,
                  dialogue::relay_edit& edit, proxy_output& out);

  proxy_config cfg_;
  std::unordered_map<std::string, pending> pending_;               ///< by identity
  std::unordered_map<std::uint64_t, hop_transaction> transactions_; ///< by hop_key
  std::unordered_map<std::string, registration> registered_;
  std::vector<std::string> mechanisms_;
  micros last_sweep_ = 0;
  std::uint64_t next_tid_ = 1;
  proxy_stats stats_;
};

} // namespace ngn::actors

// A protocol binding (DESIGN.md §1.1): how each step of the registration dialogue is carried by
// one protocol. Bindings translate, elements decide: a binding turns bytes into the neutral
// content of a step (and back), extracts what a step proves (the terminal's verification word and
// the RAND it answers), owns the protocol's transaction ids and its optional behaviours; the
// element state machines (elements/) are written once against this interface and never name a
// protocol. Bindings are pure: what they need (a digest function, the time) comes in as arguments
// or at construction (registry.hpp), never from a global.
#pragma once

#include "protocols/common/bytes.hpp"
#include "protocols/common/clock.hpp"
#include "protocols/common/result.hpp"
#include "protocols/dialogue/content.hpp"
#include "protocols/h248/message.hpp"
#include "protocols/mgcp/message.hpp"
#include "protocols/ras/message.hpp"
#include "protocols/sip/message.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace ngn::dialogue {

/// An emulated transport address (Via, Contact, mId, rasAddress, pcap).
struct address {
  std::uint32_t ipv4 = 0; ///< host byte order
  std::uint16_t port = 0;
  std::string host() const;          ///< dotted quad
  std::string host_port() const;     ///< "192.0.2.10:5060"
  friend bool operator==(const address& a, const address& b) {
    return a.ipv4 == b.ipv4 && a.port == b.port;
  }
};

/// The protocol message a binding decoded: read only by that binding, to answer or relay it.
using wire_message =
  std::variant<std::monostate, sip::message, mgcp::message, h248::message, ras::ras_message>;

/// A decoded message: its neutral content, bytes to send straight back (an MGCP/H.248 command's
/// response, sent by the receiving end point), and the protocol message itself.
struct inbound {
  content c;
  std::string ack;
  wire_message original;
};

/// A binding's decode: `fill(inbound&) -> result<void>` fills an inbound constructed inside the
/// result that is returned (every path returns that one object), so neither the message model
/// nor the content is moved on the way out.
template <class Fill>
result<inbound> decoded_in_place(Fill&& fill) {
  result<inbound> out{inbound{}};
  if (auto ok = fill(*out); !ok) out = ok.error();
  return out;
}

using res_t = std::array<std::uint8_t, 8>; ///< Milenage f2 output (TS 35.206)

/// MD5 (RFC 1321), for RFC 2617/3310 Digest; protocols/ may not use OpenSSL, so it is given.
using md5_function = std::array<std::uint8_t, 16> (*)(std::string_view data);

/// What the terminal's requests are built from.
struct terminal_view {
  std::string_view identity;          ///< "user@domain"
  std::string_view domain;            ///< realm / registrar domain
  address local;                      ///< the terminal's emulated address
  address remote;                     ///< next hop (proxy or soft switch)
  std::uint32_t number = 0;           ///< the terminal's own, stable: Call-ID, endpoint ids
  std::uint32_t serial = 0;           ///< registration attempt: ids derive from it
  /// Strictly increasing over every request the terminal sends (CSeq, transaction ids).
  std::uint32_t sequence = 0;
  const mechanism_list* offered = nullptr;
  std::uint32_t lifetime = 3600;      ///< s, requested (0 in a de-registration)
  std::uint32_t spi = 0;              ///< the terminal's inbound SPI for this registration
  ngn::session_id session_id;       ///< of the current registration (keepalive, de-registration)
  micros now = 0;                     ///< time stamps carried by the message (H.235 timeStamp)
};

struct challenge_fields {
  ngn::session_id session_id;
  rand_t rand{};
  autn_t autn{};
  const mechanism_list* edge = nullptr; ///< the edge's list, or nullptr when SS sits behind a proxy
  std::string_view chosen;              ///< chosen mechanism, empty when not chosen here
  std::string_view realm;
  address local;                        ///< the answering element's address
  /// The registration message answered a challenge that is no longer open: a fresh challenge
  /// that says so (only for bindings whose rechallenges_closed() is true; SIP: stale=TRUE).
  bool rechallenge = false;
  std::uint32_t edge_spi = 0;           ///< the edge's inbound SPI, when the SS is the edge
};

struct success_fields {
  ngn::session_id session_id;
  std::string_view chosen;
  byte_view wrapped_t;                  ///< E_Kc(SK)
  byte_view wrapped_edge;               ///< E_Ksp(SK), SS → SP only
  byte_view mac;                        ///< 3 elements: the SS is the edge and adds the MAC
  const res_t* xres = nullptr;          ///< for SIP's rspauth (RFC 3310 §3.5); may be null
  const mechanism_list* edge = nullptr; ///< the edge's list (q of the chosen one), or nullptr
  std::string_view realm;
  address local;
  std::uint32_t lifetime = 3600;        ///< s, granted
  std::uint32_t edge_spi = 0;           ///< the edge's inbound SPI, when the SS is the edge
};

/// The edge answers a terminal's keepalive (DESIGN.md §1.2).
struct keepalive_fields {
  address local;
  std::string_view realm;
  ngn::session_id session_id;         ///< of the registration kept alive
  std::uint32_t lifetime = 0;           ///< s left (RAS RCF timeToLive)
};

/// The edge audits a terminal (keepalive_by_edge(): MGCP AUEP).
struct edge_keepalive_fields {
  std::string_view identity;            ///< the terminal's
  address local;
  std::uint32_t sequence = 0;           ///< the edge's own, strictly increasing (transaction ids)
};

/// The registrar answers a de-registration.
struct answer_fields {
  address local;
  std::string_view realm;
};

/// What a signaling proxy changes when it relays a message (DESIGN.md §1, 4 elements).
struct relay_edit {
  enum class toward : std::uint8_t { softswitch, terminal } direction = toward::softswitch;
  address self;                          ///< the proxy's address (SIP Via)
  const mechanism_list* edge = nullptr;  ///< challenge: the proxy's list to add (Security-Server)
  std::uint32_t edge_spi = 0;            ///< challenge/success: the proxy's inbound SPI to add
  /// challenge/success toward the terminal: the mechanism the proxy chose; registration message
  /// toward the soft switch: the same choice, so that the soft switch records the edge's own.
  std::string_view chosen;
  bool strip_wrapped_edge = false;       ///< success: remove E_Ksp(SK)
  byte_view mac;                         ///< success: add the MAC
  bool sec_agree_failed = false;         ///< reg_message: flag a mechanism-list mirror mismatch
  std::optional<code> result;            ///< rejection: replace the result code (e.g. 494)
  /// Requests toward the soft switch: the proxy's own transaction id for this hop (hop_tid), so
  /// that the answer can be routed back. Responses toward the terminal: the terminal's original
  /// transaction id to restore.
  std::string_view tid;
};

/// Why a registrar refuses a message before (or instead of) the dialogue, and the answer's code.
struct admission_error {
  code c = code::forbidden;
  std::string reason;
};

/// A verification word carried as hex (content::proof): nullopt when `text` is empty (none
/// carried), empty bytes unless it is exactly 2·size hex digits.
std::optional<bytes> proof_from_hex(std::string_view text, std::size_t size);

class binding {
public:
  virtual ~binding() = default;
  virtual protocol proto() const noexcept = 0;

  /// Decodes one datagram. Never throws, never crashes; errors carry kind and offset.
  virtual result<inbound> decode(std::string_view wire) const = 0;

  /// The protocol's own answer to a datagram that could not be decoded (SIP 400, MGCP 5xx, H.248
  /// error descriptor, RAS reject), or empty when nothing sensible can be answered.
  virtual std::string malformed_answer(std::string_view wire, const codec_error& err,
                                       address local) const = 0;

  // -- what the protocol offers -----------------------------------------------------------------
  /// True if an answer to a challenge that is no longer open gets a fresh challenge instead of a
  /// refusal (SIP: a 401 with stale=TRUE, RFC 2617 §3.2.1).
  virtual bool rechallenges_closed() const noexcept { return false; }
  /// The transaction id of a proxy's `n`-th request on its hop to the soft switch (SIP: a Via
  /// branch, MGCP/H.248: a transaction id, RAS: a requestSeqNum); answers carry it back in
  /// content::tid, unchanged.
  virtual std::string hop_tid(std::string_view element, std::uint64_t n) const = 0;

  // -- terminal side ------------------------------------------------------------------------
  virtual std::string reg_request(const terminal_view& t) const = 0;
  virtual std::string reg_message(const terminal_view& t, const inbound& challenge,
                                  const res_t& res) const = 0;
  virtual std::string resync_message(const terminal_view& t, const inbound& challenge,
                                     const auts_t& auts) const = 0;
  /// The terminal deems the challenge invalid (AUTN MAC-A wrong): a registration message with
  /// an empty verification word (TS 24.229 §5.1.1.5.3).
  virtual std::string auth_failure(const terminal_view& t, const inbound& challenge) const = 0;
  /// Tells the network that the terminal refuses the key of `success` (the answer to its
  /// registration message for `challenge`); proves knowledge of RES for that challenge.
  virtual std::string refusal(const terminal_view& t, const inbound& challenge,
                              const inbound& success, const res_t& res,
                              std::string_view reason) const = 0;

  /// DESIGN.md §1.2: a keepalive protected by the registration's SAs (empty where the edge
  /// audits instead, keepalive_by_edge()).
  virtual std::string keepalive(const terminal_view& t) const = 0;
  /// DESIGN.md §1.2: the terminal ends its registration (its lifetime 0).
  virtual std::string deregistration(const terminal_view& t) const = 0;

  // -- security edge side (proxy, or soft switch without one) ----------------------------------
  /// True where the edge sends the keepalive and the terminal answers it (MGCP AUEP).
  virtual bool keepalive_by_edge() const noexcept { return false; }
  /// The edge's keepalive to a terminal (keepalive_by_edge()); empty otherwise.
  virtual std::string edge_keepalive(const edge_keepalive_fields& f) const = 0;
  /// The edge's answer to a terminal's keepalive (empty where the terminal answers the edge's).
  virtual std::string answer_keepalive(const inbound& keepalive, const keepalive_fields& f) const = 0;

  // -- soft switch side ---------------------------------------------------------------------
  /// The registrar's answer to a de-registration (empty where the command's ack answers it).
  virtual std::string answer_deregistration(const inbound& deregistration,
                                            const answer_fields& f) const = 0;
  virtual std::string challenge(const inbound& request, const challenge_fields& f) const = 0;
  /// The proof the message must carry (content::proof) if the terminal knows `xres`: XRES itself,
  /// or what the protocol derives from it (SIP: the RFC 3310 Digest with XRES as the password).
  /// nullopt when the message cannot carry a valid proof (SIP: credentials of another algorithm).
  /// The soft switch compares, once, in constant time.
  virtual std::optional<bytes> expected_proof(const inbound& msg, const res_t& xres) const {
    return bytes(xres.begin(), xres.end());
  }
  virtual std::string success(const inbound& reg_message, const success_fields& f) const = 0;
  virtual std::string rejection(const inbound& msg, code c, std::string_view reason,
                                address local) const = 0;
  /// An overloaded element's refusal of a new request (elements/overload_gate.hpp): the
  /// rejection with code::unavailable, saying when to come back where the protocol can (SIP
  /// Retry-After, RFC 3261 §20.33). The other bindings carry no such delay: their terminals
  /// back off on their own schedule.
  virtual std::string unavailable(const inbound& msg, std::string_view reason, address local,
                                  std::uint32_t /*retry_after_s*/) const {
    return rejection(msg, code::unavailable, reason, local);
  }
  /// Registrar checks of a decoded reg_request / reg_message that the dialogue itself does not
  /// make (SIP: the Request-URI names `domain`, RFC 3261 §10.3; the credentials' realm and user).
  /// nullopt: go on. By default there is nothing to check.
  virtual std::optional<admission_error> admit(const inbound& /*msg*/,
                                               std::string_view /*domain*/) const {
    return std::nullopt;
  }

  // -- signaling proxy side -----------------------------------------------------------------
  virtual std::string relay(const inbound& msg, const relay_edit& edit) const = 0;
  /// The same for a message its caller is done with: a binding that re-encodes an edited copy
  /// of its message model may edit the model itself (msg.original is left unspecified; msg.c
  /// and msg.ack are untouched). By default, the copying relay.
  virtual std::string relay(inbound&& msg, const relay_edit& edit) const {
    return relay(static_cast<const inbound&>(msg), edit);
  }
};

} // namespace ngn::dialogue

/// Declares, in a binding's class, the members every binding defines (the pure virtual ones of
/// dialogue::binding but proto()): the list is written once, here.
#define NGN_DIALOGUE_BINDING_MEMBERS                                                              \
  std::string hop_tid(std::string_view element, std::uint64_t n) const override;                 \
  result<inbound> decode(std::string_view wire) const override;                                   \
  std::string malformed_answer(std::string_view wire, const codec_error& err, address local)     \
    const override;                                                                               \
  std::string reg_request(const terminal_view& t) const override;                                 \
  std::string reg_message(const terminal_view& t, const inbound& challenge, const res_t& res)     \
    const override;                                                                               \
  std::string resync_message(const terminal_view& t, const inbound& challenge,                    \
                             const auts_t& auts) const override;                                  \
  std::string auth_failure(const terminal_view& t, const inbound& challenge) const override;      \
  std::string refusal(const terminal_view& t, const inbound& challenge, const inbound& success,   \
                      const res_t& res, std::string_view reason) const override;                  \
  std::string challenge(const inbound& request, const challenge_fields& f) const override;        \
  std::string success(const inbound& reg_message, const success_fields& f) const override;       \
  std::string rejection(const inbound& msg, code c, std::string_view reason, address local)      \
    const override;                                                                               \
  std::string relay(const inbound& msg, const relay_edit& edit) const override;                   \
  std::string keepalive(const terminal_view& t) const override;                                   \
  std::string deregistration(const terminal_view& t) const override;                              \
  std::string edge_keepalive(const edge_keepalive_fields& f) const override;                      \
  std::string answer_keepalive(const inbound& keepalive, const keepalive_fields& f)               \
    const override;                                                                               \
  std::string answer_deregistration(const inbound& deregistration, const answer_fields& f)        \
    const override

// A protocol binding (DESIGN.md §1.1): how each step of the registration dialogue is carried by
// one protocol. The element state machines (actors/) are written once against this interface;
// SIP, MGCP, H.248 and H.225.0 RAS each implement it (protocols/dialogue/<protocol>_binding).
// Bindings are pure and stateless: everything they need comes in as arguments.
#pragma once

#include "protocols/common/result.hpp"
#include "protocols/dialogue/content.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

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

/// A decoded message: its neutral content, bytes to send straight back (an MGCP/H.248 command's
/// response, sent by the receiving end point), and the protocol message itself — opaque to the
/// state machines, read only by the binding that decoded it to answer or relay the message.
struct inbound {
  content c;
  std::string ack;
  std::shared_ptr<const void> original;
};

using res_t = std::array<std::uint8_t, 8>; ///< Milenage f2 output (TS 35.206)

/// Crypto the bindings need but may not implement (protocols/ must not use OpenSSL): injected.
struct crypto_hooks {
  std::array<std::uint8_t, 16> (*md5)(std::string_view data) = nullptr;
  bool (*equal)(std::string_view a, std::string_view b) = nullptr; ///< constant time
};

/// What the terminal's requests are built from.
struct terminal_view {
  std::string_view identity;          ///< "user@domain"
  std::string_view domain;            ///< realm / registrar domain
  address local;                      ///< the terminal's emulated address
  address remote;                     ///< next hop (proxy or soft switch)
  std::uint32_t serial = 0;           ///< registration attempt: ids derive from it
  const mechanism_list* offered = nullptr;
  std::uint32_t expires = 3600;
};

struct challenge_fields {
  std::uint32_t session_id = 0;
  rand_t rand{};
  autn_t autn{};
  const mechanism_list* edge = nullptr; ///< the edge's list, or nullptr when SS sits behind a proxy
  std::string_view chosen;              ///< chosen mechanism, empty when not chosen here
  std::string_view realm;
  address local;                        ///< the answering element's address
  /// The registration message answered a challenge that is no longer open: a fresh challenge
  /// (SIP: WWW-Authenticate with stale=TRUE, RFC 2617 §3.2.1). Bindings without the notion
  /// ignore it.
  bool stale = false;
};

struct success_fields {
  std::uint32_t session_id = 0;
  std::string_view chosen;
  const std::uint8_t* wrapped_t = nullptr; std::size_t wrapped_t_size = 0;
  const std::uint8_t* wrapped_edge = nullptr; std::size_t wrapped_edge_size = 0; ///< SS → SP
  const std::uint8_t* mac = nullptr; std::size_t mac_size = 0;                   ///< 3-element
  const res_t* xres = nullptr;  ///< for SIP's rspauth (RFC 3310 §3.5); may be null
  const mechanism_list* edge = nullptr; ///< the edge's list (q of the chosen one), or nullptr
  std::string_view realm;
  address local;
  std::uint32_t expires = 3600;
};

/// What a signaling proxy changes when it relays a message (DESIGN.md §1, 4 elements).
struct relay_edit {
  enum class toward : std::uint8_t { softswitch, terminal } direction = toward::softswitch;
  address self;                          ///< the proxy's address (SIP Via)
  const mechanism_list* edge = nullptr;  ///< challenge: the proxy's list to add (Security-Server)
  std::string_view chosen;               ///< challenge/success: mechanism chosen by the proxy
  bool strip_wrapped_edge = false;       ///< success: remove E_Ksp(SK)
  const std::uint8_t* mac = nullptr; std::size_t mac_size = 0; ///< success: add the MAC
  bool sec_agree_failed = false;         ///< reg_message: flag a Security-Verify mismatch
  std::optional<code> result;            ///< rejection: replace the result code (e.g. 494)
  /// Requests toward the soft switch: the proxy's own transaction id for this hop (SIP: branch of
  /// the Via it adds; MGCP/H.248: transaction id; RAS: requestSeqNum), so that the answer can be
  /// routed back. Responses toward the terminal: the terminal's original transaction id to
  /// restore (SIP: the proxy's Via is removed instead).
  std::string_view tid;
};

/// Why a registrar refuses a message before (or instead of) the dialogue, and the answer's code.
struct admission_error {
  code c = code::forbidden;
  std::string reason;
};

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
  /// registration message for `challenge`); proves knowledge of RES.
  virtual std::string refusal(const terminal_view& t, const inbound& challenge,
                              const inbound& success, const res_t& res,
                              std::string_view reason) const = 0;

  // -- soft switch side ---------------------------------------------------------------------
  virtual std::string challenge(const inbound& request, const challenge_fields& f) const = 0;
  /// Compares the second verification word of `msg` (reg_message or refusal) with the first,
  /// derived from XRES; also checks that `msg` answers the challenge `rand` (no replay).
  virtual bool verify(const inbound& msg, const res_t& xres, const rand_t& rand) const = 0;
  virtual std::string success(const inbound& reg_message, const success_fields& f) const = 0;
  virtual std::string rejection(const inbound& msg, code c, std::string_view reason,
                                address local) const = 0;
  /// Registrar checks of a decoded reg_request / reg_message that the dialogue itself does not
  /// make (SIP: the Request-URI names `domain`, RFC 3261 §10.3; the credentials' realm and user).
  /// nullopt: go on. By default there is nothing to check.
  virtual std::optional<admission_error> admit(const inbound& /*msg*/,
                                               std::string_view /*domain*/) const {
    return std::nullopt;
  }

  // -- signaling proxy side -----------------------------------------------------------------
  virtual std::string relay(const inbound& msg, const relay_edit& edit) const = 0;
};

/// The binding for `p` (a process-wide instance), given the crypto hooks.
const binding& binding_for(protocol p);

/// Installs the crypto hooks every binding uses (called once at start-up, before any binding
/// is used; actors/ does it with crypto/).
void install_crypto_hooks(const crypto_hooks& hooks);
const crypto_hooks& installed_crypto_hooks();

} // namespace ngn::dialogue

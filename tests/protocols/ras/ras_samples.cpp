// Golden RAS encodings of wire-bindings.md §5.4/§5.5 and the models they stand for.
#include "tests/protocols/ras/ras_samples.hpp"

#include "protocols/common/hex.hpp"

#include <stdexcept>

namespace ngn::ras::test {

bytes hex(std::string_view spaced) {
  std::string compact;
  for (char c : spaced)
    if (c != ' ' && c != '\n') compact += c;
  auto b = from_hex(compact);
  if (!b) throw std::invalid_argument("bad hex in test data");
  return *b;
}

std::string dump(const bytes& b) {
  std::string out;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i != 0) out += ' ';
    out += to_hex(&b[i], 1);
  }
  return out;
}

const std::string_view golden_grq_minimal_hex =
  "00 00 00 00 06 00 08 91 4a 00 04 00 c0 00 02 0a 06 b7 02 00";

const std::string_view golden_grq_hex =
  "02 20 00 00 06 00 08 91 4a 00 04 00 c0 00 02 0a 06 b7 02 00 01 40 03 00 31 00 30 00 30 00 31 "
  "16 30 40 03 03 21 00 13 02 07 00 08 81 6b 00 02 06 09 60 86 48 01 65 03 04 01 02 01 00";

const std::string_view golden_grj_hex =
  "0a 80 00 00 06 00 08 91 4a 00 04 04 00 53 00 53 00 31 80 01 00 0a 80 2d 01 4d 00 07 00 08 81 "
  "6b 00 02 01 c0 65 53 f0 ff 10 8f 3c 1a 9d 2b 7e 4f 60 a1 c5 d9 e8 b7 a6 f5 e4 04 12 34 ab cd "
  "04 00 53 00 53 00 31";

const std::string_view golden_rrq_hex =
  "0e c0 00 01 06 00 08 91 4a 00 04 00 01 00 c0 00 02 0a 06 b8 01 00 c0 00 02 0a 06 b7 02 00 01 "
  "40 03 00 31 00 30 00 30 00 31 04 00 53 00 53 00 31 60 26 00 12 34 06 4e 47 4e 2d 45 4d 55 02 "
  "31 2e 30 34 eb 00 02 00 03 40 0e 0f 2d 01 4d 00 07 00 08 81 6b 00 02 01 c0 65 53 f1 00 10 8f "
  "3c 1a 9d 2b 7e 4f 60 a1 c5 d9 e8 b7 a6 f5 e4 04 12 34 ab cd 04 00 53 00 53 00 31 2c 01 04 03 "
  "00 31 00 30 00 30 00 31 c0 65 53 f1 00 08 2a 86 48 86 f7 0d 02 05 00 80 80 13 f9 13 04 0d ca "
  "2c 9a fa fa 2c 74 37 b6 8a 77 01 00 01 00 01 00 01 00";

const std::string_view golden_rcf_hex =
  "12 c0 00 01 06 00 08 91 4a 00 04 01 00 c0 00 02 01 06 b8 01 40 03 00 31 00 30 00 30 00 31 04 "
  "00 53 00 53 00 31 0c 00 45 00 50 00 2d 00 31 00 30 00 30 00 31 26 ea 00 00 03 40 0e 0f 68 01 "
  "c5 00 07 00 08 81 6b 00 02 05 c0 65 53 f1 01 04 12 34 ab ce 06 00 31 00 30 00 30 00 31 06 c0 "
  "07 04 00 53 00 53 00 31 3f 20 09 60 86 48 01 65 03 04 01 02 80 a0 10 00 01 02 03 04 05 06 07 "
  "08 09 0a 0b 0c 0d 0e 0f 20 3a 91 c2 d4 e5 f6 07 18 29 3a 4b 5c 6d 7e 8f 90 a1 b2 c3 d4 e5 f6 "
  "07 18 29 3a 4b 5c 6d 7e 8f 9a 4d 01 74 07 00 08 81 6b 00 02 01 c5 00 07 00 08 81 6b 00 02 05 "
  "c0 65 53 f1 01 04 12 34 ab ce 06 00 31 00 30 00 30 00 31 06 80 0d 0a 00 50 00 52 00 4f 00 58 "
  "00 59 00 31 07 00 08 81 6b 00 02 06 00 60 2b 7e 15 16 28 ae d2 a6 ab f7 15 88 01 00 01 00";

const std::string_view golden_urq_hex =
  "1b 40 00 02 01 00 c0 00 02 0a 06 b8 01 40 03 00 31 00 30 00 30 00 31 0c 00 45 00 50 00 2d 00 "
  "31 00 30 00 30 00 31 14 88 00 07 04 00 53 00 53 00 31 01 40";

const std::string_view golden_ucf_hex = "1c 00 02";

const std::string_view golden_urj_hex = "20 00 02 81 01 00";

object_identifier oid(std::string_view dotted) {
  auto o = parse_oid(dotted);
  if (!o) throw std::invalid_argument("bad OID in test data");
  return *o;
}

transport_address ipv4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d,
                       std::uint16_t port) {
  return ip_address{{a, b, c, d}, port};
}

bytes challenge16() {
  return hex("8f 3c 1a 9d 2b 7e 4f 60 a1 c5 d9 e8 b7 a6 f5 e4");
}

namespace {

endpoint_type terminal_endpoint() {
  endpoint_type t;
  t.terminal = terminal_info{};
  return t;
}

/// The gatekeeper's challenge (H.235.1 clear token, OID ...2.1) sent at `time_stamp`.
clear_token gatekeeper_challenge_token(std::uint32_t time_stamp) {
  clear_token t;
  t.token_oid = oid("0.0.8.235.0.2.1");
  t.time_stamp = time_stamp;
  t.challenge = challenge16();
  t.random = 0x1234abcd;
  t.general_id = u"SS1";
  return t;
}

} // namespace

gatekeeper_request golden_grq_minimal_model() {
  gatekeeper_request m;
  m.request_seq_num = 1;
  m.protocol_identifier = h225_protocol_identifier(4);
  m.ras_address = ipv4(192, 0, 2, 10, 1719);
  m.endpoint_type = terminal_endpoint();
  return m;
}

gatekeeper_request golden_grq_model() {
  gatekeeper_request m = golden_grq_minimal_model();
  m.endpoint_alias = std::vector<alias_address>{h323_id{u"1001"}};
  m.authentication_capability = std::vector<authentication_mechanism>{
    auth_mechanism::pwd_hash, auth_mechanism::pwd_sym_enc, auth_mechanism::dh_exch};
  m.algorithm_oids =
    std::vector<object_identifier>{oid("0.0.8.235.0.2.6"), oid("2.16.840.1.101.3.4.1.2")};
  m.supports_assigned_gk = false;
  return m;
}

gatekeeper_reject golden_grj_model() {
  gatekeeper_reject m;
  m.request_seq_num = 1;
  m.protocol_identifier = h225_protocol_identifier(4);
  m.gatekeeper_identifier = u"SS1";
  m.reject_reason = gatekeeper_reject_code::security_denial;
  m.tokens = std::vector<clear_token>{gatekeeper_challenge_token(1700000000)};
  return m;
}

registration_request golden_rrq_model() {
  registration_request m;
  m.request_seq_num = 2;
  m.protocol_identifier = h225_protocol_identifier(4);
  m.discovery_complete = false;
  m.call_signal_address = {ipv4(192, 0, 2, 10, 1720)};
  m.ras_address = {ipv4(192, 0, 2, 10, 1719)};
  m.terminal_type = terminal_endpoint();
  m.terminal_alias = std::vector<alias_address>{h323_id{u"1001"}};
  m.gatekeeper_identifier = u"SS1";
  m.endpoint_vendor.vendor = h221_non_standard{38, 0, 0x1234, {}};
  m.endpoint_vendor.product_id = bytes{'N', 'G', 'N', '-', 'E', 'M', 'U'};
  m.endpoint_vendor.version_id = bytes{'1', '.', '0'};
  m.time_to_live = 3600;
  m.tokens = std::vector<clear_token>{gatekeeper_challenge_token(1700000001)};
  crypto_ep_pwd_hash h;
  h.alias = h323_id{u"1001"};
  h.time_stamp = 1700000001;
  h.token.algorithm_oid = oid("1.2.840.113549.2.5");  // md5
  h.token.hash = make_bit_string(hex("13 f9 13 04 0d ca 2c 9a fa fa 2c 74 37 b6 8a 77"));
  m.crypto_tokens = std::vector<crypto_h323_token>{h};
  return m;
}

registration_confirm golden_rcf_model() {
  registration_confirm m;
  m.request_seq_num = 2;
  m.protocol_identifier = h225_protocol_identifier(4);
  m.call_signal_address = {ipv4(192, 0, 2, 1, 1720)};
  m.terminal_alias = std::vector<alias_address>{h323_id{u"1001"}};
  m.gatekeeper_identifier = u"SS1";
  m.endpoint_identifier = u"EP-1001";
  m.time_to_live = 3600;
  clear_token t;
  t.token_oid = oid("0.0.8.235.0.2.5");
  t.time_stamp = 1700000002;
  t.random = 0x1234abce;
  t.general_id = u"1001";
  t.senders_id = u"SS1";
  encrypted key;
  key.algorithm_oid = oid("2.16.840.1.101.3.4.1.2");  // id-aes128-CBC
  key.param_s.iv16 = std::array<std::uint8_t, 16>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  key.encrypted_data = hex("3a 91 c2 d4 e5 f6 07 18 29 3a 4b 5c 6d 7e 8f 90 a1 b2 c3 d4 e5 f6 07 18 "
                           "29 3a 4b 5c 6d 7e 8f 9a");
  t.h235_key = key;
  m.tokens = std::vector<clear_token>{t};
  crypto_hashed_token mac;
  mac.token_oid = oid("0.0.8.235.0.2.1");
  mac.hashed_vals.token_oid = oid("0.0.8.235.0.2.5");
  mac.hashed_vals.time_stamp = 1700000002;
  mac.hashed_vals.random = 0x1234abce;
  mac.hashed_vals.general_id = u"1001";
  mac.hashed_vals.senders_id = u"PROXY1";
  mac.token.algorithm_oid = oid("0.0.8.235.0.2.6");  // HMAC-SHA1-96
  mac.token.hash = make_bit_string(hex("2b 7e 15 16 28 ae d2 a6 ab f7 15 88"));
  m.crypto_tokens = std::vector<crypto_h323_token>{crypto_token{mac}};
  return m;
}

unregistration_request golden_urq_model() {
  unregistration_request m;
  m.request_seq_num = 3;
  m.call_signal_address = {ipv4(192, 0, 2, 10, 1720)};
  m.endpoint_alias = std::vector<alias_address>{h323_id{u"1001"}};
  m.endpoint_identifier = u"EP-1001";
  m.gatekeeper_identifier = u"SS1";
  m.reason = unreg_request_code::security_denial;
  return m;
}

unregistration_confirm golden_ucf_model() {
  unregistration_confirm m;
  m.request_seq_num = 3;
  return m;
}

unregistration_reject golden_urj_model() {
  unregistration_reject m;
  m.request_seq_num = 3;
  m.reject_reason = unreg_reject_code::security_denial;
  return m;
}

std::vector<golden> goldens() {
  return {
    {"GRQ minimal (§5.4)", hex(golden_grq_minimal_hex), golden_grq_minimal_model()},
    {"GRQ (§5.5)", hex(golden_grq_hex), golden_grq_model()},
    {"GRJ (§5.5)", hex(golden_grj_hex), golden_grj_model()},
    {"RRQ (§5.5)", hex(golden_rrq_hex), golden_rrq_model()},
    {"RCF (§5.5)", hex(golden_rcf_hex), golden_rcf_model()},
    {"URQ", hex(golden_urq_hex), golden_urq_model()},
    {"UCF", hex(golden_ucf_hex), golden_ucf_model()},
    {"URJ", hex(golden_urj_hex), golden_urj_model()},
  };
}

} // namespace ngn::ras::test

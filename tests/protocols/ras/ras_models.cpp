// Constructed RAS models for the round-trip, robustness and fuzz tests: every optional field
// present ("full", covering each CHOICE alternative) or absent ("minimal").
#include "tests/protocols/ras/ras_samples.hpp"

namespace ngn::ras::test {

namespace {

non_standard_parameter full_non_standard() {
  return non_standard_parameter{h221_non_standard{181, 0, 21324, {}}, bytes{1, 2, 3}};
}

endpoint_type full_endpoint_type() {
  endpoint_type t;
  t.non_standard_data = non_standard_parameter{oid("1.3.6.1.4.1.9"), bytes{}};
  vendor_identifier v;
  v.vendor = h221_non_standard{38, 1, 65535, {unknown_extension{0, bytes{0x42}}}};
  v.product_id = bytes{'p'};
  v.version_id = bytes{'1', '.', '0'};
  v.enterprise_number = oid("1.3.6.1.4.1.99999");
  t.vendor = v;
  t.gatekeeper = gatekeeper_info{full_non_standard(), {}};
  t.gateway = gateway_info{std::nullopt, {unknown_extension{1, bytes{0xAA, 0xBB}}}};
  t.mcu = mcu_info{std::nullopt, {unknown_extension{0, bytes{0x00}}}};
  t.terminal = terminal_info{full_non_standard(), {}};
  t.mc = true;
  t.undefined_node = true;
  t.set = 0x80000001u;
  t.extensions = {unknown_extension{1, bytes{0x01, 0x00}}};
  return t;
}

std::vector<alias_address> all_aliases() {
  return {dialled_digits{"0123456789#*,"},
          h323_id{u"\u00e9t\u00e9"},
          url_id{"h323:1001@example.net"},
          transport_id{ip6_address{{0x20, 0x01, 0x0d, 0xb8}, 1720, {}}},
          email_id{"user@example.net"},
          unknown_alternative{3, bytes{0x01, 0x02}}};
}

std::vector<crypto_h323_token> all_crypto_tokens() {
  crypto_ep_pwd_hash ep;
  ep.alias = dialled_digits{"1001"};
  ep.time_stamp = 0xFFFFFFFFu;
  ep.token = full_hashed();
  crypto_gk_pwd_hash gk;
  gk.gatekeeper_id = u"SS1";
  gk.time_stamp = 1;
  gk.token = full_hashed();
  crypto_encrypted_token enc{oid("0.0.8.235.0.2.7"), full_encrypted()};
  crypto_hashed_token mac{oid("0.0.8.235.0.2.1"), full_clear_token(), full_hashed()};
  return {ep,
          gk,
          crypto_ep_pwd_encr{full_encrypted()},
          crypto_gk_pwd_encr{full_encrypted()},
          crypto_token{enc},
          crypto_token{mac},
          crypto_token{full_encrypted()},
          crypto_token{unknown_alternative{0, bytes{0x00}}},
          unknown_alternative{5, bytes{0x12, 0x34}}};
}

std::vector<authentication_mechanism> all_mechanisms() {
  return {auth_mechanism::dh_exch, auth_mechanism::pwd_sym_enc, auth_mechanism::pwd_hash,
          auth_mechanism::cert_sign, auth_mechanism::ipsec, auth_mechanism::tls,
          h235_non_standard_parameter{oid("1.2.3.4"), bytes{9}},
          key_exch{oid("0.0.8.235.0.3.24")},
          unknown_alternative{0, bytes{0x00}}};
}

icv full_icv() {
  return icv{oid("0.0.8.235.0.2.6"), bit_string{bytes{0xAB, 0xC0}, 10}};
}

std::vector<generic_data> all_generic_data() {
  generic_data g = priorities_generic_data();
  generic_data h;
  h.id = generic_standard{20000};  // outside the root 0..16383: extension encoding
  h.parameters = std::vector<enumerated_parameter>{
    {generic_non_standard{{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}},
     content{content_raw{bytes{1, 2}}}, {}},
    {generic_standard{0}, content{content_text{"text"}}, {}},
    {generic_standard{1}, content{content_unicode{u"\u043f\u0440\u0438"}}, {}},
    {generic_standard{2}, content{content_bool{true}}, {}},
    {generic_standard{3}, content{content_number16{65535}}, {}},
    {generic_standard{4}, content{content_number32{0xFFFFFFFFu}}, {}},
    {generic_standard{5}, content{content_id{oid("1.2.3")}}, {}},
    {generic_standard{6}, content{content_alias{h323_id{u"a"}}}, {}},
    {generic_standard{7}, content{content_transport{ipv4(10, 0, 0, 1, 0)}}, {}},
    {generic_standard{8}, content{unknown_alternative{2, bytes{0x00}}}, {}},
    {unknown_alternative{0, bytes{0x05}}, std::nullopt, {unknown_extension{2, bytes{0x00}}}},
  };
  h.extensions = {unknown_extension{0, bytes{0x7F}}};
  generic_data i;
  i.id = generic_standard{-1};
  return {g, h, i};
}

} // namespace

clear_token full_clear_token() {
  clear_token t;
  t.token_oid = oid("0.0.8.235.0.2.1");
  t.time_stamp = 1700000000;
  t.password = u"secret";
  t.dhkey = dh_set{bit_string{bytes{0xF8}, 5}, bit_string{}, make_bit_string(bytes(16, 0x11)),
                   {unknown_extension{0, bytes{0x33}}}};
  t.challenge = bytes(8, 0x5A);
  t.random = -2;
  t.certificate = typed_certificate{oid("1.2.840.10045.2.1"), bytes{0x30, 0x00},
                                    {unknown_extension{3, bytes{0x01}}}};
  t.general_id = u"1001";
  t.non_standard = h235_non_standard_parameter{oid("1.2.3"), bytes{0, 1, 2, 3}};
  t.senders_id = u"SS1";
  t.h235_key = bit_string{bytes{0xFF, 0x80}, 9};
  t.extensions = {unknown_extension{0, bytes{0x80, 0x01}}, unknown_extension{3, bytes{0x01, 0x00}},
                  unknown_extension{7, bytes{0x99}}};
  return t;
}

hashed full_hashed() {
  hashed h;
  h.algorithm_oid = oid("0.0.8.235.0.2.6");
  h.param_s.ran_int = 305441741;
  h.param_s.iv8 = std::array<std::uint8_t, 8>{8, 7, 6, 5, 4, 3, 2, 1};
  h.hash = make_bit_string(bytes(12, 0xC3));
  return h;
}

encrypted full_encrypted() {
  encrypted e;
  e.algorithm_oid = oid("2.16.840.1.101.3.4.1.2");
  e.param_s.ran_int = -129;
  e.param_s.iv16 = std::array<std::uint8_t, 16>{};
  e.param_s.iv = bytes(20, 0x01);
  e.param_s.clear_salt = bytes{0xCA, 0xFE};
  e.param_s.extensions = {unknown_extension{5, bytes{0x00}}};
  e.encrypted_data = bytes(16, 0xE5);
  return e;
}

generic_data priorities_generic_data() {
  generic_data g;
  g.id = oid("1.3.6.1.4.1.99999.1");
  g.parameters = std::vector<enumerated_parameter>{
    {generic_standard{1}, content{content_number8{3}}, {}},   // aes-gcm, priority 3
    {generic_standard{2}, content{content_number8{2}}, {}},   // hmac-sha256, priority 2
    {generic_standard{3}, content{content_number8{1}}, {}},   // null, priority 1
  };
  return g;
}

/// The optional fields most RAS messages share, filled: nonStandardData, one clear token of
/// every field, every crypto token, the integrity check value, the priorities' genericData.
template <class M>
void fill_security_fields(M& m) {
  m.non_standard_data = full_non_standard();
  m.tokens = std::vector<clear_token>{full_clear_token()};
  m.crypto_tokens = all_crypto_tokens();
  m.integrity_check_value = full_icv();
  m.generic_data = std::vector<generic_data>{priorities_generic_data()};
}

gatekeeper_request full_grq() {
  gatekeeper_request m;
  m.request_seq_num = 65535;
  m.protocol_identifier = h225_protocol_identifier(7);
  m.non_standard_data = full_non_standard();
  m.ras_address = ip6_address{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 1719,
                              {unknown_extension{0, bytes{0x01}}}};
  m.endpoint_type = full_endpoint_type();
  m.gatekeeper_identifier = std::u16string(128, u'G');
  m.call_services = qseries_options{true, false, true, false, true, false, true,
                                    q954_details{true, false, {unknown_extension{0, bytes{1}}}},
                                    {unknown_extension{1, bytes{2}}}};
  m.endpoint_alias = all_aliases();
  m.endpoint_alias->push_back(h323_id{std::u16string(256, u'\u00e9')});  // upper bounds
  m.endpoint_alias->push_back(dialled_digits{std::string(128, '9')});
  clear_token longest = full_clear_token();
  longest.challenge = bytes(128, 0x5A);
  longest.senders_id = std::u16string(128, u'x');
  longest.h235_key = full_encrypted();
  std::get<encrypted>(*longest.h235_key).encrypted_data = bytes(200, 0xE5);  // 2-octet length
  m.tokens = std::vector<clear_token>{full_clear_token(), longest,
                                      golden_grj_model().tokens->front()};
  m.crypto_tokens = all_crypto_tokens();
  m.authentication_capability = all_mechanisms();
  m.algorithm_oids = std::vector<object_identifier>{oid("2.999.4294967295"), oid("0.39")};
  m.integrity_check_value = full_icv();
  m.supports_alt_gk = true;
  m.generic_data = all_generic_data();
  m.supports_assigned_gk = true;
  m.extensions = {unknown_extension{0, bytes{0x00}}, unknown_extension{5, bytes{0x01, 0x02}},
                  unknown_extension{8, bytes{0x00}}, unknown_extension{11, bytes{0x03}},
                  unknown_extension{40, bytes{0xFF}}};
  return m;
}

gatekeeper_confirm full_gcf() {
  gatekeeper_confirm m;
  m.request_seq_num = 7;
  m.protocol_identifier = h225_protocol_identifier(4);
  m.non_standard_data = full_non_standard();
  m.gatekeeper_identifier = u"SS1";
  m.ras_address = ipv4(192, 0, 2, 1, 1719);
  m.authentication_mode = key_exch{oid("0.0.8.235.0.3.24")};
  m.tokens = std::vector<clear_token>{full_clear_token()};
  m.crypto_tokens = all_crypto_tokens();
  m.algorithm_oid = oid("2.16.840.1.101.3.4.1.2");
  m.integrity_check_value = full_icv();
  m.generic_data = std::vector<generic_data>{priorities_generic_data()};
  m.extensions = {unknown_extension{10, bytes{0x00}}};
  return m;
}

gatekeeper_reject full_grj() {
  gatekeeper_reject m = golden_grj_model();
  m.non_standard_data = full_non_standard();
  m.reject_reason = security_errors{security_error::security_wrong_general_id};
  m.crypto_tokens = all_crypto_tokens();
  m.integrity_check_value = full_icv();
  m.generic_data = std::vector<generic_data>{priorities_generic_data()};
  m.extensions = {unknown_extension{0, bytes{0x00}}, unknown_extension{4, bytes{0x00}}};
  return m;
}

registration_request full_rrq() {
  registration_request m = golden_rrq_model();
  m.non_standard_data = full_non_standard();
  m.discovery_complete = true;
  m.call_signal_address.push_back(ip6_address{});
  m.ras_address.push_back(unknown_alternative{0, bytes{0x00}});
  m.terminal_type = full_endpoint_type();
  m.terminal_alias = all_aliases();
  m.endpoint_vendor.enterprise_number = oid("1.3.6.1.4.1.1");
  m.time_to_live = 0xFFFFFFFFu;
  m.crypto_tokens = all_crypto_tokens();
  m.integrity_check_value = full_icv();
  m.keep_alive = true;
  m.endpoint_identifier = u"EP-1001";
  m.will_supply_uuies = true;
  m.maintain_connection = true;
  m.additive_registration = true;
  m.supports_alt_gk = true;
  m.multiple_calls = false;
  m.generic_data = all_generic_data();
  m.restart = true;
  m.supports_acf_sequences = true;
  m.supports_assigned_gk = true;
  m.extensions = {unknown_extension{0, bytes{0x00}}, unknown_extension{9, bytes{0x00}},
                  unknown_extension{26, bytes{0x01, 0x02, 0x03}}, unknown_extension{27, bytes{0x04}}};
  return m;
}

registration_confirm full_rcf() {
  registration_confirm m = golden_rcf_model();
  m.non_standard_data = full_non_standard();
  m.call_signal_address.push_back(ipv4(10, 0, 0, 2, 1720));
  m.terminal_alias = all_aliases();
  m.tokens->push_back(full_clear_token());
  m.crypto_tokens = all_crypto_tokens();
  m.integrity_check_value = full_icv();
  m.will_respond_to_irr = true;
  m.maintain_connection = true;
  m.supports_additive_registration = true;
  m.feature_server_alias = url_id{"h323:features@example.net"};
  m.generic_data = std::vector<generic_data>{priorities_generic_data()};
  m.extensions = {unknown_extension{6, bytes{0x40}}, unknown_extension{19, bytes{0x00}}};
  return m;
}

registration_reject full_rrj() {
  registration_reject m;
  m.request_seq_num = 2;
  m.protocol_identifier = h225_protocol_identifier(4);
  m.reject_reason = duplicate_alias{all_aliases()};
  m.gatekeeper_identifier = u"SS1";
  fill_security_fields(m);
  m.extensions = {unknown_extension{6, bytes{0x00}}};
  return m;
}

unregistration_request full_urq() {
  unregistration_request m = golden_urq_model();
  m.call_signal_address.push_back(ip6_address{});
  m.endpoint_alias = all_aliases();
  m.non_standard_data = full_non_standard();
  m.tokens = std::vector<clear_token>{full_clear_token()};
  m.crypto_tokens = all_crypto_tokens();
  m.integrity_check_value = full_icv();
  m.reason = unknown_alternative{1, bytes{0x00}};  // securityError (SecurityErrors2), verbatim
  m.generic_data = all_generic_data();
  m.extensions = {unknown_extension{0, bytes{0x00}}, unknown_extension{6, bytes{0x01}},
                  unknown_extension{10, bytes{0x02, 0x03}}, unknown_extension{12, bytes{0x04}}};
  return m;
}

unregistration_confirm full_ucf() {
  unregistration_confirm m;
  m.request_seq_num = 65535;
  fill_security_fields(m);
  m.extensions = {unknown_extension{4, bytes{0x00}}};
  return m;
}

unregistration_reject full_urj() {
  unregistration_reject m;
  m.request_seq_num = 1;
  m.reject_reason = unknown_alternative{2, bytes{0x20}};  // securityError, verbatim
  fill_security_fields(m);
  m.extensions = {unknown_extension{0, bytes{0x00}}, unknown_extension{5, bytes{0x07}}};
  return m;
}

/// A message with only its protocolIdentifier set, to H.225.0 version 4.
template <class M>
M h225_v4() {
  M m;
  m.protocol_identifier = h225_protocol_identifier(4);
  return m;
}

gatekeeper_request minimal_grq() { return golden_grq_minimal_model(); }

gatekeeper_confirm minimal_gcf() {
  auto m = h225_v4<gatekeeper_confirm>();
  m.ras_address = ipv4(192, 0, 2, 1, 1719);
  return m;
}

gatekeeper_reject minimal_grj() {
  auto m = h225_v4<gatekeeper_reject>();
  m.reject_reason = gatekeeper_reject_code::resource_unavailable;
  return m;
}

registration_request minimal_rrq() {
  return h225_v4<registration_request>();  // empty address lists and EndpointType are valid
}

registration_confirm minimal_rcf() {
  auto m = h225_v4<registration_confirm>();
  m.endpoint_identifier = u"E";
  return m;
}

registration_reject minimal_rrj() {
  auto m = h225_v4<registration_reject>();
  m.reject_reason = registration_reject_code::discovery_required;
  return m;
}

unregistration_request minimal_urq() { return unregistration_request{}; }

unregistration_confirm minimal_ucf() { return unregistration_confirm{}; }

unregistration_reject minimal_urj() {
  unregistration_reject m;
  m.reject_reason = unreg_reject_code::not_currently_registered;
  return m;
}

std::vector<std::pair<std::string, ras_message>> full_models() {
  return {
    {"full GRQ", full_grq()}, {"full GCF", full_gcf()}, {"full GRJ", full_grj()},
    {"full RRQ", full_rrq()}, {"full RCF", full_rcf()}, {"full RRJ", full_rrj()},
    {"full URQ", full_urq()}, {"full UCF", full_ucf()}, {"full URJ", full_urj()},
  };
}

std::vector<std::pair<std::string, ras_message>> constructed_models() {
  auto models = full_models();
  models.insert(models.end(), {
    {"minimal GRQ", minimal_grq()}, {"minimal GCF", minimal_gcf()}, {"minimal GRJ", minimal_grj()},
    {"minimal RRQ", minimal_rrq()}, {"minimal RCF", minimal_rcf()}, {"minimal RRJ", minimal_rrj()},
    {"minimal URQ", minimal_urq()}, {"minimal UCF", minimal_ucf()}, {"minimal URJ", minimal_urj()},
  });
  return models;
}

} // namespace ngn::ras::test

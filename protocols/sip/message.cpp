// Model helpers: parameter access, equality, response building.
#include "protocols/sip/message.hpp"

#include "protocols/common/mechanism.hpp"

#include "protocols/sip/lexer.hpp"
#include "protocols/sip/sec_agree.hpp"

namespace ngn::sip {

using detail::iequals;

const param* find_param(const std::vector<param>& params, std::string_view name) noexcept {
  for (const auto& p : params)
    if (iequals(p.name, name)) return &p;
  return nullptr;
}

param* find_param(std::vector<param>& params, std::string_view name) noexcept {
  for (auto& p : params)
    if (iequals(p.name, name)) return &p;
  return nullptr;
}

void set_param(std::vector<param>& params, std::string_view name, std::string_view value,
               bool quoted) {
  param* p = find_param(params, name);
  if (p == nullptr) {
    p = &params.emplace_back();
    p->name.assign(name.data(), name.size());
  }
  p->value.assign(value.data(), value.size());
  p->quoted = quoted;
  p->has_value = quoted || !value.empty();
}

void erase_param(std::vector<param>& params, std::string_view name) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (iequals(params[i].name, name)) continue;
    if (out != i) params[out] = std::move(params[i]);
    ++out;
  }
  params.resize(out);
}

std::string_view via::branch() const noexcept {
  const param* p = find_param(params, "branch");
  return p != nullptr ? std::string_view{p->value} : std::string_view{};
}

std::string_view name_addr::tag() const noexcept {
  const param* p = find_param(params, "tag");
  return p != nullptr ? std::string_view{p->value} : std::string_view{};
}

std::optional<std::uint16_t> sec_mechanism::q_milli() const noexcept {
  const param* p = find_param(params, "q");
  if (p == nullptr || !p->has_value) return std::nullopt;
  return ngn::parse_qvalue(p->value);
}

const param* auth_params::get(std::string_view name) const noexcept { return find_param(params, name); }

std::string_view auth_params::value(std::string_view name) const noexcept {
  const param* p = get(name);
  return p != nullptr ? std::string_view{p->value} : std::string_view{};
}

void auth_params::set(std::string_view name, std::string_view value, bool quoted) {
  set_param(params, name, value, quoted);
  // An auth-param always has a value (RFC 3261 §25.1 auth-param = token EQUAL ...).
  find_param(params, name)->has_value = true;
}

const header* message::find_other(std::string_view name) const noexcept {
  for (const auto& h : other)
    if (iequals(h.name, name)) return &h;
  return nullptr;
}

bool operator==(const param& a, const param& b) noexcept {
  return a.name == b.name && a.value == b.value && a.has_value == b.has_value && a.quoted == b.quoted;
}

bool operator==(const via& a, const via& b) noexcept {
  return a.transport == b.transport && a.host == b.host && a.port == b.port && a.params == b.params;
}

bool operator==(const name_addr& a, const name_addr& b) noexcept {
  return a.display == b.display && a.uri == b.uri && a.params == b.params && a.angle == b.angle;
}

bool operator==(const cseq& a, const cseq& b) noexcept {
  return a.number == b.number && a.method == b.method;
}

bool operator==(const sec_mechanism& a, const sec_mechanism& b) noexcept {
  return a.name == b.name && a.params == b.params;
}

bool operator==(const auth_params& a, const auth_params& b) noexcept {
  return a.scheme == b.scheme && a.params == b.params;
}

bool operator==(const header& a, const header& b) noexcept {
  return a.name == b.name && a.value == b.value;
}

bool operator==(const message& a, const message& b) noexcept {
  return a.is_request == b.is_request && a.method == b.method && a.request_uri == b.request_uri
         && a.status == b.status && a.reason == b.reason && a.vias == b.vias
         && a.max_forwards == b.max_forwards && a.from == b.from && a.to == b.to
         && a.call_id == b.call_id && a.cseq == b.cseq && a.contacts == b.contacts
         && a.contact_star == b.contact_star && a.expires == b.expires
         && a.www_authenticate == b.www_authenticate && a.authorization == b.authorization
         && a.authentication_info == b.authentication_info && a.require == b.require
         && a.proxy_require == b.proxy_require && a.supported == b.supported
         && a.security_client == b.security_client && a.security_server == b.security_server
         && a.security_verify == b.security_verify && a.other == b.other && a.body == b.body;
}

message make_response(const message& request, int status, std::string_view reason) {
  // RFC 3261 §8.2.6.2: From, Call-ID, CSeq and Via copied (Via in order); To copied.
  message r;
  r.is_request = false;
  r.status = status;
  r.reason.assign(reason.data(), reason.size());
  r.vias = request.vias;
  r.from = request.from;
  r.to = request.to;
  r.call_id = request.call_id;
  r.cseq = request.cseq;
  return r;
}

void set_tag(name_addr& addr, std::string_view tag) { set_param(addr.params, "tag", tag, false); }

std::string_view default_reason(int status) noexcept {
  switch (status) {
    case 100: return "Trying";
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 420: return "Bad Extension";
    case 421: return "Extension Required";
    case 423: return "Interval Too Brief";
    case 481: return "Call/Transaction Does Not Exist";
    case 483: return "Too Many Hops";
    case 494: return "Security Agreement Required"; // RFC 3329 §6
    case 500: return "Server Internal Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 504: return "Server Time-out";
    case 505: return "Version Not Supported";
    default: return {};
  }
}

} // namespace ngn::sip
